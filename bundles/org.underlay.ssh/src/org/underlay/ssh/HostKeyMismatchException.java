package org.underlay.ssh;

/**
 * The host presented another key than the one pinned for it ({@link SshEndpoint#hostKey()}); the connection was
 * refused during the key exchange, before any credential was sent.
 */
public class HostKeyMismatchException extends SshException {

	private static final long serialVersionUID = 1L;

	private final HostKeyInfo presented;
	private final HostKeyPin expected;

	public HostKeyMismatchException(HostKeyInfo presented, HostKeyPin expected) {
		super(Kind.HOST_KEY_MISMATCH, "HOST KEY MISMATCH for " + presented.hostAndPort() + ": the binding pins"
				+ " host-key " + expected + " but the host presented " + presented.keyType() + " key "
				+ presented.fingerprint() + "; refused before any credential was sent. Someone may be impersonating"
				+ " the host; if it was reinstalled, put its new key in the design");
		this.presented = presented;
		this.expected = expected;
	}

	public HostKeyInfo presented() {
		return presented;
	}

	public HostKeyPin expected() {
		return expected;
	}
}
