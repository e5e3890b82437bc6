package org.underlay.testing.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.underlay.peers.FileTrees;
import org.underlay.peers.ssh.OpenSshd;

/**
 * Debian's OpenSSH {@code sshd} in the foreground on a free loopback port, as the peers bundle starts it
 * ({@link OpenSshd}): generated host key (ed25519), key-only authentication from its own authorized_keys file, no
 * PAM, {@code SetEnv SHLVL=1} so root's {@code .bashrc} skips its slow {@code pyenv init} (see
 * /work/shared/recipes/peers.md), and {@code MaxStartups} raised for fan-out tests. Logs verbosely, for the tests
 * that check logs for secrets.
 *
 * <p>If {@value #SSHD} is missing, {@link #start()} throws: a missing peer fails the run, it does not skip tests.
 */
public final class OpenSshServer implements SshTestServer {

	public static final String SSHD = "/usr/sbin/sshd";

	private final OpenSshd sshd;

	private OpenSshServer(OpenSshd sshd) {
		this.sshd = sshd;
	}

	/** Starts sshd in a new temporary directory and waits until it sends its banner (~70 ms). */
	public static OpenSshServer start() {
		if (!Files.isExecutable(Path.of(SSHD))) {
			throw new IllegalStateException(SSHD + " not found: the real OpenSSH server is required for these tests."
					+ " Install it with: apt-get install -y --no-install-recommends openssh-server (see"
					+ " /work/shared/recipes/peers.md)");
		}
		try {
			return new OpenSshServer(OpenSshd.prepare(Files.createTempDirectory("underlay-sshd-"), "VERBOSE").start(0));
		} catch (IOException e) {
			throw new UncheckedIOException("cannot start sshd", e);
		}
	}

	@Override
	public String kind() {
		return "openssh";
	}

	@Override
	public String host() {
		return sshd.host();
	}

	@Override
	public int port() {
		return sshd.port();
	}

	@Override
	public String user() {
		return System.getProperty("user.name");
	}

	@Override
	public String knownHostsLines() {
		return sshd.knownHostsLine();
	}

	/** The host's public key line ("ssh-ed25519 AAAA... comment"). */
	public String hostKeyLine() {
		return sshd.setup().hostKeyLine();
	}

	@Override
	public void authorize(String publicKeyLine) {
		try {
			sshd.setup().authorize(publicKeyLine);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public long pid() {
		return sshd.pid();
	}

	public boolean isAlive() {
		return sshd.isAlive();
	}

	/** SIGKILL to the listener and to every per-connection sshd: the clients see their connections drop. */
	@Override
	public void kill() {
		sshd.kill();
	}

	@Override
	public String log() {
		return sshd.log();
	}

	@Override
	public Path directory() {
		return sshd.setup().directory();
	}

	@Override
	public void close() {
		kill();
		FileTrees.deleteWhatCan(directory());
	}

	@Override
	public String toString() {
		return "OpenSshServer[127.0.0.1:" + port() + ", pid " + pid() + "]";
	}
}
