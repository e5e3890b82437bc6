package org.underlay.bmc.sim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.underlay.bmc.sim.redfish.Main;
import org.underlay.bmc.sim.redfish.Personality;
import org.underlay.bmc.sim.redfish.RedfishSimulator;
import org.underlay.bmc.sim.redfish.SimulatorConfig;
import org.underlay.bmc.sim.redfish.SimulatorConfig.Role;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** Each {@link Personality} on the wire, and LastResetTime, checked with plain HTTP requests. */
class SimulatorPersonalityTest {

	private static final String PASSWORD = "personality-test-only-Pw5";
	private static final String RESET = "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset";
	private RedfishSimulator sim;

	private RedfishSimulator start(SimulatorConfig.Builder b) throws Exception {
		sim = RedfishSimulator.start(b.user("admin", PASSWORD, Role.Administrator).build());
		return sim;
	}

	private RawRedfish admin() {
		return new RawRedfish(sim.baseUri()).basic("admin", PASSWORD);
	}

	private static String login() {
		return "{\"UserName\":\"admin\",\"Password\":\"" + PASSWORD + "\"}";
	}

	@AfterEach
	void stop() {
		if (sim != null) {
			sim.stop();
		}
	}

	@Test
	void noSessionServiceServesBasicOnly() throws Exception {
		start(SimulatorConfig.builder().personality(Personality.NO_SESSION_SERVICE));
		JsonObject root = new RawRedfish(sim.baseUri()).get("/redfish/v1/").json();
		assertFalse(root.has("SessionService"), root.toString());
		assertFalse(root.getAsJsonObject("Links").has("Sessions"), root.toString());
		// as on such services: authentication comes first, so a login attempt without credentials is a 401
		assertEquals(401, new RawRedfish(sim.baseUri()).post("/redfish/v1/SessionService/Sessions", login())
				.status());
		assertEquals(404, admin().post("/redfish/v1/SessionService/Sessions", login()).status());
		assertEquals(404, admin().get("/redfish/v1/SessionService").status());
		assertEquals(200, admin().get("/redfish/v1/Systems/1").status());
		assertEquals(401, new RawRedfish(sim.baseUri()).basic("admin", "wrong").get("/redfish/v1/Systems").status());
		assertEquals(0, sim.sessionsCreated());
		assertEquals(2, sim.loginAttempts());
	}

	@Test
	void sessionLoginRefusedWith405Or404Or401WhileBasicWorks() throws Exception {
		start(SimulatorConfig.builder().personality(Personality.SESSION_LOGIN_NOT_ALLOWED));
		JsonObject root = new RawRedfish(sim.baseUri()).get("/redfish/v1/").json();
		assertEquals("/redfish/v1/SessionService/Sessions",
				root.getAsJsonObject("Links").getAsJsonObject("Sessions").get("@odata.id").getAsString());
		RawRedfish.Reply refused = new RawRedfish(sim.baseUri()).post("/redfish/v1/SessionService/Sessions",
				login());
		assertEquals(405, refused.status());
		assertEquals("GET", refused.header("Allow"));
		assertFalse(admin().get("/redfish/v1/SessionService").json().get("ServiceEnabled").getAsBoolean());
		assertEquals(200, admin().get("/redfish/v1/SessionService/Sessions").status());
		assertEquals(200, admin().get("/redfish/v1/Systems/1").status());
		sim.stop();

		start(SimulatorConfig.builder().personality(Personality.SESSION_LOGIN_NOT_FOUND));
		assertEquals(404, new RawRedfish(sim.baseUri()).post("/redfish/v1/SessionService/Sessions", login())
				.status());
		assertEquals(200, admin().get("/redfish/v1/Systems/1").status());
		assertEquals(0, sim.sessionsCreated());
		sim.stop();

		start(SimulatorConfig.builder().personality(Personality.SESSION_LOGIN_UNAUTHORIZED));
		RawRedfish.Reply unauthorized = new RawRedfish(sim.baseUri()).post("/redfish/v1/SessionService/Sessions",
				login());
		assertEquals(401, unauthorized.status(), "the right password, refused for a session");
		assertEquals("Base.1.8.NoValidSession", unauthorized.messageId());
		assertEquals(200, admin().get("/redfish/v1/Systems/1").status());
		assertEquals(0, sim.sessionsCreated());
	}

