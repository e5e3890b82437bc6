package org.underlay.bmc.sim.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a client we did not write (Debian's redfishtool, python3-sushy) as a subprocess. A missing tool fails the
 * test with the Debian package to install: CI installs them, and skipping would hide a missing install step.
 * Output is returned with the test password masked, so a failing assertion never prints it.
 */
final class ExternalTool {

	static final Path PYTHON = Path.of("/usr/bin/python3");

	record Result(int exitCode, String stdout, String stderr) {
		String both() {
			return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
		}
	}

	private ExternalTool() {
	}

	static Path requireRedfishtool() {
		for (String dir : List.of("/usr/bin", "/usr/local/bin")) {
			Path p = Path.of(dir, "redfishtool");
			if (Files.isExecutable(p)) {
				return p;
			}
		}
		return fail("redfishtool is not installed: install the Debian package 'redfishtool' "
				+ "(apt-get install -y redfishtool); the simulator is cross-checked with it");
	}

	static void requireSushy() throws Exception {
		if (!Files.isExecutable(PYTHON)) {
			fail("/usr/bin/python3 is missing: install the Debian package 'python3-sushy' (apt-get install -y "
					+ "python3-sushy)");
		}
		// Debian's interpreter on purpose: a pyenv python3 earlier on PATH does not see Debian's packages
		Result r = run(List.of(PYTHON.toString(), "-c", "import sushy"), Map.of(), Duration.ofSeconds(30), null);
		if (r.exitCode() != 0) {
			fail("python3-sushy is not installed: install the Debian package 'python3-sushy' (apt-get install -y "
					+ "python3-sushy); the simulator is cross-checked with it\n" + r.stderr());
		}
	}

	/** Runs a command; kills it if it outlives the timeout. {@code secret} is masked in the returned output. */
	static Result run(List<String> command, Map<String, String> env, Duration timeout, String secret)
			throws IOException, InterruptedException {
		ProcessBuilder pb = new ProcessBuilder(command);
		// python-requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override a CA file given in code
		// (requests issue 3829): the tools must see exactly the trust the test gives them
		pb.environment().remove("REQUESTS_CA_BUNDLE");
		pb.environment().remove("CURL_CA_BUNDLE");
		pb.environment().putAll(env);
		pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		Process p = pb.start();
		CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
		CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
		if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
			p.waitFor(5, TimeUnit.SECONDS);
			fail(command.get(0) + " did not finish within " + timeout);
		}
		return new Result(p.exitValue(), mask(out.join(), secret), mask(err.join(), secret));
	}

	private static String read(InputStream in) {
		try (in) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			return "<" + e + ">";
		}
	}

	static String mask(String text, String secret) {
		return secret == null || secret.isEmpty() ? text : text.replace(secret, "<password>");
	}
}
