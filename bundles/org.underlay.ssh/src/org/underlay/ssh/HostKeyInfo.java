package org.underlay.ssh;

import java.util.List;

/**
 * A host key as a server presented it, for a trust decision.
 *
 * @param host             host as connected to
 * @param port             port
 * @param keyType          key algorithm name ({@code ssh-ed25519}, {@code ssh-rsa}, {@code ecdsa-sha2-nistp256})
 * @param fingerprint      OpenSSH-style fingerprint, {@code SHA256:<base64>}
 * @param otherKnownTypes  key types known_hosts already holds for this host (a different type is not a change, but
 *                         a UI may want to mention it)
 */
public record HostKeyInfo(String host, int port, String keyType, String fingerprint, List<String> otherKnownTypes) {

	public HostKeyInfo {
		otherKnownTypes = List.copyOf(otherKnownTypes);
	}

	/** The name as known_hosts writes it: {@code host} for port 22, else {@code [host]:port}. */
	public String knownHostsName() {
		return port == 22 ? host : "[" + host + "]:" + port;
	}

	public String hostAndPort() {
		return host + ":" + port;
	}
}
