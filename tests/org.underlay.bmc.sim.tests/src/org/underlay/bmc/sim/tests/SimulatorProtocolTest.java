package org.underlay.bmc.sim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.underlay.bmc.sim.redfish.Main;
import org.underlay.bmc.sim.redfish.RedfishSimulator;
import org.underlay.bmc.sim.redfish.SimulatorConfig;
import org.underlay.bmc.sim.redfish.SimulatorConfig.Role;

import com.google.gson.JsonObject;

/** The simulator's Redfish behaviour on the wire, checked with plain HTTP requests. */
class SimulatorProtocolTest {

	static final String PASSWORD = "sim-test-only-Pw1";
	private RedfishSimulator sim;

	private RedfishSimulator start(SimulatorConfig.Builder b) throws Exception {
		sim = RedfishSimulator.start(b.user("admin", PASSWORD, Role.Administrator)
				.user("operator", PASSWORD + "op", Role.Operator).user("viewer", PASSWORD + "ro", Role.ReadOnly)
				.build());
		return sim;
	}

	@AfterEach
	void stop() {
		if (sim != null) {
			sim.stop();
		}
	}

	@Test
	void serviceRootNeedsNoAuthenticationEverythingElseDoes() throws Exception {
		start(SimulatorConfig.builder().systems(2));
		RawRedfish http = new RawRedfish(sim.baseUri());
		RawRedfish.Reply root = http.get("/redfish/v1/");
		assertEquals(200, root.status());
		assertEquals("/redfish/v1/SessionService/Sessions",
				root.json().getAsJsonObject("Links").getAsJsonObject("Sessions").get("@odata.id").getAsString());
		assertEquals("4.0", root.header("OData-Version"));
		assertEquals("/redfish/v1/", http.get("/redfish").json().get("v1").getAsString());

		RawRedfish.Reply denied = http.get("/redfish/v1/Systems");
		assertEquals(401, denied.status());
		assertEquals("Base.1.8.NoValidSession", denied.messageId());
		assertNotNull(denied.header("WWW-Authenticate"));
		assertEquals(401, http.basic("admin", "wrong").get("/redfish/v1/Systems").status());
		assertEquals(401, http.token("not-a-token").get("/redfish/v1/Systems").status());

		JsonObject systems = http.basic("admin", PASSWORD).get("/redfish/v1/Systems").json();
		assertEquals(2, systems.get("Members@odata.count").getAsInt());
		assertEquals("/redfish/v1/Systems/2",
				systems.getAsJsonArray("Members").get(1).getAsJsonObject().get("@odata.id").getAsString());
	}

	@Test
	void sessionsHaveTokensLocationsACapAndLogout() throws Exception {
		start(SimulatorConfig.builder().maxSessions(2));
		RawRedfish http = new RawRedfish(sim.baseUri());
		String login = "{\"UserName\":\"admin\",\"Password\":\"" + PASSWORD + "\"}";
		RawRedfish.Reply s1 = http.post("/redfish/v1/SessionService/Sessions", login);
		assertEquals(201, s1.status());
		String token = s1.header("X-Auth-Token");
		String location = s1.header("Location");
		assertTrue(location.startsWith("/redfish/v1/SessionService/Sessions/"), location);
		assertEquals(s1.json().get("@odata.id").getAsString(), location);
		assertFalse(s1.response().body().contains(PASSWORD), "the session resource must not echo the password");
		assertEquals(201, http.post("/redfish/v1/SessionService/Sessions", login).status());
		RawRedfish.Reply third = http.post("/redfish/v1/SessionService/Sessions", login);
		assertEquals(503, third.status());
		assertEquals("Base.1.8.SessionLimitExceeded", third.messageId());
		assertEquals(2, sim.sessionCount());

		RawRedfish.Reply wrong = http.post("/redfish/v1/SessionService/Sessions",
				"{\"UserName\":\"admin\",\"Password\":\"nope\"}");
		assertEquals(401, wrong.status());

		http.token(token);
		assertEquals(200, http.get("/redfish/v1/Systems/1").status());
		assertEquals(2, http.get("/redfish/v1/SessionService/Sessions").json().get("Members@odata.count")
				.getAsInt());
		assertEquals(204, http.delete(location).status());
		assertEquals(1, sim.sessionCount());
		assertEquals(401, http.get("/redfish/v1/Systems/1").status(), "a deleted session's token is dead");
		assertEquals(400, http.anonymous().post("/redfish/v1/SessionService/Sessions", "{\"UserName\":\"admin\"}")
				.status());
		assertEquals(400, http.post("/redfish/v1/SessionService/Sessions", "not json").status());
	}

