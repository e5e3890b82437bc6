package org.underlay.credentials;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from environment variables, for headless use. For a credential name, the key is the name in upper
 * case with '-' and '.' replaced by '_' ({@code fra1-bmc} → {@code FRA1_BMC}); then:
 * <ul>
 * <li>{@code UNDERLAY_CREDENTIAL_<KEY>} — the password,</li>
 * <li>{@code UNDERLAY_CREDENTIAL_<KEY>_USER} — the user name,</li>
 * <li>{@code UNDERLAY_CREDENTIAL_<KEY>_KEY_FILE} — path of a private key file (OpenSSH/PEM),</li>
 * <li>{@code UNDERLAY_CREDENTIAL_<KEY>_PASSPHRASE} — passphrase of that key.</li>
 * </ul>
 * A name is defined if any of these is set. Private key material itself is never taken from the environment: point
 * to a file instead.
 */
public final class EnvironmentCredentials implements CredentialsProvider {

	public static final String PREFIX = "UNDERLAY_CREDENTIAL_";

	private final Map<String, String> environment;

	/** Reads the process environment. */
	public EnvironmentCredentials() {
		this(System.getenv());
	}

	/** Reads the given map instead of the process environment (tests, embedding). */
	public EnvironmentCredentials(Map<String, String> environment) {
		this.environment = Map.copyOf(environment);
	}

	/** The variable holding the password of {@code name}; append _USER, _KEY_FILE, _PASSPHRASE for the others. */
	public static String variable(String name) {
		return PREFIX + CredentialsProvider.checkName(name).toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
	}

	@Override
	public Optional<Secret> find(String name) throws CredentialsException {
		String var = variable(name);
		String password = environment.get(var);
		String user = environment.get(var + "_USER");
		String keyFile = environment.get(var + "_KEY_FILE");
		String passphrase = environment.get(var + "_PASSPHRASE");
		if (password == null && user == null && keyFile == null && passphrase == null) {
			return Optional.empty();
		}
		Secret.Builder b = Secret.builder(name).user(user);
		if (password != null) {
			b.password(password.toCharArray());
		}
		if (keyFile != null && !keyFile.isBlank()) {
			b.keyFile(Path.of(keyFile));
		}
		if (passphrase != null) {
			b.passphrase(passphrase.toCharArray());
		}
		return Optional.of(b.build());
	}

	@Override
	public String describe() {
		return "environment " + PREFIX + "<NAME>[_USER|_KEY_FILE|_PASSPHRASE]";
	}

	@Override
	public String toString() {
		return "EnvironmentCredentials";
	}
}
