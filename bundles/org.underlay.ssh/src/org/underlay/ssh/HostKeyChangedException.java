package org.underlay.ssh;

/** The host presented a key that differs from the one known_hosts holds for it. */
public class HostKeyChangedException extends SshException {

	private static final long serialVersionUID = 1L;

	private final HostKeyInfo presented;
	private final String knownFingerprint;

	public HostKeyChangedException(HostKeyInfo presented, String knownFingerprint, String knownHostsFile) {
		super(Kind.HOST_KEY_CHANGED, "HOST KEY CHANGED for " + presented.hostAndPort() + ": it presented "
				+ presented.keyType() + " key " + presented.fingerprint() + " but " + knownHostsFile + " has "
				+ knownFingerprint + ". Someone may be impersonating the host, or it was reinstalled; if so, remove"
				+ " the old entry (ssh-keygen -R '" + presented.knownHostsName() + "' -f " + knownHostsFile + ")");
		this.presented = presented;
		this.knownFingerprint = knownFingerprint;
	}

	public HostKeyInfo presented() {
		return presented;
	}

	public String knownFingerprint() {
		return knownFingerprint;
	}
}