	@Test
	void idleSessionsExpire() throws Exception {
		start(SimulatorConfig.builder().sessionTimeout(Duration.ofMillis(300)));
		RawRedfish http = new RawRedfish(sim.baseUri());
		RawRedfish.Reply s = http.post("/redfish/v1/SessionService/Sessions",
				"{\"UserName\":\"admin\",\"Password\":\"" + PASSWORD + "\"}");
		http.token(s.header("X-Auth-Token"));
		for (int i = 0; i < 4; i++) {
			Thread.sleep(150);
			assertEquals(200, http.get("/redfish/v1/Systems/1").status(), "use keeps a session alive");
		}
		Thread.sleep(400);
		assertEquals(401, http.get("/redfish/v1/Systems/1").status());
		assertEquals(0, sim.sessionCount());
	}

	@Test
	void resetAcceptsOnlyTheAllowableValuesAndPowerTakesTime() throws Exception {
		start(SimulatorConfig.builder().resetTypes(List.of("On", "ForceOff", "GracefulShutdown"))
				.powerTransitionDelay(Duration.ofMillis(400)));
		RawRedfish http = new RawRedfish(sim.baseUri()).basic("operator", PASSWORD + "op");
		JsonObject system = http.get("/redfish/v1/Systems/1").json();
		JsonObject reset = system.getAsJsonObject("Actions").getAsJsonObject("#ComputerSystem.Reset");
		assertEquals("/redfish/v1/Systems/1/Actions/ComputerSystem.Reset", reset.get("target").getAsString());
		assertEquals(Set.of("On", "ForceOff", "GracefulShutdown"), reset.getAsJsonArray(
				"ResetType@Redfish.AllowableValues").asList().stream().map(e -> e.getAsString())
				.collect(Collectors.toSet()));
		assertEquals("Off", system.get("PowerState").getAsString());

		RawRedfish.Reply refused = http.post(reset.get("target").getAsString(), "{\"ResetType\":\"ForceRestart\"}");
		assertEquals(400, refused.status());
		assertEquals("Base.1.8.ActionParameterValueNotInList", refused.messageId());
		assertEquals(400, http.post(reset.get("target").getAsString(), "{}").status());
		assertEquals("Off", sim.powerState("1"));

		long t0 = System.nanoTime();
		assertEquals(204, http.post(reset.get("target").getAsString(), "{\"ResetType\":\"On\"}").status());
		assertEquals("PoweringOn", http.get("/redfish/v1/Systems/1").json().get("PowerState").getAsString());
		while (!sim.powerState("1").equals("On")) {
			Thread.sleep(20);
		}
		long ms = (System.nanoTime() - t0) / 1_000_000;
		assertTrue(ms >= 380 && ms < 2000, "transition took " + ms + " ms");
		assertEquals(1, sim.bootCount("1"));

		assertEquals(403, new RawRedfish(sim.baseUri()).basic("viewer", PASSWORD + "ro")
				.post(reset.get("target").getAsString(), "{\"ResetType\":\"ForceOff\"}").status());
		assertEquals(204, http.post(reset.get("target").getAsString(), "{\"ResetType\":\"ForceOff\"}").status());
		assertEquals("Off", sim.powerState("1"));

		List<RedfishSimulator.ResetRequest> history = sim.resetHistory();
		assertEquals(List.of("ForceRestart", "On", "ForceOff", "ForceOff"), history.stream()
				.filter(r -> r.resetType() != null).map(RedfishSimulator.ResetRequest::resetType).toList());
		assertEquals(List.of(false, false, true, false, true), history.stream()
				.map(RedfishSimulator.ResetRequest::accepted).toList());
		assertEquals("viewer", history.get(3).user());
	}

