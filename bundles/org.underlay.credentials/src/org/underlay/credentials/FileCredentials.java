package org.underlay.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Credentials from a file that only its owner may read: mode 0600 (or stricter) and owned by the user running
 * Underlay, else every lookup is refused ({@link CredentialsException.Kind#INSECURE_SOURCE}) — like OpenSSH refuses
 * a private key readable by others. The file is read at each lookup, so edits apply without a restart.
 *
 * <p>Format: one {@code <name>.<field> = <value>} per line, {@code #} starts a comment line; fields are
 * {@code user}, {@code password}, {@code keyFile} (relative paths are resolved against the file's directory) and
 * {@code passphrase}. Values are taken literally (trimmed), no escapes:
 *
 * <pre>
 * fra1-bmc.user = admin
 * fra1-bmc.password = ...
 * deploy-key.user = root
 * deploy-key.keyFile = keys/deploy_ed25519
 * </pre>
 */
public final class FileCredentials implements CredentialsProvider {

	private static final Set<PosixFilePermission> FORBIDDEN = EnumSet.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
			PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

	private final Path file;

	public FileCredentials(Path file) {
		this.file = file.toAbsolutePath();
	}

	public Path file() {
		return file;
	}

	@Override
	public Optional<Secret> find(String name) throws CredentialsException {
		CredentialsProvider.checkName(name);
		List<String> lines = read(name);
		String prefix = name + ".";
		String user = null;
		String password = null;
		String keyFile = null;
		String passphrase = null;
		boolean found = false;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			int eq = line.indexOf('=');
			if (eq < 0) {
				// Say where, not what: the line may be a pasted secret.
				throw new CredentialsException(CredentialsException.Kind.INVALID, name,
						"credentials file " + file + " line " + (i + 1) + ": expected '<name>.<field> = <value>'");
			}
			String key = line.substring(0, eq).strip();
			if (!key.startsWith(prefix)) {
				continue;
			}
			String value = line.substring(eq + 1).strip();
			String field = key.substring(prefix.length());
			found = true;
			switch (field) {
			case "user" -> user = value;
			case "password" -> password = value;
			case "keyFile" -> keyFile = value;
			case "passphrase" -> passphrase = value;
			default -> throw new CredentialsException(CredentialsException.Kind.INVALID, name, "credentials file "
					+ file + " line " + (i + 1) + ": unknown field '" + field
					+ "' (known: user, password, keyFile, passphrase)");
			}
		}
		if (!found) {
			return Optional.empty();
		}
		Secret.Builder b = Secret.builder(name).user(user);
		if (password != null) {
			b.password(password.toCharArray());
		}
		if (keyFile != null && !keyFile.isEmpty()) {
			b.keyFile(file.getParent().resolve(keyFile).normalize());
		}
		if (passphrase != null) {
			b.passphrase(passphrase.toCharArray());
		}
		return Optional.of(b.build());
	}

	private List<String> read(String name) throws CredentialsException {
		try {
			if (!Files.exists(file)) {
				return List.of();
			}
			checkPrivate(name);
			return Files.readAllLines(file, StandardCharsets.UTF_8);
		} catch (NoSuchFileException e) {
			return List.of();
		} catch (IOException e) {
			throw new CredentialsException(CredentialsException.Kind.INVALID, name,
					"cannot read credentials file " + file + ": " + e.getClass().getSimpleName(), e);
		}
	}

	private void checkPrivate(String name) throws IOException, CredentialsException {
		Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
		Set<PosixFilePermission> bad = EnumSet.noneOf(PosixFilePermission.class);
		bad.addAll(perms);
		bad.retainAll(FORBIDDEN);
		if (!bad.isEmpty()) {
			throw new CredentialsException(CredentialsException.Kind.INSECURE_SOURCE, name, "refusing credentials file "
					+ file + ": it is accessible by group or others (" + bad
					+ "); make it private with: chmod 600 " + file);
		}
		String owner = Files.getOwner(file).getName();
		String me = System.getProperty("user.name");
		if (!owner.equals(me)) {
			throw new CredentialsException(CredentialsException.Kind.INSECURE_SOURCE, name, "refusing credentials file "
					+ file + ": it is owned by '" + owner + "', not by the current user '" + me + "'");
		}
	}

	@Override
	public String describe() {
		return "file " + file;
	}

	@Override
	public String toString() {
		return "FileCredentials[" + file + "]";
	}
}
