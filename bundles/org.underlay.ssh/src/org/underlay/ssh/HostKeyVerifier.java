package org.underlay.ssh;

/**
 * Decides about a host key that known_hosts does not hold yet (trust on first use); calls are serialized per
 * known_hosts file, so concurrent first connections to one host ask once. A key that <em>differs</em> from
 * a known one never reaches the verifier: it is refused with {@link SshException.Kind#HOST_KEY_CHANGED}.
 * An accepted key is appended to the client's known_hosts file. Called on the connecting thread; a UI
 * implementation may block it while it asks the user.
 */
@FunctionalInterface
public interface HostKeyVerifier {

	/** The default: unknown hosts are refused ({@code StrictHostKeyChecking yes}). */
	HostKeyVerifier REJECT_UNKNOWN = key -> false;

	/** Trust on first use without asking ({@code StrictHostKeyChecking accept-new}); for labs and tests. */
	HostKeyVerifier ACCEPT_NEW = key -> true;

	/** @return true to trust the key and record it in known_hosts, false to refuse the connection */
	boolean acceptUnknown(HostKeyInfo key);
}
