package org.underlay.ssh.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

import org.underlay.ssh.HostKeyInfo;
import org.underlay.ssh.HostKeyPin;
import org.underlay.ssh.HostKeyVerifier;

/**
 * The OpenSSH known_hosts files of a client: one it reads and appends to, and any number it only reads (the
 * user's {@code ~/.ssh/known_hosts}). JSch's parser does the matching (plain, hashed and {@code [host]:port}
 * entries); accepted keys are appended to the first file as one line (never rewritten, so comments and other
 * entries stay as they are). A file it creates is 0600, a folder it creates 0700: which hosts an operator trusts
 * is nobody else's to read or change.
 */
public final class KnownHostsStore {

	private final Path file;
	private final List<Path> readOnly;
	/** Held while a verifier decides: not the store's monitor, so connections to known hosts never wait for it. */
	private final Object decision = new Object();
	/** One repository per file, the written one first. */
	private List<HostKeyRepository> repositories;

	public KnownHostsStore(Path file) {
		this(file, List.of());
	}

	public KnownHostsStore(Path file, List<Path> readOnly) {
		this.file = file;
		this.readOnly = List.copyOf(readOnly);
	}

	public Path file() {
		return file;
	}

	private synchronized List<HostKeyRepository> repositories() throws JSchException {
		if (repositories == null) {
			List<HostKeyRepository> all = new ArrayList<>();
			List<Path> files = new ArrayList<>();
			files.add(file);
			files.addAll(readOnly);
			for (Path f : files) {
				JSch jsch = new JSch();
				if (Files.isReadable(f)) {
					jsch.setKnownHosts(f.toString());
				}
				all.add(jsch.getHostKeyRepository());
			}
			repositories = all;
		}
		return repositories;
	}

	private Path fileOf(int index) {
		return index == 0 ? file : readOnly.get(index - 1);
	}

	/** The first file whose entry for {@code name} is OK, or else CHANGED, or -1 with NOT_INCLUDED. */
	private record Lookup(int result, int fileIndex) {
	}

	private Lookup lookup(String name, byte[] key) throws JSchException {
		List<HostKeyRepository> all = repositories();
		int changedIn = -1;
		for (int i = 0; i < all.size(); i++) {
			int r = all.get(i).check(name, key);
			if (r == HostKeyRepository.OK) {
				return new Lookup(r, i);
			}
			if (r == HostKeyRepository.CHANGED && changedIn < 0) {
				changedIn = i;
			}
		}
		return changedIn >= 0 ? new Lookup(HostKeyRepository.CHANGED, changedIn)
				: new Lookup(HostKeyRepository.NOT_INCLUDED, -1);
	}

	private HostKey[] hostKeys(String name, String type) throws JSchException {
		List<HostKey> keys = new ArrayList<>();
		for (HostKeyRepository r : repositories()) {
			HostKey[] some = name == null ? r.getHostKey() : r.getHostKey(name, type);
			if (some != null) {
				keys.addAll(List.of(some));
			}
		}
		return keys.toArray(HostKey[]::new);
	}

	/** Key types known for a known_hosts name ({@code host} or {@code [host]:port}). */
	public List<String> knownTypes(String knownHostsName) throws JSchException {
		List<String> types = new ArrayList<>();
		for (HostKey k : hostKeys(knownHostsName, null)) {
			if (!types.contains(k.getType())) {
				types.add(k.getType());
			}
		}
		return types;
	}

	/**
	 * Appends {@code name type base64} to the written file and reloads, unless a concurrent connection recorded the
	 * key already.
	 */
	public synchronized void append(String knownHostsName, String type, byte[] key) throws IOException {
		try {
			if (repositories().get(0).check(knownHostsName, key) == HostKeyRepository.OK) {
				return;
			}
		} catch (JSchException e) {
			// unreadable file: append anyway
		}
		createPrivately();
		String line = knownHostsName + " " + type + " " + Base64.getEncoder().encodeToString(key) + "\n";
		Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
		repositories = null;
	}

