package org.underlay.bench.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.underlay.bench.machines.FanOutBench;

/**
 * The benchmark the CLI runs ({@code underlay bench machines}) works end to end on a small scale: it starts its own
 * sshd and ipmi_sim peers, runs every tool and reports every machine as answered. CI installs all the tools, so a
 * missing one fails here.
 */
class FanOutBenchSmokeTest {

	@Test
	void benchRunsEveryToolOnTwoMachines() throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		int code;
		try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
			code = new FanOutBench(2, 2, true).run(out);
		}
		String text = bytes.toString(StandardCharsets.UTF_8);
		System.out.println(text);
		assertEquals(0, code, "the benchmark reported missing tools or failed machines");
		for (String row : new String[] { "underlay FanOut + JSch", "parallel-ssh", "ansible", "ssh loop",
				"underlay FanOut + native IPMI", "ipmitool", "xargs -P 2" }) {
			assertTrue(text.contains(row), "no row for " + row);
		}
		assertTrue(text.contains("curve25519-sha256"));
		// IPMI twice: simulators answering power status from memory, then through their shell hook
		assertTrue(text.contains("power state answered from memory"), "no table for the host-process simulators");
		assertTrue(text.contains("power state read by a shell hook"), "no table for the hook simulators");
		assertTrue(text.contains("drivers prepared in the background in")
				|| text.contains("drivers still preparing"), "the first sweep says whether the drivers were ready");
		// SSH 5 rows, IPMI 4 + 3 rows besides the optional ipmipower
		assertTrue(text.lines().filter(l -> l.contains(" 2/2 ")).count() >= 12, "every row answered by both machines");
	}
}
