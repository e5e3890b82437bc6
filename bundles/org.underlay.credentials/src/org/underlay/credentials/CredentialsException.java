package org.underlay.credentials;

/**
 * A credential could not be resolved. The message names the credential and the source (environment variable
 * names, a file path) but never a secret value.
 */
public class CredentialsException extends TypedException {

	private static final long serialVersionUID = 1L;

	/** Why resolution failed. */
	public enum Kind {
		/** No provider knows the name. */
		MISSING,
		/** The source exists but must not be used: a credentials file readable by others or owned by someone else. */
		INSECURE_SOURCE,
		/** The source is unreadable or malformed (I/O error, bad syntax, key file missing). */
		INVALID
	}

	private final String credentialName;

	public CredentialsException(Kind kind, String credentialName, String message) {
		this(kind, credentialName, message, null);
	}

	public CredentialsException(Kind kind, String credentialName, String message, Throwable cause) {
		super(kind, message, cause);
		this.credentialName = credentialName;
	}

	@Override
	public Kind kind() {
		return (Kind) super.kind();
	}

	/** The name that was being resolved (may be null for a source-level failure). */
	public String credentialName() {
		return credentialName;
	}
}
