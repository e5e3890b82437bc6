package org.underlay.bench.machines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.underlay.deploy.fanout.FanOut;
import org.underlay.deploy.fanout.FanOutReport;
import org.underlay.peers.FileTrees;
import org.underlay.peers.ssh.OpenSshd;
import org.underlay.peers.ssh.SshKeys;

/**
 * N OpenSSH {@code sshd} processes on loopback ports sharing one {@link OpenSshd.Setup} in one directory: one host
 * key, one client key (ed25519, no passphrase) in {@code authorized_keys}, a {@code known_hosts} with every port, and
 * the files the field's tools need — an ssh_config ({@code -F}) with that key, known_hosts, strict host key checking, batch mode
 * and the curve25519-sha256 key exchange; a pssh host list; an Ansible inventory. Every sshd sets
 * {@code SetEnv SHLVL=1} so root's .bashrc skips its pyenv set-up (same for every tool).
 */
public final class LoopbackSshHosts implements AutoCloseable {

	/** The key exchange every tool uses in the benchmark (OpenSSH's default sntrup761 hybrid costs client CPU). */
	public static final String KEX = "curve25519-sha256";

	private final Path dir;
	private final List<Integer> ports = new ArrayList<>();
	private final List<OpenSshd> servers = new ArrayList<>();

	private LoopbackSshHosts(Path dir) {
		this.dir = dir;
	}

	/** Starts {@code count} sshd; throws with a clear message if sshd or ssh-keygen is not installed. */
	public static LoopbackSshHosts start(int count) throws IOException, InterruptedException {
		LoopbackSshHosts hosts = new LoopbackSshHosts(Files.createTempDirectory("underlay-bench-ssh-"));
		try {
			OpenSshd.Setup setup = OpenSshd.prepare(hosts.dir, "ERROR");
			Path key = hosts.clientKey();
			SshKeys.generate(key, "ed25519", "", "underlay-bench");
			setup.authorize(Files.readString(SshKeys.publicKey(key)));
			List<Integer> indexes = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				indexes.add(i);
			}
			FanOutReport<Integer, OpenSshd> r = FanOut.run(indexes, 8, i -> setup.start(0), null);
			r.outcomes().stream().filter(o -> o.value() != null).forEach(o -> hosts.servers.add(o.value()));
			if (!r.allSucceeded()) {
				throw new IOException("sshd did not start: " + r.failed().get(0).error().getMessage());
			}
			hosts.servers.forEach(s -> hosts.ports.add(s.port()));
			hosts.writeClientFiles(setup);
			return hosts;
		} catch (IOException | InterruptedException | RuntimeException e) {
			hosts.close();
			throw e;
		}
	}

	private void writeClientFiles(OpenSshd.Setup setup) throws IOException {
		StringBuilder knownHosts = new StringBuilder();
		StringBuilder psshHosts = new StringBuilder();
		StringBuilder inventory = new StringBuilder("[bench]\n");
		for (int i = 0; i < ports.size(); i++) {
			int port = ports.get(i);
			knownHosts.append(setup.knownHostsLine(port));
			psshHosts.append(user()).append("@127.0.0.1:").append(port).append('\n');
			inventory.append(String.format("h%02d ansible_host=127.0.0.1 ansible_port=%d%n", i + 1, port));
		}
		inventory.append("\n[bench:vars]\nansible_user=").append(user()).append('\n')
				.append("ansible_ssh_private_key_file=").append(dir.resolve("id_ed25519")).append('\n')
				.append("ansible_python_interpreter=/usr/bin/python3\n");
		Files.writeString(dir.resolve("known_hosts"), knownHosts);
		Files.writeString(dir.resolve("pssh_hosts"), psshHosts);
		Files.writeString(dir.resolve("inventory.ini"), inventory);
		Files.writeString(dir.resolve("ssh_config"), String.join("\n",
				"Host *",
				"  User " + user(),
				"  IdentityFile " + dir.resolve("id_ed25519"),
				"  IdentitiesOnly yes",
				"  UserKnownHostsFile " + dir.resolve("known_hosts"),
				"  GlobalKnownHostsFile /dev/null",
				"  StrictHostKeyChecking yes",
				"  KexAlgorithms " + KEX,
				"  BatchMode yes",
				"  ControlMaster no",
				"  LogLevel ERROR",
				""));
	}

	public String user() {
		return System.getProperty("user.name");
	}

	public List<Integer> ports() {
		return List.copyOf(ports);
	}

	public Path directory() {
		return dir;
	}

	public Path clientKey() {
		return dir.resolve("id_ed25519");
	}

	public Path knownHosts() {
		return dir.resolve("known_hosts");
	}

	public Path sshConfig() {
		return dir.resolve("ssh_config");
	}

	public Path psshHosts() {
		return dir.resolve("pssh_hosts");
	}

	public Path ansibleInventory() {
		return dir.resolve("inventory.ini");
	}

	/** Stops every sshd (and the connections they serve) by PID and deletes the directory. */
	@Override
	public void close() {
		servers.forEach(OpenSshd::close);
		FileTrees.deleteWhatCan(dir);
	}
}
