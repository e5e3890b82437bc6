package org.underlay.credentials;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resolves a credential name (as written in a design: {@code fra1-bmc}, {@code deploy-key}) to a {@link Secret}.
 * Implementations are thread-safe. The caller owns the returned secret and should {@link Secret#destroy()} it when
 * done.
 */
public interface CredentialsProvider {

	/** Credential names: a letter or digit, then letters, digits, '.', '_' or '-'. */
	Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

	/**
	 * The secret for {@code name}, or empty if this provider does not define it.
	 *
	 * @throws CredentialsException if this provider's source is unusable (insecure file, malformed entry)
	 */
	Optional<Secret> find(String name) throws CredentialsException;

	/** Where this provider looks, for messages ("environment UNDERLAY_CREDENTIAL_*", a file path). */
	String describe();

	/** Like {@link #find} but a missing name is a {@link MissingCredentialException} naming it. */
	default Secret resolve(String name) throws CredentialsException {
		return find(name).orElseThrow(() -> new MissingCredentialException(name, describe()));
	}

	/** Validates a credential name and returns it. */
	static String checkName(String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("invalid credential name '" + name
					+ "' (letters, digits, '.', '_', '-'; starting with a letter or digit)");
		}
		return name;
	}
}
