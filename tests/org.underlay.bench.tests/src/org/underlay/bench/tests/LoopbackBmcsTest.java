package org.underlay.bench.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.underlay.bench.machines.LoopbackBmcs;
import org.underlay.bench.machines.LoopbackBmcs.Power;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.PowerState;

/**
 * The benchmark's simulators report real state, whichever power model they use: what a client reads is what the
 * state file says or whether the host process runs — so every tool the benchmark times reads real state.
 */
class LoopbackBmcsTest {

	@Test
	void chassisHookReadsAndWritesThePowerStateFile() throws Exception {
		try (LoopbackBmcs bmcs = LoopbackBmcs.start(2, Power.STATE_FILE_HOOK)) {
			char[] password = bmcs.password();
			for (int i = 0; i < 2; i++) {
				try (BmcClient bmc = open(bmcs, i, password)) {
					PowerState initial = i % 2 == 0 ? PowerState.OFF : PowerState.ON;
					assertEquals(initial, bmc.powerState(), "bmc" + i + " starts as its state file says");
					bmc.power(i % 2 == 0 ? PowerAction.ON : PowerAction.OFF);
					PowerState flipped = initial == PowerState.ON ? PowerState.OFF : PowerState.ON;
					assertEquals(flipped, bmc.powerState(), "bmc" + i + " after the power change");
					assertEquals(flipped == PowerState.ON ? "1" : "0", Files.readString(bmcs.directory()
							.resolve("bmc" + i).resolve("chassis").resolve("power")).strip(), "bmc" + i + " file");
				}
			}
		}
	}

	@Test
	void hostProcessIsThePowerState() throws Exception {
		List<ProcessHandle> hosts = new ArrayList<>();
		try (LoopbackBmcs bmcs = LoopbackBmcs.start(4, Power.HOST_PROCESS)) {
			char[] password = bmcs.password();
			for (int i = 0; i < 4; i++) {
				assertEquals(i % 2 == 1, bmcs.host(i).isPresent(), "bmc" + i + " host process");
				bmcs.host(i).ifPresent(hosts::add);
				try (BmcClient bmc = open(bmcs, i, password)) {
					assertEquals(i % 2 == 1 ? PowerState.ON : PowerState.OFF, bmc.powerState(), "bmc" + i);
				}
			}
			// the machine goes down when its host process ends, and the BMC says so
			ProcessHandle host = bmcs.host(3).orElseThrow();
			host.destroy();
			host.onExit().get(10, TimeUnit.SECONDS);
			try (BmcClient bmc = open(bmcs, 3, password)) {
				PowerState state = bmc.powerState();
				for (int attempt = 0; state != PowerState.OFF && attempt < 50; attempt++) {
					Thread.sleep(100); // ipmi_sim reaps its child on SIGCHLD, asynchronously
					state = bmc.powerState();
				}
				assertEquals(PowerState.OFF, state, "bmc3 after its host process ended");
				assertTrue(bmcs.host(1).isPresent(), "the other hosts run on");
			}
			try (BmcClient bmc = open(bmcs, 0, password)) {
				BmcException e = assertThrows(BmcException.class, () -> bmc.power(PowerAction.ON));
				assertEquals(BmcException.Kind.UNSUPPORTED, e.kind(), e.getMessage());
				assertEquals(PowerState.OFF, bmc.powerState());
			}
		}
		for (ProcessHandle h : hosts) {
			h.onExit().get(10, TimeUnit.SECONDS);
			assertFalse(h.isAlive(), "host process " + h.pid() + " ends with the simulators");
		}
	}

	private static BmcClient open(LoopbackBmcs bmcs, int index, char[] password) throws BmcException {
		return BmcDrivers.open(BmcEndpoint.ipmi("127.0.0.1", bmcs.ports().get(index))
				.withTimeout(Duration.ofSeconds(10)), new Credentials(LoopbackBmcs.USER, password.clone()));
	}
}
