package org.underlay.ssh;

import org.underlay.credentials.TypedException;

/**
 * A typed SSH failure. The message is for an operator: it names the host and what went wrong (for host keys: the
 * fingerprints); it never contains a password, passphrase or key material.
 */
public class SshException extends TypedException {

	private static final long serialVersionUID = 1L;

	/** What kind of failure; decide retries and reporting by kind, never by message text. */
	public enum Kind {
		/** Nothing listens at the address (connection refused, no route, unknown host). */
		UNREACHABLE,
		/** The server refused the user, key or password, or the private key could not be used. */
		AUTH_FAILED,
		/** The host key is not in known_hosts and the {@link HostKeyVerifier} did not accept it. */
		HOST_KEY_UNKNOWN,
		/** known_hosts has a different key of the same type for this host: refused (possible impersonation). */
		HOST_KEY_CHANGED,
		/**
		 * The host presented another key than the one its binding pins ({@code host-key}): refused before any
		 * credential was sent (possible impersonation, or the host was reinstalled and the design not updated).
		 */
		HOST_KEY_MISMATCH,
		/** No answer (connect, handshake, command or upload) within its timeout. */
		TIMEOUT,
		/** The caller cancelled (thread interrupted or session closed). */
		CANCELLED,
		/** The connection broke after it was established (peer killed, keepalive unanswered). */
		CONNECTION_LOST,
		/** The peer spoke something unexpected (not SSH, no common algorithm, scp refused the upload). */
		PROTOCOL
	}

	public SshException(Kind kind, String message) {
		super(kind, message);
	}

	public SshException(Kind kind, String message, Throwable cause) {
		super(kind, message, cause);
	}

	@Override
	public Kind kind() {
		return (Kind) super.kind();
	}
}
