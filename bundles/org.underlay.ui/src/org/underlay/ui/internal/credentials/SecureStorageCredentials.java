package org.underlay.ui.internal.credentials;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import javax.crypto.spec.PBEKeySpec;

import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;
import org.eclipse.equinox.security.storage.provider.IProviderHints;
import org.underlay.credentials.CredentialsException;
import org.underlay.credentials.CredentialsProvider;
import org.underlay.credentials.Secret;

/**
 * Credentials kept in Eclipse Secure Storage: one node per credential name under {@code /org.underlay/credentials},
 * the user and key file in clear, password and passphrase encrypted. Thread-safe (the storage synchronizes).
 */
public final class SecureStorageCredentials implements CredentialsProvider {

	static final String ROOT = "org.underlay/credentials";

	private final ISecurePreferences root;
	private final String where;

	public SecureStorageCredentials(ISecurePreferences root, String where) {
		this.root = root;
		this.where = where;
	}

	/**
	 * Opens (or creates) a secure storage file whose master password is given, so the platform never prompts for
	 * one: the workbench passes its per-user key ({@link WorkbenchCredentials}), tests a throw-away one.
	 */
	public static SecureStorageCredentials open(Path file, char[] masterPassword) throws IOException {
		// the storage keeps the key (a copy of the password) to encrypt and decrypt for as long as it is open
		PBEKeySpec key = new PBEKeySpec(masterPassword);
		ISecurePreferences preferences = SecurePreferencesFactory.open(file.toUri().toURL(),
				Map.of(IProviderHints.DEFAULT_PASSWORD, key, IProviderHints.PROMPT_USER, Boolean.FALSE));
		if (preferences == null) {
			throw new IOException("cannot open secure storage " + file);
		}
		return new SecureStorageCredentials(preferences, "secure storage " + file);
	}

	@Override
	public Optional<Secret> find(String name) throws CredentialsException {
		String path = ROOT + "/" + CredentialsProvider.checkName(name);
		if (!root.nodeExists(path)) {
			return Optional.empty();
		}
		ISecurePreferences node = root.node(path);
		char[] password = null;
		char[] passphrase = null;
		try {
			Secret.Builder secret = Secret.builder(name).user(node.get("user", null));
			password = chars(node.get("password", null));
			passphrase = chars(node.get("passphrase", null));
			secret.password(password).passphrase(passphrase);
			String keyFile = node.get("keyFile", null);
			if (keyFile != null && !keyFile.isBlank()) {
				secret.keyFile(Path.of(keyFile));
			}
			return Optional.of(secret.build());
		} catch (StorageException e) {
			// the storage's message names the node and the cause, never the value
			throw new CredentialsException(CredentialsException.Kind.INVALID, name,
					"cannot decrypt credential '" + name + "' from " + where + ": " + e.getMessage(), e);
		} finally {
			wipe(password);
			wipe(passphrase);
		}
	}

	/** Stores (replaces) a credential with a password and writes the storage to disk. */
	public void store(String name, String user, char[] password) throws CredentialsException {
		store(name, user, password, null);
	}

	/**
	 * Stores (replaces) a credential and writes the storage to disk: with a {@code keyFile}, that path (not secret)
	 * and {@code password} as the key's passphrase (encrypted; none when empty), else the password (encrypted).
	 */
	public void store(String name, String user, char[] password, Path keyFile) throws CredentialsException {
		ISecurePreferences node = root.node(ROOT + "/" + CredentialsProvider.checkName(name));
		try {
			node.clear();
			if (user != null && !user.isBlank()) {
				node.put("user", user.strip(), false);
			}
			if (keyFile != null) {
				node.put("keyFile", keyFile.toAbsolutePath().toString(), false);
				if (password != null && password.length > 0) {
					node.put("passphrase", new String(password), true);
				}
			} else if (password != null) {
				node.put("password", new String(password), true);
			}
			root.flush();
		} catch (StorageException | IOException e) {
			throw new CredentialsException(CredentialsException.Kind.INVALID, name,
					"cannot store credential '" + name + "' in " + where + ": " + e.getMessage(), e);
		}
	}

	/** Forgets a stored credential (a wrong password remembered); true if there was one. */
	public boolean remove(String name) throws CredentialsException {
		String path = ROOT + "/" + CredentialsProvider.checkName(name);
		if (!root.nodeExists(path)) {
			return false;
		}
		root.node(path).removeNode();
		try {
			root.flush();
		} catch (IOException e) {
			throw new CredentialsException(CredentialsException.Kind.INVALID, name,
					"cannot update " + where + ": " + e.getMessage(), e);
		}
		return true;
	}

	private static char[] chars(String value) {
		return value == null ? null : value.toCharArray();
	}

	private static void wipe(char[] value) {
		if (value != null) {
			Arrays.fill(value, '\0');
		}
	}

	@Override
	public String describe() {
		return where;
	}

	@Override
	public String toString() {
		return "SecureStorageCredentials[" + where + "]";
	}
}
