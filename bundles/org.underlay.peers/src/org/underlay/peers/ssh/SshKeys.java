package org.underlay.peers.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.underlay.peers.Programs;

/** SSH key pairs made with OpenSSH's {@code ssh-keygen}: host keys, the lab's key, the benchmark's and the tests'. */
public final class SshKeys {

	private SshKeys() {
	}

	/**
	 * Generates {@code key} (0600) and {@code key.pub}, replacing what is there.
	 *
	 * @param type       ed25519, ecdsa (P-256) or rsa (2048 bits)
	 * @param passphrase the key's passphrase, "" for none; never in a message
	 * @param comment    the public key's comment
	 * @throws IOException ssh-keygen is missing (the message names its package) or fails
	 */
	public static void generate(Path key, String type, String passphrase, String comment) throws IOException {
		Path keygen = Programs.find("ssh-keygen").orElseThrow(() -> new IOException(
				"ssh-keygen not found: install openssh-client (apt-get install -y --no-install-recommends "
						+ "openssh-client)"));
		Files.createDirectories(key.toAbsolutePath().getParent());
		Files.deleteIfExists(key);
		Files.deleteIfExists(publicKey(key));
		List<String> cmd = new ArrayList<>(List.of(keygen.toString(), "-q", "-t", type));
		if (type.equals("rsa")) {
			cmd.addAll(List.of("-b", "2048"));
		}
		cmd.addAll(List.of("-N", passphrase, "-C", comment, "-f", key.toString()));
		// ssh-keygen's output never contains the passphrase
		Programs.Result r = Programs.run(cmd, null, null, Duration.ofSeconds(30));
		if (r.code() != 0) {
			throw new IOException("ssh-keygen failed for " + key + ": " + r.output().strip());
		}
		Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
	}

	/** The public half of {@code key}: {@code key.pub}. */
	public static Path publicKey(Path key) {
		return key.resolveSibling(key.getFileName() + ".pub");
	}
}
