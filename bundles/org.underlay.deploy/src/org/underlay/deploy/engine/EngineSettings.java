package org.underlay.deploy.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.underlay.credentials.CredentialsProvider;
import org.underlay.ssh.SshOptions;

/**
 * How the engine reaches and waits for machines. Immutable; start from {@link #of} and change with the
 * {@code with...} methods.
 *
 * @param credentials      resolves the credential names bindings give
 * @param ssh              SSH client settings (known_hosts, host key policy, connect timeout)
 * @param parallelism      machines at a time
 * @param attempts         tries of an idempotent BMC request or SSH connection that may pass (unreachable, timeout)
 * @param bmcTimeout       one BMC request
 * @param commandTimeout   one command or upload over SSH
 * @param powerTimeout     until a power on, off or cycle shows in the BMC's power state (default 60 s)
 * @param softTimeout      until the operating system has shut down after {@code power soft} (default 300 s)
 * @param designFolder     the design's folder: {@code script} steps name files inside it
 * @param bmcOptions       driver options added to every BMC endpoint, such as the rehearsal lab's CA file; a
 *                         binding's own option wins
 * @param rerunInterrupted run again an SSH step a previous apply was interrupted in (its effect cannot be read back)
 */
public record EngineSettings(CredentialsProvider credentials, SshOptions ssh, int parallelism, int attempts,
		Duration bmcTimeout, Duration commandTimeout, Duration powerTimeout, Duration softTimeout, Path designFolder,
		Map<String, String> bmcOptions, boolean rerunInterrupted) {

	public static final Duration DEFAULT_POWER_TIMEOUT = Duration.ofSeconds(60);
	public static final Duration DEFAULT_SOFT_TIMEOUT = Duration.ofSeconds(300);

	public EngineSettings {
		Objects.requireNonNull(credentials, "credentials");
		Objects.requireNonNull(ssh, "ssh");
		if (parallelism < 1) {
			throw new IllegalArgumentException("parallelism must be at least 1");
		}
		attempts = Math.max(1, attempts);
		for (Duration d : new Duration[] { bmcTimeout, commandTimeout, powerTimeout, softTimeout }) {
			if (d == null || d.isNegative() || d.isZero()) {
				throw new IllegalArgumentException("timeouts must be positive");
			}
		}
		bmcOptions = bmcOptions == null ? Map.of() : Map.copyOf(bmcOptions);
	}

	/** 16 machines at a time, 3 attempts, 10 s per BMC request, 30 min per command, 60 s power, 300 s soft. */
	public static EngineSettings of(CredentialsProvider credentials, SshOptions ssh, Path designFolder) {
		return new EngineSettings(credentials, ssh, 16, 3, Duration.ofSeconds(10), Duration.ofMinutes(30),
				DEFAULT_POWER_TIMEOUT, DEFAULT_SOFT_TIMEOUT, designFolder, Map.of(), false);
	}

	public EngineSettings withParallelism(int n) {
		return new EngineSettings(credentials, ssh, n, attempts, bmcTimeout, commandTimeout, powerTimeout,
				softTimeout, designFolder, bmcOptions, rerunInterrupted);
	}

	public EngineSettings withAttempts(int n) {
		return new EngineSettings(credentials, ssh, parallelism, n, bmcTimeout, commandTimeout, powerTimeout,
				softTimeout, designFolder, bmcOptions, rerunInterrupted);
	}

	public EngineSettings withBmcTimeout(Duration d) {
		return new EngineSettings(credentials, ssh, parallelism, attempts, d, commandTimeout, powerTimeout,
				softTimeout, designFolder, bmcOptions, rerunInterrupted);
	}

	public EngineSettings withCommandTimeout(Duration d) {
		return new EngineSettings(credentials, ssh, parallelism, attempts, bmcTimeout, d, powerTimeout, softTimeout,
				designFolder, bmcOptions, rerunInterrupted);
	}

	/** How long a power on, off or cycle may take to show in the BMC's power state. */
	public EngineSettings withPowerTimeout(Duration d) {
		return new EngineSettings(credentials, ssh, parallelism, attempts, bmcTimeout, commandTimeout, d,
				softTimeout, designFolder, bmcOptions, rerunInterrupted);
	}

	/** How long the operating system may take to shut down after {@code power soft}. */
	public EngineSettings withSoftTimeout(Duration d) {
		return new EngineSettings(credentials, ssh, parallelism, attempts, bmcTimeout, commandTimeout, powerTimeout,
				d, designFolder, bmcOptions, rerunInterrupted);
	}

	public EngineSettings withBmcOptions(Map<String, String> options) {
		return new EngineSettings(credentials, ssh, parallelism, attempts, bmcTimeout, commandTimeout, powerTimeout,
				softTimeout, designFolder, options, rerunInterrupted);
	}

	public EngineSettings withRerunInterrupted(boolean rerun) {
		return new EngineSettings(credentials, ssh, parallelism, attempts, bmcTimeout, commandTimeout, powerTimeout,
				softTimeout, designFolder, bmcOptions, rerun);
	}
}
