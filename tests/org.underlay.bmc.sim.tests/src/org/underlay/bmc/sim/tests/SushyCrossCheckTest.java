package org.underlay.bmc.sim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.underlay.bmc.sim.redfish.Personality;
import org.underlay.bmc.sim.redfish.RedfishSimulator;
import org.underlay.bmc.sim.redfish.SimulatorConfig;
import org.underlay.bmc.sim.redfish.SimulatorConfig.Role;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The simulator checked with OpenStack Ironic's Redfish library, Debian's {@code python3-sushy}: session login
 * with fallback rules, reading systems, a reset validated against the allowable values, a boot override PATCH with
 * the ETag in If-Match, sensors, and session logout; also as a service without sessions, speaking HTTP/1.0 and
 * without ETags. The password is passed to the script in its environment.
 */
class SushyCrossCheckTest {

	private static final String PASSWORD = "sushy-test-only-Pw3";

	private static final String SCRIPT = """
			import json, os, sys, time
			import sushy
			from sushy import exceptions

			url, verify, mode = sys.argv[1], sys.argv[2], sys.argv[3]
			verify = True if verify == "system" else verify
			out = {}
			try:
			    root = sushy.Sushy(url, username=os.environ["RF_USER"], password=os.environ["RF_PASSWORD"],
			                       verify=verify)
			    out["session"] = root._auth.get_session_key() is not None
			    if mode == "login":
			        root.get_system_collection()
			    if mode == "full":
			        ids = sorted(root.get_system_collection().members_identities)
			        out["systems"] = ids
			        s = root.get_system(ids[0])
			        out["power"] = s.power_state.value
			        out["serial"] = s.serial_number
			        out["manufacturer"] = s.manufacturer
			        out["allowed"] = sorted(v.value for v in s.get_allowed_reset_system_values())
			        try:
			            s.reset_system(sushy.ResetType.POWER_CYCLE)
			            out["refused"] = False
			        except exceptions.InvalidParameterValueError:
			            out["refused"] = True
			        s.reset_system(sushy.ResetType.ON)
			        s.refresh()
			        out["right_after_reset"] = s.power_state.value
			        deadline = time.time() + 10
			        while s.power_state != sushy.PowerState.ON and time.time() < deadline:
			            time.sleep(0.05)
			            s.refresh()
			        out["power_after_wait"] = s.power_state.value
			        s.set_system_boot_options(sushy.BootSource.PXE,
			                                  enabled=sushy.BootSourceOverrideEnabled.CONTINUOUS,
			                                  mode=sushy.BootSourceOverrideMode.UEFI)
			        s.refresh()
			        out["boot"] = [s.boot.target.value, s.boot.enabled.value, s.boot.mode.value]
			        chassis = root.get_chassis_collection().get_members()[0]
			        out["temperatures"] = [t.reading_celsius for t in chassis.thermal.temperatures]
			        out["fans"] = [f.reading for f in chassis.thermal.fans]
			        out["psus"] = [p.power_capacity_watts for p in chassis.power.power_supplies]
			        out["manager"] = root.get_manager_collection().get_members()[0].manager_type.value
			    # the session is deleted by sushy's auth close() (also what __del__ calls, but the garbage
			    # collector may run that only at interpreter exit)
			    root._auth.close()
			    out["closed"] = True
			except Exception as e:
			    out["error"] = type(e).__name__
			print(json.dumps(out))
			""";

	@TempDir
	Path dir;
	private RedfishSimulator sim;

	@BeforeEach
	void requireSushy() throws Exception {
		ExternalTool.requireSushy();
	}

	@AfterEach
	void tearDown() {
		if (sim != null) {
			sim.stop();
		}
	}

	private void start(boolean tls, Personality... personalities) throws Exception {
		sim = RedfishSimulator.start(SimulatorConfig.builder().systems(2)
				.resetTypes(List.of("On", "ForceOff", "GracefulShutdown", "GracefulRestart", "ForceRestart"))
				.bootPatchRequiresIfMatch(true).powerTransitionDelay(Duration.ofMillis(300)).tls(tls)
				.personality(personalities).user("admin", PASSWORD, Role.Administrator).build());
	}

	private JsonObject sushy(String password, String verify, String mode) throws Exception {
		Path script = dir.resolve("sushy_check.py");
		Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
		List<String> cmd = new ArrayList<>(List.of(ExternalTool.PYTHON.toString(), script.toString(),
				sim.baseUri().toString(), verify, mode));
		ExternalTool.Result r = ExternalTool.run(cmd, Map.of("RF_USER", "admin", "RF_PASSWORD", password),
				Duration.ofSeconds(60), password);
		assertFalse(r.both().contains("<password>"), "sushy printed the password");
		assertEquals(0, r.exitCode(), r.both());
		String out = r.stdout().trim();
		return JsonParser.parseString(out.substring(out.lastIndexOf('\n') + 1)).getAsJsonObject();
	}

