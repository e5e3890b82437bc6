package org.underlay.ssh;

import java.util.Objects;

/**
 * Where to connect. The user may be null: then the credential's user is taken. The host key pin may be null: then
 * known_hosts and the client's {@link HostKeyVerifier} decide; with a pin, the host must present exactly that key
 * (see {@link HostKeyPin}).
 */
public record SshEndpoint(String host, int port, String user, HostKeyPin hostKey) {

	public SshEndpoint {
		Objects.requireNonNull(host, "host");
		if (port <= 0 || port > 65535) {
			throw new IllegalArgumentException("port out of range: " + port);
		}
	}

	public SshEndpoint(String host, int port, String user) {
		this(host, port, user, null);
	}

	public static SshEndpoint of(String host, int port, String user) {
		return new SshEndpoint(host, port, user, null);
	}

	/** This endpoint with a pinned host key ({@code null}: none). */
	public SshEndpoint withHostKey(HostKeyPin pin) {
		return new SshEndpoint(host, port, user, pin);
	}

	/**
	 * This endpoint with the host key a binding pins, as the design writes it ({@code host-key "SHA256:..."} or
	 * {@code "ssh-ed25519 AAAA..."}); {@code null} or blank: none.
	 *
	 * @throws IllegalArgumentException if the text is neither form (the message says what was expected)
	 */
	public SshEndpoint withHostKey(String pin) {
		return withHostKey(pin == null || pin.isBlank() ? null : HostKeyPin.parse(pin));
	}

	/** "user@host:port" (or "host:port"), for messages. */
	@Override
	public String toString() {
		return (user == null ? "" : user + "@") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
	}
}
