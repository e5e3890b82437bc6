package org.underlay.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Client settings, immutable; change with the {@code with...} methods.
 *
 * @param knownHosts        OpenSSH known_hosts file, read and appended to (default {@code ~/.ssh/known_hosts})
 * @param hostKeyVerifier   decides about unknown host keys (default {@link HostKeyVerifier#REJECT_UNKNOWN})
 * @param connectTimeout    TCP connect + SSH handshake + authentication (default 10 s)
 * @param keepAliveInterval ServerAliveInterval: a keepalive after this much silence (default 15 s; zero = off)
 * @param keepAliveCountMax ServerAliveCountMax: unanswered keepalives before the connection counts as lost
 * @param kex               key exchange algorithms, comma separated, or null for JSch's defaults
 * @param agentSocket       ssh-agent socket used when a credential has no private key (null = no agent)
 */
public record SshOptions(Path knownHosts, HostKeyVerifier hostKeyVerifier, Duration connectTimeout,
        Duration keepAliveInterval, int keepAliveCountMax, String kex, Path agentSocket) {

    public SshOptions {
        Objects.requireNonNull(knownHosts, "knownHosts");
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

    /** Defaults: ~/.ssh/known_hosts, unknown hosts refused, 10 s connect, keepalive 15 s x 3, no agent. */
    public static SshOptions defaults() {
        return new SshOptions(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"),
                HostKeyVerifier.REJECT_UNKNOWN, Duration.ofSeconds(10), Duration.ofSeconds(15), 3, null, null);
    }

    public SshOptions withKnownHosts(Path file) {
        return new SshOptions(file, hostKeyVerifier, connectTimeout, keepAliveInterval, keepAliveCountMax, kex,
                agentSocket);
    }

    public SshOptions withHostKeyVerifier(HostKeyVerifier verifier) {
        return new SshOptions(knownHosts, verifier, connectTimeout, keepAliveInterval, keepAliveCountMax, kex,
                agentSocket);
    }

    public SshOptions withConnectTimeout(Duration timeout) {
        return new SshOptions(knownHosts, hostKeyVerifier, timeout, keepAliveInterval, keepAliveCountMax, kex,
                agentSocket);
    }

    public SshOptions withKeepAlive(Duration interval, int countMax) {
        return new SshOptions(knownHosts, hostKeyVerifier, connectTimeout, interval, countMax, kex, agentSocket);
    }

    /** For example {@code "curve25519-sha256"} to match OpenSSH peers in a benchmark. */
    public SshOptions withKex(String algorithms) {
        return new SshOptions(knownHosts, hostKeyVerifier, connectTimeout, keepAliveInterval, keepAliveCountMax,
                algorithms, agentSocket);
    }

    public SshOptions withAgent(Path socket) {
        return new SshOptions(knownHosts, hostKeyVerifier, connectTimeout, keepAliveInterval, keepAliveCountMax, kex,
                socket);
    }

    /** Uses the agent named by {@code SSH_AUTH_SOCK}, if set. */
    public SshOptions withAgentFromEnvironment() {
        String sock = System.getenv("SSH_AUTH_SOCK");
        return sock == null || sock.isBlank() ? this : withAgent(Path.of(sock));
    }
}