	@Test
	void fullRoundWithSessionResetBootAndSensors() throws Exception {
		start(false);
		JsonObject out = sushy(PASSWORD, "system", "full");
		assertTrue(out.get("session").getAsBoolean(), "sushy chose session auth, not the Basic fallback");
		assertFullRound(out);
		assertEquals(1, sim.sessionsCreated());
		assertEquals(0, sim.sessionCount(), "sushy deleted its session");
	}

	/** The personalities of services sushy meets in the field: no sessions, HTTP/1.0, no ETags. */
	@Test
	void fullRoundOverHttp10WithoutSessionsOrETags() throws Exception {
		start(false, Personality.NO_SESSION_SERVICE, Personality.HTTP_1_0, Personality.NO_ETAG);
		JsonObject out = sushy(PASSWORD, "system", "full");
		assertFalse(out.get("session").getAsBoolean(), "sushy fell back to Basic authentication");
		assertFullRound(out);
		assertEquals(0, sim.sessionsCreated());
	}

	@ParameterizedTest
	@EnumSource(value = Personality.class, names = { "SESSION_LOGIN_NOT_ALLOWED", "SESSION_LOGIN_UNAUTHORIZED" })
	void sessionLoginRefusedFallsBackToBasic(Personality refusal) throws Exception {
		start(false, refusal);
		JsonObject out = sushy(PASSWORD, "system", "login");
		assertFalse(out.has("error"), out.toString());
		assertFalse(out.get("session").getAsBoolean(), out.toString());
		assertEquals("AccessError", sushy("wrong-password", "system", "login").get("error").getAsString(),
				"Basic with a wrong password is refused");
	}

	private void assertFullRound(JsonObject out) {
		assertFalse(out.has("error"), out.toString());
		assertEquals("[\"/redfish/v1/Systems/1\",\"/redfish/v1/Systems/2\"]", out.get("systems").toString());
		assertEquals("Off", out.get("power").getAsString());
		assertEquals("SIM000001", out.get("serial").getAsString());
		assertEquals("[\"ForceOff\",\"ForceRestart\",\"GracefulRestart\",\"GracefulShutdown\",\"On\"]",
				out.get("allowed").toString());
		assertTrue(out.get("refused").getAsBoolean(), "sushy refuses a reset type the BMC does not list");
		assertEquals("PoweringOn", out.get("right_after_reset").getAsString());
		assertEquals("On", out.get("power_after_wait").getAsString());
		assertEquals("[\"Pxe\",\"Continuous\",\"UEFI\"]", out.get("boot").toString());
		assertEquals(new RedfishSimulator.BootOverride("Pxe", "Continuous", "UEFI"), sim.bootOverride("1"));
		assertEquals(3, out.getAsJsonArray("temperatures").size());
		assertTrue(out.getAsJsonArray("fans").get(0).getAsInt() > 1000, out.toString());
		assertEquals("[800,800]", out.get("psus").toString());
		assertEquals("BMC", out.get("manager").getAsString());
		assertTrue(out.get("closed").getAsBoolean());

		List<RedfishSimulator.ResetRequest> resets = sim.resetHistory();
		assertEquals(1, resets.size(), "the refused type never reached the BMC: " + resets);
		assertEquals("On", resets.get(0).resetType());
	}

	@Test
	void wrongPasswordIsAnAccessError() throws Exception {
		start(false);
		JsonObject out = sushy("wrong-password", "system", "login");
		assertEquals("AccessError", out.get("error").getAsString(), out.toString());
		assertEquals(0, sim.sessionsCreated());
	}

	@Test
	void tlsVerifiedAgainstTheSimulatorsCertificate() throws Exception {
		start(true);
		Path ca = dir.resolve("bmc.pem");
		Files.writeString(ca, sim.certificatePem(), StandardCharsets.US_ASCII);
		JsonObject trusted = sushy(PASSWORD, ca.toString(), "full");
		assertFalse(trusted.has("error"), trusted.toString());
		assertEquals("On", trusted.get("power_after_wait").getAsString());
		assertEquals(0, sim.sessionCount());

		JsonObject untrusted = sushy(PASSWORD, "system", "login");
		assertEquals("ConnectionError", untrusted.get("error").getAsString(),
				"the system trust store does not know the simulator's certificate: " + untrusted);
	}
}
