package org.underlay.bmc.sim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.bmc.sim.redfish.Personality;
import org.underlay.bmc.sim.redfish.RedfishSimulator;
import org.underlay.bmc.sim.redfish.SimulatorConfig;
import org.underlay.bmc.sim.redfish.SimulatorConfig.Role;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The simulator checked with a Redfish client we did not write: Debian's {@code redfishtool} (DMTF). The password
 * reaches redfishtool through its {@code -c} config file (mode 0600), never through its command line.
 */
class RedfishtoolCrossCheckTest {

	private static final String PASSWORD = "rft-test-only-Pw2";
	private static final List<String> RESET_TYPES = List.of("On", "ForceOff", "GracefulShutdown", "GracefulRestart",
			"ForceRestart");

	@TempDir
	Path dir;
	private Path tool;
	private RedfishSimulator sim;

	@BeforeEach
	void setUp() throws Exception {
		tool = ExternalTool.requireRedfishtool();
	}

	@AfterEach
	void tearDown() {
		if (sim != null) {
			sim.stop();
		}
	}

	private void start(boolean tls, Personality... personalities) throws Exception {
		sim = RedfishSimulator.start(SimulatorConfig.builder().systems(2).resetTypes(RESET_TYPES)
				.bootPatchRequiresIfMatch(true).powerTransitionDelay(Duration.ofMillis(200)).tls(tls)
				.personality(personalities).user("admin", PASSWORD, Role.Administrator).build());
	}

