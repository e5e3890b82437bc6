package org.underlay.peers.ssh;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.underlay.peers.PeerProcess;
import org.underlay.peers.Ports;
import org.underlay.peers.Programs;

/**
 * Debian's OpenSSH {@code sshd} in the foreground ({@code -D -e}) on a loopback port, serving from a {@link Setup}:
 * one folder with a host key (ed25519), key-only authentication from its own authorized_keys file, no PAM,
 * {@code SetEnv SHLVL=1} so root's {@code .bashrc} skips its slow {@code pyenv init}, and {@code MaxStartups} raised
 * for fan-out. Any number of sshd may serve from one setup, each on its own port.
 */
public final class OpenSshd extends PeerProcess {

	public static final String HOST = "127.0.0.1";

	private final Setup setup;
	private final int port;

	private OpenSshd(Setup setup, int port, Process process, Path log) {
		super(process, log);
		this.setup = setup;
		this.port = port;
	}

	/**
	 * Writes a setup into {@code dir} (created if need be): host key, an empty authorized_keys, sshd_config.
	 *
	 * @param logLevel sshd's LogLevel (VERBOSE, ERROR, ...)
	 * @throws IOException sshd or ssh-keygen is missing (the message names the package), or a file cannot be written
	 */
	public static Setup prepare(Path dir, String logLevel) throws IOException {
		Path sshd = Programs.find("sshd").orElseThrow(() -> new IOException("sshd not found: install openssh-server"
				+ " (apt-get install -y --no-install-recommends openssh-server)"));
		Files.createDirectories(dir);
		Path hostKey = dir.resolve("hostkey_ed25519");
		SshKeys.generate(hostKey, "ed25519", "", "underlay-peer-host");
		Path authorized = dir.resolve("authorized_keys");
		Files.deleteIfExists(authorized);
		Files.createFile(authorized);
		try {
			Files.createDirectories(Path.of("/run/sshd"));
		} catch (IOException e) {
			// only needed (and only possible) as root; sshd says so itself if it is missing
		}
		Files.writeString(dir.resolve("sshd_config"), String.join("\n",
				"ListenAddress " + HOST,
				"HostKey " + hostKey,
				"PidFile none",
				"AuthorizedKeysFile " + authorized,
				"PubkeyAuthentication yes",
				"PasswordAuthentication no",
				"KbdInteractiveAuthentication no",
				"UsePAM no",
				"PermitRootLogin prohibit-password",
				"StrictModes no",
				"MaxStartups 200",
				"MaxSessions 50",
				"SetEnv SHLVL=1",
				"LogLevel " + logLevel,
				"Subsystem sftp internal-sftp",
				""));
		return new Setup(dir, sshd, Files.readString(SshKeys.publicKey(hostKey)).strip());
	}

	/** A folder sshd serves from: its configuration, host key and authorized keys. */
	public static final class Setup {
		private final Path dir;
		private final Path sshd;
		private final String hostKeyLine;

		private Setup(Path dir, Path sshd, String hostKeyLine) {
			this.dir = dir;
			this.sshd = sshd;
			this.hostKeyLine = hostKeyLine;
		}

		public Path directory() {
			return dir;
		}

		/** The host's public key line ("ssh-ed25519 AAAA... comment"). */
		public String hostKeyLine() {
			return hostKeyLine;
		}

		/** The known_hosts line of the host key on {@code port}: "[127.0.0.1]:port ssh-ed25519 AAAA...\n". */
		public String knownHostsLine(int port) {
			String[] parts = hostKeyLine.split(" ");
			return "[" + HOST + "]:" + port + " " + parts[0] + " " + parts[1] + "\n";
		}

		/** Lets a public key line ("ssh-ed25519 AAAA... comment") log in; every sshd of the setup reads it. */
		public synchronized void authorize(String publicKeyLine) throws IOException {
			Files.writeString(dir.resolve("authorized_keys"), publicKeyLine.strip() + "\n",
					StandardOpenOption.APPEND);
		}

		/**
		 * Starts one sshd and waits until it sends its banner (~70 ms); port 0 takes a free port, three tries if it
		 * is taken. Its log: {@code sshd-PORT.log} in the folder.
		 *
		 * @throws IOException it did not start (the message holds its log)
		 */
		public OpenSshd start(int port) throws IOException {
			IOException last = null;
			for (int attempt = 0; attempt < (port == 0 ? 3 : 1); attempt++) {
				int p = port == 0 ? Ports.freeTcp() : port;
				Path log = dir.resolve("sshd-" + p + ".log");
				ProcessBuilder pb = new ProcessBuilder(sshd.toString(), "-D", "-e", "-f",
						dir.resolve("sshd_config").toString(), "-p", Integer.toString(p))
						.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true)
						.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
				OpenSshd server = new OpenSshd(this, p, pb.start(), log);
				if (server.awaitBanner(10_000)) {
					return server;
				}
				server.kill();
				last = new IOException("sshd on port " + p + " did not start; log:\n" + server.log());
			}
			throw last;
		}
	}

	private boolean awaitBanner(long millis) {
		long end = System.currentTimeMillis() + millis;
		while (System.currentTimeMillis() < end && isAlive()) {
			try (Socket s = new Socket()) {
				s.connect(new InetSocketAddress(InetAddress.getByName(HOST), port), 500);
				s.setSoTimeout(1000);
				InputStream in = s.getInputStream();
				if (new String(in.readNBytes(4), StandardCharsets.US_ASCII).equals("SSH-")) {
					return true;
				}
			} catch (IOException e) {
				// not listening yet
			}
			try {
				Thread.sleep(20);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	public Setup setup() {
		return setup;
	}

	public String host() {
		return HOST;
	}

	public int port() {
		return port;
	}

	/** The known_hosts line of this sshd. */
	public String knownHostsLine() {
		return setup.knownHostsLine(port);
	}

	@Override
	public String toString() {
		return "OpenSshd[" + HOST + ":" + port + ", pid " + pid() + "]";
	}
}