	@Test
	void gracefulRestartGoesThroughPoweringOffAndOn() throws Exception {
		start(SimulatorConfig.builder().powerTransitionDelay(Duration.ofMillis(200)));
		sim.setPowerState("1", "On");
		RawRedfish http = new RawRedfish(sim.baseUri()).basic("admin", PASSWORD);
		assertEquals(204, http.post("/redfish/v1/Systems/1/Actions/ComputerSystem.Reset",
				"{\"ResetType\":\"GracefulRestart\"}").status());
		List<String> seen = new ArrayList<>();
		long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		while (System.nanoTime() < end) {
			String s = sim.powerState("1");
			if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(s)) {
				seen.add(s);
			}
			if (s.equals("On") && seen.size() > 1) {
				break;
			}
			Thread.sleep(10);
		}
		assertEquals(List.of("PoweringOff", "PoweringOn", "On"), seen);
	}

	@Test
	void bootOverridePatchWithETags() throws Exception {
		start(SimulatorConfig.builder().bootPatchRequiresIfMatch(true));
		RawRedfish http = new RawRedfish(sim.baseUri()).basic("admin", PASSWORD);
		RawRedfish.Reply get = http.get("/redfish/v1/Systems/1");
		String etag = get.header("ETag");
		assertNotNull(etag);
		assertEquals(etag, get.json().get("@odata.etag").getAsString());
		String patch = "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\",\"BootSourceOverrideEnabled\":\"Once\","
				+ "\"BootSourceOverrideMode\":\"Legacy\"}}";

		RawRedfish.Reply missing = http.patch("/redfish/v1/Systems/1", patch, null);
		assertEquals(428, missing.status());
		assertEquals("Base.1.8.PreconditionRequired", missing.messageId());
		RawRedfish.Reply stale = http.patch("/redfish/v1/Systems/1", patch, "\"1-0\"");
		assertEquals(412, stale.status());
		assertEquals("Base.1.8.PreconditionFailed", stale.messageId());
		assertEquals(new RedfishSimulator.BootOverride("None", "Disabled", "UEFI"), sim.bootOverride("1"));

		RawRedfish.Reply ok = http.patch("/redfish/v1/Systems/1", patch, etag);
		assertEquals(200, ok.status());
		assertNotEquals(etag, ok.header("ETag"), "a change makes a new ETag");
		assertEquals(new RedfishSimulator.BootOverride("Pxe", "Once", "Legacy"), sim.bootOverride("1"));
		assertEquals(412, http.patch("/redfish/v1/Systems/1", patch, etag).status(), "the old ETag is stale");
		assertEquals(200, http.patch("/redfish/v1/Systems/1", patch, "W/" + ok.header("ETag")).status(),
				"weak comparison, as sushy retries with W/ tags");

		String current = http.get("/redfish/v1/Systems/1").header("ETag");
		RawRedfish.Reply bad = http.patch("/redfish/v1/Systems/1",
				"{\"Boot\":{\"BootSourceOverrideTarget\":\"Floppy\"}}", current);
		assertEquals(400, bad.status());
		assertEquals("Base.1.8.PropertyValueNotInList", bad.messageId());
		assertEquals("Base.1.8.PropertyNotWritable", http.patch("/redfish/v1/Systems/1",
				"{\"PowerState\":\"On\"}", current).messageId());
		assertEquals("Base.1.8.PropertyUnknown", http.patch("/redfish/v1/Systems/1", "{\"Foo\":1}", current)
				.messageId());
		assertEquals(403, new RawRedfish(sim.baseUri()).basic("viewer", PASSWORD + "ro")
				.patch("/redfish/v1/Systems/1", patch, current).status());
	}

	@Test
	void oneTimeOverrideIsConsumedByTheNextBoot() throws Exception {
		start(SimulatorConfig.builder().powerTransitionDelay(Duration.ZERO));
		RawRedfish http = new RawRedfish(sim.baseUri()).basic("admin", PASSWORD);
		assertEquals(200, http.patch("/redfish/v1/Systems/1",
				"{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\",\"BootSourceOverrideEnabled\":\"Once\"}}", null)
				.status());
		assertEquals(204, http.post("/redfish/v1/Systems/1/Actions/ComputerSystem.Reset", "{\"ResetType\":\"On\"}")
				.status());
		assertEquals("On", sim.powerState("1"));
		assertEquals("Disabled", sim.bootOverride("1").enabled());
		assertEquals("Pxe", sim.bootOverride("1").target());
	}

	@Test
	void indicatorLedAndLocationIndicator() throws Exception {
		start(SimulatorConfig.builder());
		RawRedfish http = new RawRedfish(sim.baseUri()).basic("admin", PASSWORD);
		assertEquals(200, http.patch("/redfish/v1/Systems/1", "{\"LocationIndicatorActive\":true}", null).status());
		assertEquals("Lit", sim.indicatorLed("1"));
		JsonObject s = http.get("/redfish/v1/Systems/1").json();
		assertTrue(s.get("LocationIndicatorActive").getAsBoolean());
		assertEquals(200, http.patch("/redfish/v1/Systems/1", "{\"IndicatorLED\":\"Off\"}", null).status());
		assertFalse(http.get("/redfish/v1/Systems/1").json().get("LocationIndicatorActive").getAsBoolean());
	}

	@Test
	void sensorsFollowPowerState() throws Exception {
		start(SimulatorConfig.builder().systems(3));
		RawRedfish http = new RawRedfish(sim.baseUri()).basic("viewer", PASSWORD + "ro");
		JsonObject thermalOff = http.get("/redfish/v1/Chassis/2/Thermal").json();
		JsonObject powerOff = http.get("/redfish/v1/Chassis/2/Power").json();
		sim.setPowerState("2", "On");
		JsonObject thermalOn = http.get("/redfish/v1/Chassis/2/Thermal").json();
		JsonObject powerOn = http.get("/redfish/v1/Chassis/2/Power").json();
		assertTrue(cpuTemp(thermalOn) > cpuTemp(thermalOff) + 10);
		assertEquals(0, thermalOff.getAsJsonArray("Fans").get(0).getAsJsonObject().get("Reading").getAsInt());
		assertTrue(thermalOn.getAsJsonArray("Fans").get(0).getAsJsonObject().get("Reading").getAsInt() > 1000);
		assertTrue(watts(powerOn) > 100 && watts(powerOff) < 20, watts(powerOn) + " / " + watts(powerOff));
		assertEquals("P12V", powerOn.getAsJsonArray("Voltages").get(0).getAsJsonObject().get("Name").getAsString());
		JsonObject chassis = http.get("/redfish/v1/Chassis/2").json();
		assertEquals("/redfish/v1/Chassis/2/Thermal", chassis.getAsJsonObject("Thermal").get("@odata.id")
				.getAsString());
		assertEquals("SIM000002", chassis.get("SerialNumber").getAsString());
		JsonObject manager = http.get("/redfish/v1/Managers/BMC").json();
		assertEquals("BMC", manager.get("ManagerType").getAsString());
		assertEquals(3, manager.getAsJsonObject("Links").getAsJsonArray("ManagerForServers").size());
	}

	private static int cpuTemp(JsonObject thermal) {
		return thermal.getAsJsonArray("Temperatures").get(0).getAsJsonObject().get("ReadingCelsius").getAsInt();
	}

	private static int watts(JsonObject power) {
		return power.getAsJsonArray("PowerControl").get(0).getAsJsonObject().get("PowerConsumedWatts").getAsInt();
	}

	@Test
	void notFoundAndMethodNotAllowed() throws Exception {
		start(SimulatorConfig.builder());
		RawRedfish http = new RawRedfish(sim.baseUri()).basic("admin", PASSWORD);
		RawRedfish.Reply nf = http.get("/redfish/v1/Systems/42");
		assertEquals(404, nf.status());
		assertEquals("Base.1.8.ResourceMissingAtURI", nf.messageId());
		assertEquals(404, http.get("/redfish/v1/NoSuchService").status());
		RawRedfish.Reply na = http.send("DELETE", "/redfish/v1/Systems/1", null, null);
		assertEquals(405, na.status());
		assertEquals("GET, PATCH", na.header("Allow"));
		assertEquals(405, http.post("/redfish/v1/Systems", "{}").status());
		assertEquals(405, http.get("/redfish/v1/Systems/1/Actions/ComputerSystem.Reset").status());
	}

	@Test
	void tlsWithTheGeneratedCertificate() throws Exception {
		start(SimulatorConfig.builder().tls(true));
		assertEquals("https", sim.baseUri().getScheme());
		assertTrue(sim.certificatePem().startsWith("-----BEGIN CERTIFICATE-----"));
		SSLContext ctx = trusting(sim);
		// hostname verification on: the certificate names 127.0.0.1
		assertEquals(200, new RawRedfish(sim.baseUri(), ctx).get("/redfish/v1/").status());
		assertThrows(SSLHandshakeException.class, () -> new RawRedfish(sim.baseUri()).get("/redfish/v1/"),
				"not trusted by the default trust store");
		URI viaName = URI.create("https://localhost:" + sim.port());
		assertEquals(200, new RawRedfish(viaName, ctx).get("/redfish/v1/").status());
	}

	/** A TLS context that trusts exactly the simulator's certificate. */
	static SSLContext trusting(RedfishSimulator sim) throws Exception {
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("bmc", sim.certificate().orElseThrow());
		TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		tmf.init(trust);
		SSLContext ctx = SSLContext.getInstance("TLS");
		ctx.init(null, tmf.getTrustManagers(), null);
		return ctx;
	}

	@Test
	void faultsStallAndGarbage() throws Exception {
		start(SimulatorConfig.builder());
		sim.setFault(RedfishSimulator.Fault.GARBAGE);
		RawRedfish.Reply junk = new RawRedfish(sim.baseUri()).get("/redfish/v1/");
		assertEquals(200, junk.status());
		assertThrows(RuntimeException.class, junk::json);
		sim.setFault(RedfishSimulator.Fault.STALL);
		var client = HttpClient.newHttpClient();
		var req = HttpRequest.newBuilder(sim.baseUri().resolve("/redfish/v1/"))
				.timeout(Duration.ofMillis(300)).build();
		assertThrows(HttpTimeoutException.class, () -> client.send(req,
				HttpResponse.BodyHandlers.ofString()));
		sim.setFault(RedfishSimulator.Fault.NONE);
		assertEquals(200, new RawRedfish(sim.baseUri()).get("/redfish/v1/").status());
	}

	@Test
	void stopReleasesPortAndThreads() throws Exception {
		long dispatchersBefore = threads("HTTP-Dispatcher").size();
		start(SimulatorConfig.builder());
		URI uri = sim.baseUri();
		String own = "redfish-sim-" + sim.port() + "-";
		assertEquals(200, new RawRedfish(uri).get("/redfish/v1/").status());
		sim.setFault(RedfishSimulator.Fault.STALL);
		Thread stalled = new Thread(() -> {
			try {
				new RawRedfish(uri).get("/redfish/v1/");
			} catch (Exception e) {
				// the simulator goes away under the request: expected
			}
		});
		stalled.start();
		Thread.sleep(200);
		assertFalse(threads(own).isEmpty());
		sim.stop();
		stalled.join(10_000);
		assertFalse(stalled.isAlive());
		assertThrows(ConnectException.class, () -> new RawRedfish(uri).get("/redfish/v1/"));
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while ((!threads(own).isEmpty() || threads("HTTP-Dispatcher").size() > dispatchersBefore)
				&& System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertEquals(List.of(), threads(own));
		assertTrue(threads("HTTP-Dispatcher").size() <= dispatchersBefore);
		sim = null;
	}

	private static List<String> threads(String prefix) {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
				.filter(n -> n.startsWith(prefix)).toList();
	}

	@Test
	void standaloneRefusesPasswordsOnTheCommandLine() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = Main.run(new String[] { "--user", "admin", "--password", "x" },
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
						StandardCharsets.UTF_8));
		assertEquals(2, code);
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("--password-env"));
		err.reset();
		code = Main.run(new String[] { "--user", "admin", "--password-env",
				"UNDERLAY_SURELY_UNSET_VARIABLE" }, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		assertEquals(2, code);
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("UNDERLAY_SURELY_UNSET_VARIABLE"));
	}
}