	private Path config(String user, String password) throws Exception {
		Path cfg = Files.createTempFile(dir, "rft", ".json",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		JsonObject o = new JsonObject();
		o.addProperty("user", user);
		o.addProperty("password", password);
		Files.writeString(cfg, o.toString(), StandardCharsets.UTF_8);
		return cfg;
	}

	private ExternalTool.Result redfishtool(Path cfg, String secure, String... args) throws Exception {
		List<String> cmd = new ArrayList<>(List.of(tool.toString(), "-r", "127.0.0.1:" + sim.port(), "-c",
				cfg.toString(), "-S", secure, "-T", "10"));
		cmd.addAll(List.of(args));
		ExternalTool.Result r = ExternalTool.run(cmd, Map.of(), Duration.ofSeconds(60), PASSWORD);
		assertFalse(r.both().contains("<password>"), "redfishtool printed the password");
		return r;
	}

	private JsonObject ok(ExternalTool.Result r) {
		assertEquals(0, r.exitCode(), r.both());
		String out = r.stdout();
		int brace = out.indexOf('{');
		return brace < 0 ? new JsonObject() : JsonParser.parseString(out.substring(brace)).getAsJsonObject();
	}

	@Test
	void readsSystemsChassisAndManagers() throws Exception {
		start(false);
		Path cfg = config("admin", PASSWORD);
		JsonObject systems = ok(redfishtool(cfg, "Never", "Systems"));
		assertEquals(2, systems.get("Members@odata.count").getAsInt());
		JsonObject system = ok(redfishtool(cfg, "Never", "-I", "2", "Systems", "get"));
		assertEquals("SIM000002", system.get("SerialNumber").getAsString());
		assertEquals("Off", system.get("PowerState").getAsString());

		JsonObject thermal = ok(redfishtool(cfg, "Never", "-I", "1", "Chassis", "Thermal"));
		assertEquals("CPU1 Temp", thermal.getAsJsonArray("Temperatures").get(0).getAsJsonObject().get("Name")
				.getAsString());
		JsonObject power = ok(redfishtool(cfg, "Never", "-I", "1", "Chassis", "Power"));
		assertTrue(power.getAsJsonArray("PowerControl").get(0).getAsJsonObject().has("PowerConsumedWatts"));
		JsonObject consumed = ok(redfishtool(cfg, "Never", "-I", "1", "Chassis", "getPowerReading", "consumed"));
		assertTrue(consumed.has("PowerConsumedWatts"), consumed.toString());
		ExternalTool.Result managers = redfishtool(cfg, "Never", "Managers", "list");
		assertEquals(0, managers.exitCode(), managers.both());
		assertTrue(managers.stdout().contains("/redfish/v1/Managers/BMC"), managers.stdout());
	}

	@Test
	void resetWithAnAllowedTypeAndRefusalOfOthers() throws Exception {
		start(false);
		sim.setPowerState("1", "On");
		Path cfg = config("admin", PASSWORD);
		ok(redfishtool(cfg, "Never", "-I", "1", "Systems", "reset", "GracefulRestart"));
		RedfishSimulator.ResetRequest last = sim.resetHistory().get(sim.resetHistory().size() - 1);
		assertEquals("GracefulRestart", last.resetType());
		assertTrue(last.accepted());
		assertEquals("admin", last.user());
		assertEquals("PoweringOff", sim.powerState("1"));

		// redfishtool reads ResetType@Redfish.AllowableValues and refuses a type the BMC does not list
		int before = sim.resetHistory().size();
		ExternalTool.Result refused = redfishtool(cfg, "Never", "-I", "1", "Systems", "reset", "PowerCycle");
		assertNotEquals(0, refused.exitCode());
		assertTrue(refused.both().contains("AllowableValues"), refused.both());
		assertEquals(before, sim.resetHistory().size(), "nothing was posted");
	}

	@Test
	void bootOverrideThroughETagAndIfMatch() throws Exception {
		start(false);
		Path cfg = config("admin", PASSWORD);
		JsonObject boot = ok(redfishtool(cfg, "Never", "-I", "1", "Systems", "setBootOverride", "Once", "Pxe"));
		assertEquals("Pxe", boot.getAsJsonObject("Boot").get("BootSourceOverrideTarget").getAsString());
		assertEquals(new RedfishSimulator.BootOverride("Pxe", "Once", "UEFI"), sim.bootOverride("1"));
		ok(redfishtool(cfg, "Never", "-I", "1", "Systems", "setBootOverride", "Disabled"));
		assertEquals("Disabled", sim.bootOverride("1").enabled());
		ok(redfishtool(cfg, "Never", "-I", "2", "Systems", "setIndicatorLed", "Blinking"));
		assertEquals("Blinking", sim.indicatorLed("2"));
	}

	@Test
	void http10ServiceWithoutSessionsOrETags() throws Exception {
		start(false, Personality.HTTP_1_0, Personality.NO_SESSION_SERVICE, Personality.NO_ETAG);
		Path cfg = config("admin", PASSWORD);
		JsonObject system = ok(redfishtool(cfg, "Never", "-I", "2", "Systems", "get"));
		assertEquals("SIM000002", system.get("SerialNumber").getAsString());
		assertTrue(system.has("LastResetTime"), system.toString());
		ok(redfishtool(cfg, "Never", "-I", "1", "Systems", "setBootOverride", "Once", "Pxe"));
		assertEquals(new RedfishSimulator.BootOverride("Pxe", "Once", "UEFI"), sim.bootOverride("1"));
		ok(redfishtool(cfg, "Never", "-I", "1", "Systems", "reset", "On"));
		assertEquals("On", sim.resetHistory().get(0).resetType());
		assertEquals(0, sim.sessionsCreated());
	}

	@Test
	void sessionLoginIsLoggedOut() throws Exception {
		start(false);
		Path cfg = config("admin", PASSWORD);
		JsonObject system = ok(redfishtool(cfg, "Never", "-A", "Session", "-I", "1", "Systems", "get"));
		assertEquals("1", system.get("Id").getAsString());
		assertEquals(1, sim.sessionsCreated());
		assertEquals(0, sim.sessionCount(), "redfishtool deletes its session");
	}

	@Test
	void wrongPasswordIsRefused() throws Exception {
		start(false);
		ExternalTool.Result r = redfishtool(config("admin", "not-the-password"), "Never", "-I", "1", "Systems",
				"get");
		assertNotEquals(0, r.exitCode());
		assertTrue(r.both().contains("401"), r.both());
		ExternalTool.Result s = redfishtool(config("admin", "not-the-password"), "Never", "-A", "Session",
				"Systems");
		assertNotEquals(0, s.exitCode());
		assertEquals(0, sim.sessionsCreated());
	}

	@Test
	void overTls() throws Exception {
		start(true);
		// redfishtool does not verify certificates (verify=False); this checks the TLS server itself
		JsonObject system = ok(redfishtool(config("admin", PASSWORD), "Always", "-A", "Session", "-I", "1",
				"Systems", "get"));
		assertEquals("SIM000001", system.get("SerialNumber").getAsString());
		assertEquals(0, sim.sessionCount());
	}
}
