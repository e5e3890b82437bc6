package org.underlay.bmc.redfish.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.InsecureOption;
import org.underlay.bmc.redfish.RedfishDriver;
import org.underlay.bmc.sim.redfish.RedfishSimulator;
import org.underlay.bmc.sim.redfish.SimulatorConfig;

/** Test-only accounts and endpoints for the driver tests against the project's Redfish simulator. */
final class SimulatedBmc {

	/** Test-only passwords; the tests assert they appear in no message. */
	static final String ADMIN_PASSWORD = "driver-test-only-Adm1n";
	static final String VIEWER_PASSWORD = "driver-test-only-V1ewer";
	static final String WRONG_PASSWORD = "wrong-password-test-only";

	private SimulatedBmc() {
	}

	static SimulatorConfig.Builder config() {
		return SimulatorConfig.builder().user("admin", ADMIN_PASSWORD, SimulatorConfig.Role.Administrator)
				.user("viewer", VIEWER_PASSWORD, SimulatorConfig.Role.ReadOnly)
				.powerTransitionDelay(Duration.ofMillis(300));
	}

	static Credentials admin() {
		return new Credentials("admin", ADMIN_PASSWORD.toCharArray());
	}

	static Credentials wrongPassword() {
		return new Credentials("admin", WRONG_PASSWORD.toCharArray());
	}

	/** Plain HTTP to the simulator: has to be allowed explicitly (the binding's insecure-http), as for any binding. */
	static BmcEndpoint http(RedfishSimulator sim) {
		return http(sim.port());
	}

	static BmcEndpoint http(int port) {
		return new BmcEndpoint(RedfishDriver.PROTOCOL, "127.0.0.1", port, Duration.ofSeconds(5),
				Set.of(InsecureOption.PLAIN_HTTP), Map.of(RedfishDriver.SCHEME, "http"));
	}

	static BmcEndpoint https(RedfishSimulator sim) {
		return new BmcEndpoint(RedfishDriver.PROTOCOL, "127.0.0.1", sim.port(), Duration.ofSeconds(5), Set.of(),
				Map.of());
	}

	/** Fails if {@code text} (a message, a toString) contains one of the test passwords. */
	static void assertNoSecret(String text) {
		for (String secret : new String[] { ADMIN_PASSWORD, VIEWER_PASSWORD, WRONG_PASSWORD }) {
			assertFalse(text.contains(secret), "a password in: " + text.replace(secret, "<password>"));
		}
	}

	/**
	 * Fails unless the operator's message names no driver option key: it speaks in the binding's keywords
	 * ({@code tls-fingerprint}, {@code system "<id>"}, ...), which are all an operator can write.
	 */
	static void assertOperatorWords(String message) {
		assertNoSecret(message);
		assertFalse(message.contains("redfish.") || message.contains("TLS_UNVERIFIED")
				|| message.contains("PLAIN_HTTP"), "names a setting no binding can write: " + message);
	}
}
