package org.underlay.peers;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The external programs the peers run: found on PATH (or in the system folders), run to completion. */
public final class Programs {

	/** The system folders a clean environment's PATH holds. */
	public static final String SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";

	private Programs() {
	}

	/** The executable on PATH, else in /usr/sbin, /sbin, /usr/bin or /bin (sshd lives in sbin), if installed. */
	public static Optional<Path> find(String program) {
		return find(program, System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin:/usr/bin:/bin");
	}

	/** The executable in one of the folders of {@code path} (a PATH value), if there. */
	public static Optional<Path> find(String program, String path) {
		for (String dir : path.split(File.pathSeparator)) {
			if (dir.isEmpty()) {
				continue;
			}
			Path p = Path.of(dir, program);
			if (Files.isExecutable(p)) {
				return Optional.of(p);
			}
		}
		return Optional.empty();
	}

	/**
	 * A minimal environment for a peer's processes: the system folders on PATH ({@code first} before them, if not
	 * null), C.UTF-8, HOME=/, nothing inherited — neither the caller's credentials nor a user's shims (pyenv's
	 * python3 costs ~0.5 s a start).
	 */
	public static Map<String, String> cleanEnvironment(Path first) {
		return Map.of("PATH", (first == null ? "" : first + ":") + SYSTEM_PATH, "LANG", "C.UTF-8", "HOME", "/");
	}

	/** Replaces the environment of {@code pb} with {@link #cleanEnvironment(Path) cleanEnvironment(null)}. */
	public static ProcessBuilder withCleanEnvironment(ProcessBuilder pb) {
		pb.environment().clear();
		pb.environment().putAll(cleanEnvironment(null));
		return pb;
	}

	/** What a program did: its exit code and its output (standard output and error together). */
	public record Result(int code, String output) {
	}

	/**
	 * Runs a program with standard input from /dev/null and waits for it.
	 *
	 * @param environment the whole environment of the program, or null for this process's
	 * @param dir         its working folder, or null for this process's
	 * @throws IOException it cannot start, or does not finish within {@code timeout} (then it is killed); an
	 *                     {@link InterruptedIOException} if this thread is interrupted (its flag stays set)
	 */
	public static Result run(List<String> command, Map<String, String> environment, Path dir, Duration timeout)
			throws IOException {
		ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		if (environment != null) {
			pb.environment().clear();
			pb.environment().putAll(environment);
		}
		if (dir != null) {
			pb.directory(dir.toFile());
		}
		Process p = pb.start();
		try {
			byte[] out = p.getInputStream().readAllBytes();
			if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				p.destroyForcibly();
				throw new IOException(command.get(0) + " did not finish within " + timeout.toSeconds() + " s");
			}
			return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			p.destroyForcibly();
			throw new InterruptedIOException("interrupted while " + command.get(0) + " ran");
		}
	}

	/** Like {@link #run}, and a non-zero exit is an {@link IOException} with the program's output. */
	public static String output(List<String> command, Map<String, String> environment, Path dir, Duration timeout)
			throws IOException {
		Result r = run(command, environment, dir, timeout);
		if (r.code() != 0) {
			throw new IOException(Path.of(command.get(0)).getFileName() + " failed (exit " + r.code() + "): "
					+ r.output().strip());
		}
		return r.output();
	}

	/** Runs a short system command (10 s at most); a non-zero exit is an {@link IOException} with its output. */
	public static String check(String... command) throws IOException {
		return output(List.of(command), null, null, Duration.ofSeconds(10));
	}

	/** Runs a short clean-up command (10 s at most) whose failure means there was nothing to clean up. */
	public static void bestEffort(String... command) {
		try {
			run(List.of(command), null, null, Duration.ofSeconds(10));
		} catch (IOException e) {
			// nothing to clean up
		}
	}
}
