package org.underlay.bmc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.function.Executable;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.Credentials;
import org.underlay.testing.ipmi.IpmiSimulator;

/** Shared helpers: endpoints and credentials for simulators, and timed assertions on typed errors. */
final class TestBmcs {

	/** Generous for a loaded 2-core CI machine; fault tests use shorter ones. */
	static final Duration TIMEOUT = Duration.ofSeconds(5);

	private TestBmcs() {
	}

	static BmcEndpoint endpoint(IpmiSimulator sim) {
		return BmcEndpoint.ipmi(sim.host(), sim.port()).withTimeout(TIMEOUT);
	}

	static BmcEndpoint endpoint(int port, Duration timeout) {
		return BmcEndpoint.ipmi("127.0.0.1", port).withTimeout(timeout);
	}

	static Credentials admin() {
		return user(IpmiSimulator.ADMIN);
	}

	static Credentials user(String name) {
		char[] password = IpmiSimulator.password();
		try {
			return new Credentials(name, password);
		} finally {
			Arrays.fill(password, '\0');
		}
	}

	static Credentials wrongPassword(String name) {
		return new Credentials(name, "not-the-password".toCharArray());
	}

	static BmcClient open(IpmiSimulator sim) throws BmcException {
		return BmcDrivers.open(endpoint(sim), admin());
	}

	/**
	 * Asserts that {@code call} fails with {@code kind} no later than {@code within}, and that the message names
	 * the BMC and does not contain the test password.
	 */
	static BmcException assertFails(BmcException.Kind kind, Duration within, Executable call) {
		long start = System.nanoTime();
		BmcException e = assertThrows(BmcException.class, call);
		long millis = (System.nanoTime() - start) / 1_000_000;
		assertEquals(kind, e.kind(), () -> "kind of: " + e.getMessage());
		assertTrue(millis <= within.toMillis(), () -> "took " + millis + " ms, limit " + within.toMillis() + " ms: "
				+ e.getMessage());
		assertTrue(e.getMessage().contains("127.0.0.1"), () -> "message names the BMC: " + e.getMessage());
		assertFalse(e.getMessage().contains(new String(IpmiSimulator.password())), "password in message");
		return e;
	}
}
