package org.underlay.ui.internal.credentials;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.ILog;
import org.eclipse.swt.widgets.Display;
import org.underlay.credentials.CredentialsChain;
import org.underlay.credentials.CredentialsException;
import org.underlay.credentials.CredentialsProvider;
import org.underlay.credentials.EnvironmentCredentials;
import org.underlay.credentials.FileCredentials;

/**
 * Where the workbench finds credentials, in order: Eclipse Secure Storage, {@code UNDERLAY_CREDENTIAL_*} variables,
 * the project's {@code .underlay/credentials} file (0600); then the running rehearsal lab's own (the environment
 * session adds them when the environment is the lab); and for runs the operator starts, last, a dialog for what none
 * of them defines, asked once and remembered in secure storage.
 *
 * <p>The secure storage is {@code ~/.underlay/secure_storage} ({@link #folder()}), encrypted with a random per-user master password kept
 * in {@code ~/.underlay/secure-storage.key} (0600, refused when others may read it). The platform's own master
 * password providers need a desktop keyring or a dialog of their own; this one never prompts, so a run asks at most
 * for the credential itself. Its protection at rest is the key file's permissions, as for an SSH key without
 * passphrase.
 */
public final class WorkbenchCredentials {

	private static SecureStorageCredentials storage;

	private WorkbenchCredentials() {
	}

	/**
	 * The folder of the workbench's secure storage and its key: {@code ~/.underlay}, or
	 * {@code -Dunderlay.secureStorage=FOLDER} (the UI tests point it into their build folder).
	 */
	public static Path folder() {
		String folder = System.getProperty("underlay.secureStorage");
		return folder != null ? Path.of(folder) : Path.of(System.getProperty("user.home"), ".underlay");
	}

	/** The workbench's secure storage, opened on first use; null (and logged) when it cannot be opened. */
	public static synchronized SecureStorageCredentials storage() {
		if (storage == null) {
			try {
				char[] master = masterPassword(folder().resolve("secure-storage.key"));
				try {
					storage = SecureStorageCredentials.open(folder().resolve("secure_storage"), master);
				} finally {
					Arrays.fill(master, '\0');
				}
			} catch (IOException | RuntimeException e) {
				ILog.of(WorkbenchCredentials.class).error("Secure storage is not available: " + e.getMessage(), e);
			}
		}
		return storage;
	}

	/** Uses another storage (tests: a throw-away file, never the user's). */
	public static synchronized void useStorage(SecureStorageCredentials other) {
		storage = other;
	}

	/** The sources without a dialog (the power poll must never prompt). */
	public static CredentialsProvider sources(Path project) {
		List<CredentialsProvider> providers = new ArrayList<>();
		SecureStorageCredentials secure = storage();
		if (secure != null) {
			providers.add(secure);
		}
		providers.add(new EnvironmentCredentials());
		if (project != null) {
			providers.add(new FileCredentials(project.resolve(".underlay").resolve("credentials")));
		}
		return new CredentialsChain(providers);
	}

	/**
	 * A dialog on {@code display} for a credential none of the sources defines, asked last (after the lab's own);
	 * close it when the run ends.
	 */
	public static PromptingCredentials forRun(Path project, Display display) {
		return new PromptingCredentials(sources(project), storage(), CredentialDialog.prompt(display));
	}

	/** Drops these credentials from secure storage; says what was forgotten, for the Deploy view's log. */
	public static String forget(Collection<String> names) {
		SecureStorageCredentials secure = storage();
		if (secure == null) {
			return "secure storage is not available: nothing to forget";
		}
		List<String> forgotten = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		for (String name : names) {
			try {
				if (secure.remove(name)) {
					forgotten.add(name);
				}
			} catch (CredentialsException e) {
				problems.add(e.getMessage());
			}
		}
		return (forgotten.isEmpty() ? "no stored credential of " + String.join(", ", names) + " to forget"
				: "forgot the stored credentials " + String.join(", ", forgotten) + "; the next run asks for them again")
				+ (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")");
	}

	/** Reads the master password, creating a random one (0600) on first use; refused when others may read it. */
	public static char[] masterPassword(Path file) throws IOException {
		Files.createDirectories(file.getParent());
		if (!Files.exists(file)) {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			byte[] encoded = Base64.getEncoder().encode(random);
			Arrays.fill(random, (byte) 0);
			try {
				Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
				Files.write(file, encoded);
			} catch (FileAlreadyExistsException e) {
				// another workbench created it first: use theirs
			} finally {
				Arrays.fill(encoded, (byte) 0);
			}
		}
		Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
		open.addAll(Files.getPosixFilePermissions(file));
		open.retainAll(EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
				PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE));
		if (!open.isEmpty()) {
			throw new IOException("refusing " + file + ": group or others may access it (" + open
					+ "); make it private with: chmod 600 " + file);
		}
		byte[] bytes = Files.readAllBytes(file);
		try {
			CharBuffer chars = StandardCharsets.US_ASCII.decode(ByteBuffer.wrap(bytes));
			char[] password = new char[chars.remaining()];
			chars.get(password);
			Arrays.fill(chars.array(), '\0');
			return password;
		} finally {
			Arrays.fill(bytes, (byte) 0);
		}
	}
}