	private void createPrivately() throws IOException {
		Path dir = file.toAbsolutePath().getParent();
		if (dir != null && !Files.isDirectory(dir)) {
			try {
				Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
						PosixFilePermissions.fromString("rwx------")));
			} catch (UnsupportedOperationException e) {
				Files.createDirectories(dir);
			}
		}
		if (!Files.exists(file)) {
			try {
				Files.createFile(file, PosixFilePermissions.asFileAttribute(
						PosixFilePermissions.fromString("rw-------")));
			} catch (FileAlreadyExistsException e) {
				// a concurrent client created it
			} catch (UnsupportedOperationException e) {
				Files.createFile(file);
			}
		}
	}

	/**
	 * A repository for one connection attempt that checks the pin (if any), then known_hosts, then consults the
	 * verifier, and records what it decided.
	 *
	 * @param pin the endpoint's pinned host key, or {@code null}
	 */
	public Check check(String host, int port, HostKeyVerifier verifier, HostKeyPin pin) {
		return new Check(host, port, verifier, pin);
	}

	/** The outcome of one host key check, read after a failed connect to give a typed error. */
	public final class Check implements HostKeyRepository {
		private final String host;
		private final int port;
		private final HostKeyVerifier verifier;
		private final HostKeyPin pin;
		private volatile HostKeyInfo refusedUnknown;
		private volatile HostKeyInfo changed;
		private volatile String changedKnownFingerprint;
		private volatile Path changedIn;
		private volatile HostKeyInfo pinMismatch;
		private volatile RuntimeException verifierFailure;

		Check(String host, int port, HostKeyVerifier verifier, HostKeyPin pin) {
			this.host = host;
			this.port = port;
			this.verifier = verifier;
			this.pin = pin;
		}

		public HostKeyInfo refusedUnknown() {
			return refusedUnknown;
		}

		public HostKeyInfo changed() {
			return changed;
		}

		public String changedKnownFingerprint() {
			return changedKnownFingerprint;
		}

		/** The known_hosts file that holds the other key, when {@link #changed()}. */
		public Path changedIn() {
			return changedIn;
		}

		/** The key presented when it was not the pinned one. */
		public HostKeyInfo pinMismatch() {
			return pinMismatch;
		}

		public HostKeyPin pin() {
			return pin;
		}

		public RuntimeException verifierFailure() {
			return verifierFailure;
		}

		public Path file() {
			return KnownHostsStore.this.file;
		}

		@Override
		public int check(String name, byte[] key) {
			String type = HostKeyPin.keyType(key);
			// The pin first: a key other than the pinned one is refused even if known_hosts trusts it. JSch asks
			// during the key exchange, so a refusal here ends the connection before authentication.
			if (pin != null && !pin.matches(key)) {
				pinMismatch = new HostKeyInfo(host, port, type, HostKeyPin.fingerprint(key), List.of());
				return NOT_INCLUDED;
			}
			Lookup found;
			try {
				found = lookup(name, key);
			} catch (JSchException e) {
				found = new Lookup(NOT_INCLUDED, -1);
			}
			if (found.result() == OK) {
				return OK;
			}
			if (found.result() == CHANGED) {
				// A matching pin does not override a different key the operator's known_hosts holds: someone with
				// write access to the design could otherwise take over a host the operator already knows.
				changed = new HostKeyInfo(host, port, type, HostKeyPin.fingerprint(key), List.of(type));
				changedKnownFingerprint = knownFingerprint(name, type);
				changedIn = fileOf(found.fileIndex());
				return CHANGED;
			}
			if (pin != null) {
				record(name, type, key); // explicit trust: the design names this key
				return OK;
			}
			// One decision at a time per known_hosts file: concurrent first connections to a host (a fan-out) ask
			// once, the others find the key recorded when they get the lock.
			synchronized (decision) {
				try {
					if (lookup(name, key).result() == OK) {
						return OK;
					}
				} catch (JSchException e) {
					// ask
				}
				List<String> others;
				try {
					others = knownTypes(name);
				} catch (JSchException e) {
					others = List.of();
				}
				HostKeyInfo info = new HostKeyInfo(host, port, type, HostKeyPin.fingerprint(key), others);
				boolean accept;
				try {
					accept = verifier.acceptUnknown(info);
				} catch (RuntimeException e) {
					verifierFailure = e;
					accept = false;
				}
				if (!accept) {
					refusedUnknown = info;
					return NOT_INCLUDED;
				}
				record(name, type, key);
				return OK;
			}
		}

		private void record(String name, String type, byte[] key) {
			try {
				append(name, type, key);
			} catch (IOException e) {
				// Trusted for this connection even if it cannot be remembered; the next connect decides again.
			}
		}

		private String knownFingerprint(String name, String type) {
			try {
				HostKey[] keys = hostKeys(name, type);
				if (keys.length > 0) {
					return HostKeyPin.fingerprint(Base64.getDecoder().decode(keys[0].getKey()));
				}
			} catch (JSchException | IllegalArgumentException e) {
				// fall through
			}
			return "(unknown)";
		}

		@Override
		public void add(HostKey hostkey, UserInfo ui) {
			// JSch adds only with StrictHostKeyChecking=no/ask; we never use those.
		}

		@Override
		public void remove(String host, String type) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void remove(String host, String type, byte[] key) {
			throw new UnsupportedOperationException();
		}

		@Override
		public String getKnownHostsRepositoryID() {
			return KnownHostsStore.this.file.toString();
		}

		@Override
		public HostKey[] getHostKey() {
			try {
				return hostKeys(null, null);
			} catch (JSchException e) {
				return new HostKey[0];
			}
		}

		@Override
		public HostKey[] getHostKey(String host, String type) {
			try {
				return hostKeys(host, type);
			} catch (JSchException e) {
				return new HostKey[0];
			}
		}
	}
}
