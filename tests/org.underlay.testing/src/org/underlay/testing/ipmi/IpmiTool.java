package org.underlay.testing.ipmi;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The field's reference IPMI client, {@code ipmitool -I lanplus -C 3}, against an {@link IpmiSimulator} (or another
 * BMC on loopback), for cross-checks. The password goes through the environment ({@code -E}), never the command line
 * or any output.
 */
public final class IpmiTool {

	/** Exit code and output of one ipmitool run. */
	public record Result(int exitCode, String stdout, String stderr) {
		public Result requireSuccess() {
			if (exitCode != 0) {
				throw new AssertionError("ipmitool failed (" + exitCode + "): " + stderr + stdout);
			}
			return this;
		}
	}

	private IpmiTool() {
	}

	public static boolean available() {
		return Files.isExecutable(Path.of("/usr/bin/ipmitool"));
	}

	/** Runs ipmitool as {@link IpmiSimulator#ADMIN}. */
	public static Result run(IpmiSimulator sim, String... args) {
		return runAs(sim, IpmiSimulator.ADMIN, args);
	}

	public static Result runAs(IpmiSimulator sim, String user, String... args) {
		char[] password = IpmiSimulator.password();
		try {
			return run(sim.host(), sim.port(), user, password, args);
		} finally {
			Arrays.fill(password, '\0');
		}
	}

	/** Runs ipmitool against any IPMI BMC on loopback (a rehearsal lab's, say) as {@code user}. */
	public static Result run(String host, int port, String user, char[] password, String... args) {
		if (!available()) {
			throw new IllegalStateException("ipmitool not found: apt-get install -y ipmitool");
		}
		List<String> command = new ArrayList<>(List.of("ipmitool", "-I", "lanplus", "-C", "3", "-H", host,
				"-p", String.valueOf(port), "-U", user, "-E", "-N", "1", "-R", "3"));
		command.addAll(List.of(args));
		ProcessBuilder pb = new ProcessBuilder(command);
		pb.environment().put("IPMI_PASSWORD", new String(password));
		pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		try {
			Path err = Files.createTempFile("ipmitool", ".err");
			try {
				pb.redirectError(err.toFile());
				Process p = pb.start();
				byte[] out = p.getInputStream().readAllBytes();
				if (!p.waitFor(30, TimeUnit.SECONDS)) {
					p.destroyForcibly();
					throw new AssertionError("ipmitool " + String.join(" ", args) + " did not finish in 30 s");
				}
				return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(err));
			} finally {
				Files.deleteIfExists(err);
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", e);
		}
	}
}
