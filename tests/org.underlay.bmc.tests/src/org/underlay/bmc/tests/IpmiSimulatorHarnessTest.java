package org.underlay.bmc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.underlay.testing.ipmi.IpmiSimulator;

/** The shared harness itself: fresh state per instance, distinct ports, stopped by PID, state removed. */
class IpmiSimulatorHarnessTest {

	@Test
	void twoSimulatorsHaveOwnPortsAndStateAndStopCleanly() {
		Path state;
		long pid;
		try (IpmiSimulator a = IpmiSimulator.start("a", "A1"); IpmiSimulator b = IpmiSimulator.start("b", "B1")) {
			assertNotEquals(a.port(), b.port());
			assertNotEquals(a.stateDir(), b.stateDir());
			assertTrue(a.isAlive() && b.isAlive());
			assertTrue(Files.isDirectory(a.chassisDir()));
			a.setPower(true);
			assertEquals("1", a.power());
			assertEquals("0", b.power());
			state = a.stateDir();
			pid = a.pid();
		}
		assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "ipmi_sim " + pid + " still runs");
		assertFalse(Files.exists(state), "state dir removed");
	}
}
