package org.underlay.lab.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.underlay.bmc.PowerAction;
import org.underlay.lab.Lab;
import org.underlay.lab.LabSpec;
import org.underlay.ssh.SshClient;

/**
 * Fifty machines (25 ipmi_sim + 25 Redfish) up, all powered on through the BMC SPI and asked for their host name
 * over SSH, then down. Prints time and memory; asserts only correctness (figures vary with the machine).
 */
class LabBenchmarkTest extends LabTestSupport {

	private static final int MACHINES = 50;

	@Test
	void fiftyMachines() throws Exception {
		LabSpec spec = TestDesigns.spec(tmp, MACHINES, 0);
		state = tmp.resolve("lab");

		long t0 = System.nanoTime();
		Lab lab = Lab.up(spec, state);
		double up = (System.nanoTime() - t0) / 1e9;
		long rssIdle = lab.rssKib();

		long t1 = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<String> hostnames;
		try (SshClient ssh = LabFixture.sshClient(lab)) {
			List<Future<String>> results = new ArrayList<>();
			for (String m : lab.machines()) {
				results.add(pool.submit(() -> {
					LabFixture.power(lab, m, PowerAction.ON);
					LabFixture.awaitSsh(lab, m, true);
					return LabFixture.exec(ssh, lab, m, "hostname").strip();
				}));
			}
			hostnames = new ArrayList<>();
			for (Future<String> f : results) {
				hostnames.add(f.get());
			}
		} finally {
			pool.shutdownNow();
		}
		double on = (System.nanoTime() - t1) / 1e9;
		assertEquals(lab.machines(), hostnames);
		List<Long> pids = lab.pids();
		long rssOn = lab.rssKib();

		long t2 = System.nanoTime();
		LabFixture.downAndCheck(lab, pids);
		double down = (System.nanoTime() - t2) / 1e9;
		state = null;
		System.out.printf(Locale.ROOT, "lab bench: %d machines (%d ipmi_sim + %d Redfish), %d cores: up %.1f s "
				+ "(RSS of all lab processes %.0f MiB), power on + SSH hostname of all %.1f s (%d processes, RSS %.0f MiB), "
				+ "down %.1f s%n", MACHINES, (MACHINES + 1) / 2, MACHINES / 2, Runtime.getRuntime().availableProcessors(),
				up, rssIdle / 1024.0, on, pids.size(), rssOn / 1024.0, down);
	}
}
