package org.underlay.testing.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.underlay.peers.ssh.SshKeys;

/**
 * Test-only SSH key pairs, generated at runtime with {@code ssh-keygen} into a temporary directory (nothing secret
 * is committed). The passphrase of an encrypted key is a test-only value that tests must never print.
 */
public final class SshTestKeys {

	/** Test-only passphrase of {@link #generate(Path, String, String, boolean) encrypted} keys. */
	private static final String TEST_PASSPHRASE = "tEst-only-Passphrase-7c1";

	private SshTestKeys() {
	}

	/** A copy of the test-only passphrase. */
	public static char[] passphrase() {
		return TEST_PASSPHRASE.toCharArray();
	}

	/** A key pair on disk: {@code privateKey} and {@code privateKey + ".pub"}. */
	public record KeyPairFiles(Path privateKey, Path publicKey, String type) {

		public String publicKeyLine() {
			try {
				return Files.readString(publicKey, StandardCharsets.US_ASCII).strip();
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}

		/** The private key file's text (OpenSSH format), for tests that pass key material inline. */
		public byte[] privateKeyBytes() {
			try {
				return Files.readAllBytes(privateKey);
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
	}

	/**
	 * Generates a key pair with ssh-keygen.
	 *
	 * @param type      ed25519, ecdsa or rsa
	 * @param encrypted protect with the test-only {@link #passphrase()}
	 */
	public static KeyPairFiles generate(Path dir, String name, String type, boolean encrypted) {
		Path key = dir.resolve(name);
		try {
			SshKeys.generate(key, type, encrypted ? TEST_PASSPHRASE : "", "underlay-test-" + name);
		} catch (IOException e) {
			throw new IllegalStateException(e.getMessage() + " (the SSH test peers need OpenSSH; see"
					+ " /work/shared/recipes/peers.md)", e);
		}
		return new KeyPairFiles(key, SshKeys.publicKey(key), type);
	}
}
