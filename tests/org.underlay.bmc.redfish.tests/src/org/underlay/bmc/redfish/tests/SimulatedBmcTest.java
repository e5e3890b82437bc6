package org.underlay.bmc.redfish.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.redfish.RedfishDriver;
import org.underlay.bmc.sim.redfish.RedfishSimulator;
import org.underlay.bmc.sim.redfish.SimulatorConfig;

/**
 * A driver test against one simulated BMC: after each test every session the driver opened is deleted, no collected
 * message holds a password, and the simulator is stopped.
 */
abstract class SimulatedBmcTest {

	final RedfishDriver driver = new RedfishDriver();
	/** Operator messages (and toStrings) the test saw; none may contain a password. */
	final List<String> messages = new ArrayList<>();
	RedfishSimulator sim;

	RedfishSimulator start(SimulatorConfig.Builder b) throws Exception {
		sim = RedfishSimulator.start(b.build());
		return sim;
	}

	@FunctionalInterface
	interface ThrowingCall {
		void run() throws Exception;
	}

	/** Expects {@code call} to fail with {@code kind}; keeps the message for the secrets check. */
	BmcException refused(BmcException.Kind kind, ThrowingCall call) {
		BmcException e = assertThrows(BmcException.class, call::run);
		messages.add(e.getMessage());
		assertEquals(kind, e.kind(), e.getMessage());
		return e;
	}

	@AfterEach
	void sessionsAreDeletedAndNoMessageHoldsAPassword() {
		try {
			messages.forEach(SimulatedBmc::assertNoSecret);
			if (sim != null) {
				assertEquals(0, sim.sessionCount(), "a session was left open on the BMC");
			}
		} finally {
			if (sim != null) {
				sim.stop();
			}
		}
	}
}
