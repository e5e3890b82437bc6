package org.underlay.bench.machines;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the field's command-line tools for the benchmark, timed ({@link org.underlay.peers.Programs#find} finds them). */
final class Tools {

	private Tools() {
	}

	/** What a process did. */
	record Run(int exitCode, String output, Duration elapsed) {
	}

	/** Runs a command with extra environment, stdin from a file (or /dev/null), output collected. */
	static Run run(List<String> command, Map<String, String> env, Path stdin, Path dir, Duration timeout)
			throws IOException, InterruptedException {
		ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
		if (dir != null) {
			pb.directory(dir.toFile());
		}
		pb.environment().putAll(env);
		pb.redirectInput(ProcessBuilder.Redirect.from(stdin != null ? stdin.toFile() : new File("/dev/null")));
		Path out = Files.createTempFile("underlay-bench-", ".out");
		pb.redirectOutput(out.toFile());
		long t0 = System.nanoTime();
		Process p = pb.start();
		try {
			if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				p.descendants().forEach(ProcessHandle::destroyForcibly);
				p.destroyForcibly();
				p.waitFor(5, TimeUnit.SECONDS);
				return new Run(-1, "timed out after " + timeout.toSeconds() + " s", Duration.ofNanos(System.nanoTime() - t0));
			}
			Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
			return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), elapsed);
		} finally {
			Files.deleteIfExists(out);
		}
	}
}
