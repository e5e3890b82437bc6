package org.underlay.bench.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.underlay.bench.BenchCommand;

/** {@code underlay bench boot} downloads a small image from both servers and prints a row each and a verdict. */
class BootBenchTest {

	@Test
	void printsARowPerServerAndTheVerdict() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = new BenchCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8)).run(new String[] { "boot", "8", "2" });
		String printed = out.toString(StandardCharsets.UTF_8);
		assertEquals(0, code, printed + err);
		List<String> lines = printed.lines().toList();
		assertEquals("boot service image download, 8 MiB on loopback, curl as client, 2 rounds interleaved", lines.get(0));
		assertTrue(lines.get(2).matches("Underlay boot service \\(Java\\) +\\d+ +\\d+ +\\d+"), printed);
		assertTrue(lines.get(3).matches("busybox httpd \\(C\\) +\\d+ +\\d+ +\\d+"), printed);
		assertTrue(lines.get(4).matches("target > 500 MB/s: (met|NOT met) \\(median \\d+ MB/s\\)"), printed);
	}
}
