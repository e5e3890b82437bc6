package org.underlay.credentials;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a credential name resolves to: an optional user, and a password and/or a private key (inline key material
 * or a key file) with an optional passphrase. Arrays are defensive copies; {@link #destroy()} (or
 * {@link #close()}) overwrites them. {@link #toString()} shows only which parts are present.
 */
public final class Secret extends SecretHolder {

	private final String name;
	private final String user;
	private final char[] password;
	private final byte[] privateKey;
	private final Path keyFile;
	private final char[] passphrase;

	private Secret(Builder b) {
		this.name = b.name;
		this.user = b.user;
		this.password = copy(b.password);
		this.privateKey = copy(b.privateKey);
		this.keyFile = b.keyFile;
		this.passphrase = copy(b.passphrase);
	}

	public static Builder builder(String name) {
		return new Builder(name);
	}

	/** The credential name this secret was resolved from (never secret). */
	public String name() {
		return name;
	}

	public Optional<String> user() {
		return Optional.ofNullable(user);
	}

	public boolean hasPassword() {
		return password != null;
	}

	/** A copy of the password; wipe it after use. */
	public char[] password() {
		checkNotDestroyed();
		if (password == null) {
			throw new IllegalStateException("credential '" + name + "' has no password");
		}
		return password.clone();
	}

	public boolean hasPrivateKey() {
		return privateKey != null || keyFile != null;
	}

	/** Inline private key material (PEM/OpenSSH text), if the credential holds it rather than a file. */
	public Optional<byte[]> privateKey() {
		checkNotDestroyed();
		return Optional.ofNullable(copy(privateKey));
	}

	/** The private key file, if the credential refers to one. */
	public Optional<Path> keyFile() {
		return Optional.ofNullable(keyFile);
	}

	public boolean hasPassphrase() {
		return passphrase != null;
	}

	/** A copy of the key passphrase, if any; wipe it after use. */
	public Optional<char[]> passphrase() {
		checkNotDestroyed();
		return Optional.ofNullable(copy(passphrase));
	}

	@Override
	protected String describe() {
		return "credential '" + name + "'";
	}

	/** Overwrites password, key material and passphrase. */
	@Override
	protected void wipe() {
		wipe(password);
		wipe(privateKey);
		wipe(passphrase);
	}

	@Override
	public String toString() {
		StringBuilder s = new StringBuilder("Secret[").append(name);
		if (user != null) {
			s.append(", user=").append(user);
		}
		if (password != null) {
			s.append(", password=****");
		}
		if (privateKey != null) {
			s.append(", key=****");
		}
		if (keyFile != null) {
			s.append(", keyFile=").append(keyFile);
		}
		if (passphrase != null) {
			s.append(", passphrase=****");
		}
		return s.append(isDestroyed() ? ", destroyed]" : "]").toString();
	}

	/** Builds a {@link Secret}; the builder copies arrays, the caller wipes its own. */
	public static final class Builder {
		private final String name;
		private String user;
		private char[] password;
		private byte[] privateKey;
		private Path keyFile;
		private char[] passphrase;

		private Builder(String name) {
			this.name = CredentialsProvider.checkName(name);
		}

		public Builder user(String value) {
			this.user = value;
			return this;
		}

		public Builder password(char[] value) {
			this.password = copy(value);
			return this;
		}

		public Builder privateKey(byte[] value) {
			this.privateKey = copy(value);
			return this;
		}

		public Builder keyFile(Path value) {
			this.keyFile = value;
			return this;
		}

		public Builder passphrase(char[] value) {
			this.passphrase = copy(value);
			return this;
		}

		public Secret build() {
			Secret s = new Secret(this);
			wipe(password);
			wipe(privateKey);
			wipe(passphrase);
			return s;
		}

		@Override
		public String toString() {
			return "Secret.Builder[" + Objects.toString(name) + "]";
		}
	}
}
