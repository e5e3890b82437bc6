package org.underlay.credentials;

/** No provider could resolve the credential name; the message lists where it was looked up. */
public class MissingCredentialException extends CredentialsException {

	private static final long serialVersionUID = 1L;

	public MissingCredentialException(String credentialName, String whereLooked) {
		super(Kind.MISSING, credentialName, "credential '" + credentialName + "' is not defined (looked in: "
				+ whereLooked + ")");
	}
}