	@Test
	void noETagAndIfMatchIgnored() throws Exception {
		start(SimulatorConfig.builder().bootPatchRequiresIfMatch(true).personality(Personality.NO_ETAG));
		RawRedfish.Reply get = admin().get("/redfish/v1/Systems/1");
		assertNull(get.header("ETag"));
		assertFalse(get.json().has("@odata.etag"));
		String patch = "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\",\"BootSourceOverrideEnabled\":\"Once\"}}";
		RawRedfish.Reply stale = admin().patch("/redfish/v1/Systems/1", patch, "\"no-such-tag\"");
		assertEquals(200, stale.status(), "If-Match is ignored, not compared");
		assertNull(stale.header("ETag"));
		assertEquals(new RedfishSimulator.BootOverride("Pxe", "Once", "UEFI"), sim.bootOverride("1"));
		assertThrows(IllegalStateException.class, () -> SimulatorConfig.builder().user("a", "b", Role.Operator)
				.etags(false).bootPatchRequiresIfMatch(true).build());
	}

	@Test
	void http10AnswersAndClosesEveryConnection() throws Exception {
		start(SimulatorConfig.builder().personality(Personality.HTTP_1_0));
		try (Socket s = new Socket(InetAddress.getLoopbackAddress(), sim.port())) {
			s.setSoTimeout(5000);
			OutputStream out = s.getOutputStream();
			out.write(("GET /redfish/v1/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
					+ "Accept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			// the whole answer up to EOF: the server closes although the client asked to keep the connection
			String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			List<String> head = List.of(answer.substring(0, answer.indexOf("\r\n\r\n")).split("\r\n"));
			assertEquals("HTTP/1.0 200 OK", head.get(0));
			assertTrue(head.stream().anyMatch(h -> h.equalsIgnoreCase("Connection: close")), head.toString());
			assertTrue(head.stream().noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("transfer-encoding")));
			String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
			assertTrue(head.contains("Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length), head
					.toString());
			assertTrue(body.contains("\"RedfishVersion\""), body);
		}
		// an ordinary client, a login with a body and a 204 without one
		RawRedfish.Reply session = new RawRedfish(sim.baseUri()).post("/redfish/v1/SessionService/Sessions",
				login());
		assertEquals(201, session.status());
		RawRedfish http = new RawRedfish(sim.baseUri()).token(session.header("X-Auth-Token"));
		assertEquals(204, http.post(RESET, "{\"ResetType\":\"On\"}").status());
		assertEquals(204, http.delete(session.header("Location")).status());
		assertEquals(0, sim.sessionCount());
	}

	@Test
	void http10OverTls() throws Exception {
		start(SimulatorConfig.builder().tls(true).personality(Personality.HTTP_1_0));
		assertEquals("https", sim.baseUri().getScheme());
		assertEquals(200, new RawRedfish(sim.baseUri(), SimulatorProtocolTest.trusting(sim)).basic("admin",
				PASSWORD).get("/redfish/v1/Systems/1").status());
	}

	@Test
	void noPowerCycleInTheAllowableValues() throws Exception {
		start(SimulatorConfig.builder().personality(Personality.NO_POWER_CYCLE));
		List<String> allowed = allowedResetTypes();
		assertFalse(allowed.contains("PowerCycle"), allowed.toString());
		assertTrue(allowed.containsAll(List.of("On", "ForceOff", "ForceRestart", "GracefulShutdown")));
		RawRedfish.Reply refused = admin().post(RESET, "{\"ResetType\":\"PowerCycle\"}");
		assertEquals(400, refused.status());
		assertEquals("Base.1.8.ActionParameterValueNotInList", refused.messageId());
	}

	private List<String> allowedResetTypes() throws Exception {
		JsonArray a = admin().get("/redfish/v1/Systems/1").json().getAsJsonObject("Actions")
				.getAsJsonObject("#ComputerSystem.Reset").getAsJsonArray("ResetType@Redfish.AllowableValues");
		List<String> out = new ArrayList<>();
		a.forEach(e -> out.add(e.getAsString()));
		return out;
	}

	@Test
	void slowPowerAcceptsAtOnceAndActsLater() throws Exception {
		SimulatorConfig preset = SimulatorConfig.builder().user("a", "b", Role.Operator)
				.personality(Personality.SLOW_POWER).build();
		assertEquals(Duration.ofSeconds(2), preset.resetLatency());
		assertEquals(Duration.ofSeconds(3), preset.powerTransitionDelay());
		// the preset's behaviour with shorter times
		start(SimulatorConfig.builder().personality(Personality.SLOW_POWER).resetLatency(Duration.ofMillis(400))
				.powerTransitionDelay(Duration.ofMillis(400)));
		long t0 = System.nanoTime();
		assertEquals(204, admin().post(RESET, "{\"ResetType\":\"On\"}").status());
		assertEquals("Off", sim.powerState("1"), "nothing changes while the request is queued");
		List<String> seen = new ArrayList<>(List.of("Off"));
		while (!seen.get(seen.size() - 1).equals("On") && System.nanoTime() - t0 < 5_000_000_000L) {
			String s = sim.powerState("1");
			if (!s.equals(seen.get(seen.size() - 1))) {
				seen.add(s);
			}
			Thread.sleep(10);
		}
		long ms = (System.nanoTime() - t0) / 1_000_000;
		assertEquals(List.of("Off", "PoweringOn", "On"), seen);
		assertTrue(ms >= 790, "on after " + ms + " ms");
	}

	@Test
	void onceIsStoredAsContinuous() throws Exception {
		start(SimulatorConfig.builder().powerTransitionDelay(Duration.ZERO)
				.personality(Personality.BOOT_ONCE_BECOMES_CONTINUOUS));
		assertEquals(200, admin().patch("/redfish/v1/Systems/1",
				"{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\",\"BootSourceOverrideEnabled\":\"Once\"}}", null)
				.status());
		JsonObject boot = admin().get("/redfish/v1/Systems/1").json().getAsJsonObject("Boot");
		assertEquals("Continuous", boot.get("BootSourceOverrideEnabled").getAsString());
		assertEquals(204, admin().post(RESET, "{\"ResetType\":\"On\"}").status());
		assertEquals(new RedfishSimulator.BootOverride("Pxe", "Continuous", "UEFI"), sim.bootOverride("1"),
				"not consumed by the boot");
	}

	@Test
	void severalSystemsAndManagers() throws Exception {
		start(SimulatorConfig.builder().personality(Personality.MULTI_SYSTEM));
		assertEquals(List.of("node1", "node2", "node3", "node4"), sim.systemIds());
		assertEquals(List.of("bmc1", "bmc2"), sim.managerIds());
		assertEquals(4, admin().get("/redfish/v1/Systems").json().get("Members@odata.count").getAsInt());
		assertEquals(2, admin().get("/redfish/v1/Managers").json().get("Members@odata.count").getAsInt());
		JsonObject bmc2 = admin().get("/redfish/v1/Managers/bmc2").json().getAsJsonObject("Links");
		assertEquals("[{\"@odata.id\":\"/redfish/v1/Systems/node3\"},{\"@odata.id\":\"/redfish/v1/Systems/node4\"}]",
				bmc2.getAsJsonArray("ManagerForServers").toString());
		assertEquals("[{\"@odata.id\":\"/redfish/v1/Managers/bmc2\"}]", admin().get("/redfish/v1/Systems/node4")
				.json().getAsJsonObject("Links").getAsJsonArray("ManagedBy").toString());
		assertEquals("[{\"@odata.id\":\"/redfish/v1/Managers/bmc1\"}]", admin().get("/redfish/v1/Chassis/node1")
				.json().getAsJsonObject("Links").getAsJsonArray("ManagedBy").toString());
		assertEquals(404, admin().get("/redfish/v1/Managers/BMC").status());
		assertThrows(IllegalStateException.class, () -> SimulatorConfig.builder().systems(1)
				.personality(Personality.MULTI_SYSTEM));
		assertThrows(IllegalStateException.class, () -> SimulatorConfig.builder().user("a", "b", Role.Operator)
				.systems(2).manager("m", "1").build(), "system 2 has no manager");
	}

	@Test
	void ignoredResetIsAcceptedAndChangesNothing() throws Exception {
		start(SimulatorConfig.builder().powerTransitionDelay(Duration.ZERO).personality(Personality.IGNORED_RESET));
		sim.setPowerState("1", "On");
		String before = sim.lastResetTime("1");
		int boots = sim.bootCount("1");
		Thread.sleep(5);
		assertEquals(204, admin().post(RESET, "{\"ResetType\":\"ForceRestart\"}").status());
		assertEquals(204, admin().post(RESET, "{\"ResetType\":\"ForceOff\"}").status());
		assertEquals("On", sim.powerState("1"));
		assertEquals(before, sim.lastResetTime("1"));
		assertEquals(before, admin().get("/redfish/v1/Systems/1").json().get("LastResetTime").getAsString());
		assertTrue(sim.resetHistory().stream().allMatch(RedfishSimulator.ResetRequest::accepted));
		assertEquals(boots, sim.bootCount("1"));
	}

	@Test
	void lastResetTimeChangesWithEveryRestartAndPowerOn() throws Exception {
		start(SimulatorConfig.builder().powerTransitionDelay(Duration.ZERO));
		String initial = admin().get("/redfish/v1/Systems/1").json().get("LastResetTime").getAsString();
		OffsetDateTime.parse(initial);
		assertEquals(204, admin().post(RESET, "{\"ResetType\":\"On\"}").status());
		String on = sim.lastResetTime("1");
		assertNotEquals(initial, on);
		assertTrue(OffsetDateTime.parse(on).isAfter(OffsetDateTime.parse(initial)));
		assertEquals(204, admin().post(RESET, "{\"ResetType\":\"ForceRestart\"}").status());
		String restarted = sim.lastResetTime("1");
		assertNotEquals(on, restarted, "two restarts within one millisecond still differ");
		assertEquals(204, admin().post(RESET, "{\"ResetType\":\"PowerCycle\"}").status());
		String cycled = sim.lastResetTime("1");
		assertNotEquals(restarted, cycled);
		assertEquals(204, admin().post(RESET, "{\"ResetType\":\"GracefulShutdown\"}").status());
		assertEquals(204, admin().post(RESET, "{\"ResetType\":\"Nmi\"}").status());
		assertEquals(cycled, sim.lastResetTime("1"), "a shutdown or an NMI is no restart");
	}

	@Test
	void personalitiesByName() throws Exception {
		assertEquals(Personality.NO_SESSION_SERVICE, Personality.named("no-session-service"));
		assertEquals(Personality.HTTP_1_0, Personality.named("HTTP_1_0"));
		for (Personality p : Personality.values()) {
			assertEquals(p, Personality.named(p.optionName()));
		}
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = Main.run(new String[] { "--personality", "no-etag,bogus", "--user", "admin", "--password-env",
				"PATH" }, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		assertEquals(2, code);
		String text = err.toString(StandardCharsets.UTF_8);
		assertTrue(text.contains("unknown personality bogus") && text.contains("multi-system"), text);
		err.reset();
		code = Main.run(new String[] { "--personality", "multi-system", "--systems", "2", "--user", "admin",
				"--password-env", "PATH" }, new PrintStream(new ByteArrayOutputStream(), true,
						StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		assertEquals(2, code);
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("system"), err.toString(StandardCharsets.UTF_8));
	}
}
