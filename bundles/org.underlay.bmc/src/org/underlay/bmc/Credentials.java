package org.underlay.bmc;

import java.util.Objects;

import org.underlay.credentials.Secret;
import org.underlay.credentials.SecretHolder;

/**
 * A BMC user and password. The password is kept as a {@code char[]} copy that {@link #destroy()} wipes;
 * {@link #toString()} never shows it. Resolving a credential reference to this object is the caller's job (secure
 * storage in the workbench, environment or a 0600 file in the CLI); a {@link Secret} is what they resolve to.
 */
public final class Credentials extends SecretHolder {

	private final String user;
	private final char[] password;

	public Credentials(String user, char[] password) {
		this.user = Objects.requireNonNull(user, "user");
		this.password = Objects.requireNonNull(password, "password").clone();
	}

	public String user() {
		return user;
	}

	/** A copy of the password; the caller should wipe it after use. */
	public char[] password() {
		checkNotDestroyed();
		return password.clone();
	}

	@Override
	protected String describe() {
		return "the password of BMC user '" + user + "'";
	}

	@Override
	protected void wipe() {
		wipe(password);
	}

	@Override
	public String toString() {
		return "Credentials[user=" + user + ", password=****]";
	}
}
