package org.underlay.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Client settings, immutable; change with the {@code with...} methods.
 *
 * <p>Host keys: one known_hosts file per operator, {@link #userKnownHosts()} ({@code ~/.underlay/known_hosts}), is
 * read and appended to; it never travels with a design repository, so nobody with write access to a design can
 * pre-trust a key for the operator. By default the operator's own OpenSSH file {@code ~/.ssh/known_hosts} is read
 * as well (never written): hosts the operator already trusts with {@code ssh} are trusted here too, and a key that
 * differs from the one it holds is refused as changed.
 *
 * @param knownHosts         OpenSSH known_hosts file, read and appended to (default {@link #userKnownHosts()})
 * @param readOnlyKnownHosts more known_hosts files, only read (default {@code ~/.ssh/known_hosts})
 * @param hostKeyVerifier    decides about unknown host keys (default {@link HostKeyVerifier#REJECT_UNKNOWN})
 * @param connectTimeout     TCP connect + SSH handshake + authentication (default 10 s)
 * @param keepAliveInterval  ServerAliveInterval: a keepalive after this much silence (default 15 s; zero = off)
 * @param keepAliveCountMax  ServerAliveCountMax: unanswered keepalives before the connection counts as lost
 * @param kex                key exchange algorithms, comma separated, or null for JSch's defaults
 * @param agentSocket        ssh-agent socket used when a credential has no private key (null = no agent)
 */
public record SshOptions(Path knownHosts, List<Path> readOnlyKnownHosts, HostKeyVerifier hostKeyVerifier,
		Duration connectTimeout, Duration keepAliveInterval, int keepAliveCountMax, String kex, Path agentSocket) {

	public SshOptions {
		Objects.requireNonNull(knownHosts, "knownHosts");
		readOnlyKnownHosts = readOnlyKnownHosts == null ? List.of() : List.copyOf(readOnlyKnownHosts);
		Objects.requireNonNull(hostKeyVerifier, "hostKeyVerifier");
		Objects.requireNonNull(connectTimeout, "connectTimeout");
		Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
		if (connectTimeout.isNegative() || connectTimeout.isZero()) {
			throw new IllegalArgumentException("connectTimeout must be positive");
		}
		if (keepAliveCountMax < 1) {
			throw new IllegalArgumentException("keepAliveCountMax must be at least 1");
		}
	}

	/**
	 * Defaults: {@link #userKnownHosts()} written, {@code ~/.ssh/known_hosts} read, unknown hosts refused, 10 s
	 * connect, keepalive 15 s x 3, no agent.
	 */
	public static SshOptions defaults() {
		Path home = Path.of(System.getProperty("user.home"));
		return new SshOptions(userKnownHosts(home), List.of(home.resolve(".ssh").resolve("known_hosts")),
				HostKeyVerifier.REJECT_UNKNOWN, Duration.ofSeconds(10), Duration.ofSeconds(15), 3, null, null);
	}

	/**
	 * The operator's known_hosts for Underlay, {@code ~/.underlay/known_hosts}, for the command line and the
	 * workbench alike. Created on the first key it records, 0600 in a folder created 0700.
	 */
	public static Path userKnownHosts() {
		return userKnownHosts(Path.of(System.getProperty("user.home")));
	}

	/** {@link #userKnownHosts()} under another home folder. */
	public static Path userKnownHosts(Path home) {
		return home.resolve(".underlay").resolve("known_hosts");
	}

	/** This one file, read and appended to, and no other (a lab's, a test's, {@code --known-hosts}). */
	public SshOptions withKnownHosts(Path file) {
		return new SshOptions(file, List.of(), hostKeyVerifier, connectTimeout, keepAliveInterval, keepAliveCountMax,
				kex, agentSocket);
	}

	/** Files read besides {@link #knownHosts()}, never written. */
	public SshOptions withReadOnlyKnownHosts(List<Path> files) {
		return new SshOptions(knownHosts, files, hostKeyVerifier, connectTimeout, keepAliveInterval,
				keepAliveCountMax, kex, agentSocket);
	}

	public SshOptions withHostKeyVerifier(HostKeyVerifier verifier) {
		return new SshOptions(knownHosts, readOnlyKnownHosts, verifier, connectTimeout, keepAliveInterval,
				keepAliveCountMax, kex, agentSocket);
	}

	public SshOptions withConnectTimeout(Duration timeout) {
		return new SshOptions(knownHosts, readOnlyKnownHosts, hostKeyVerifier, timeout, keepAliveInterval,
				keepAliveCountMax, kex, agentSocket);
	}

	public SshOptions withKeepAlive(Duration interval, int countMax) {
		return new SshOptions(knownHosts, readOnlyKnownHosts, hostKeyVerifier, connectTimeout, interval, countMax,
				kex, agentSocket);
	}

	/** For example {@code "curve25519-sha256"} to match OpenSSH peers in a benchmark. */
	public SshOptions withKex(String algorithms) {
		return new SshOptions(knownHosts, readOnlyKnownHosts, hostKeyVerifier, connectTimeout, keepAliveInterval,
				keepAliveCountMax, algorithms, agentSocket);
	}

	public SshOptions withAgent(Path socket) {
		return new SshOptions(knownHosts, readOnlyKnownHosts, hostKeyVerifier, connectTimeout, keepAliveInterval,
				keepAliveCountMax, kex, socket);
	}

	/** Uses the agent named by {@code SSH_AUTH_SOCK}, if set. */
	public SshOptions withAgentFromEnvironment() {
		String sock = System.getenv("SSH_AUTH_SOCK");
		return sock == null || sock.isBlank() ? this : withAgent(Path.of(sock));
	}
}
