package org.underlay.deploy.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.underlay.deploy.fanout.FanOut;
import org.underlay.deploy.fanout.FanOutReport;

/**
 * N OpenSSH {@code sshd} processes on loopback ports sharing one setup in one directory: one host key, one client
 * key (ed25519, no passphrase) in {@code authorized_keys}, a {@code known_hosts} with every port, and the files the
 * field's tools need — an ssh_config ({@code -F}) with that key, known_hosts, strict host key checking, batch mode
 * and the curve25519-sha256 key exchange; a pssh host list; an Ansible inventory. Every sshd sets
 * {@code SetEnv SHLVL=1} so root's .bashrc skips its pyenv set-up (same for every tool).
 */
public final class LoopbackSshHosts implements AutoCloseable {

    /** The key exchange every tool uses in the benchmark (OpenSSH's default sntrup761 hybrid costs client CPU). */
    public static final String KEX = "curve25519-sha256";

    private final Path dir;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    private LoopbackSshHosts(Path dir) {
        this.dir = dir;
    }

    /** Starts {@code count} sshd; throws with a clear message if sshd or ssh-keygen is not installed. */
    public static LoopbackSshHosts start(int count) throws IOException, InterruptedException {
        Path sshd = Tools.find("sshd").orElseThrow(() -> new IOException(
                "sshd not found: install openssh-server (apt-get install -y --no-install-recommends openssh-server)"));
        Path keygen = Tools.find("ssh-keygen").orElseThrow(() -> new IOException("ssh-keygen not found"));
        LoopbackSshHosts hosts = new LoopbackSshHosts(Files.createTempDirectory("underlay-bench-ssh-"));
        try {
            hosts.prepare(keygen);
            try {
                Files.createDirectories(Path.of("/run/sshd"));
            } catch (IOException e) {
                // only root can; sshd reports it if missing
            }
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ports.add(freePort(ports));
            }
            FanOutReport<Integer, Process> r = FanOut.run(ports, 8, port -> hosts.startOne(sshd, port), null);
            if (!r.allSucceeded()) {
                throw new IOException("sshd did not start: " + r.failed().get(0).error().getMessage());
            }
            r.outcomes().forEach(o -> {
                hosts.ports.add(o.target());
                hosts.processes.add(o.value());
            });
            hosts.writeClientFiles();
            return hosts;
        } catch (IOException | InterruptedException | RuntimeException e) {
            hosts.close();
            throw e;
        }
    }

    private void prepare(Path keygen) throws IOException, InterruptedException {
        for (String[] k : new String[][] { { "hostkey_ed25519" }, { "id_ed25519" } }) {
            Tools.Run r = Tools.run(List.of(keygen.toString(), "-q", "-t", "ed25519", "-N", "", "-C", "underlay-bench",
                    "-f", dir.resolve(k[0]).toString()), java.util.Map.of(), null, dir, Duration.ofSeconds(30));
            if (r.exitCode() != 0) {
                throw new IOException("ssh-keygen failed: " + r.output());
            }
        }
        Files.setPosixFilePermissions(dir.resolve("id_ed25519"), PosixFilePermissions.fromString("rw-------"));
        Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("hostkey_ed25519"),
                "PidFile none",
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "PermitRootLogin prohibit-password",
                "StrictModes no",
                "MaxStartups 200",
                "SetEnv SHLVL=1",
                "LogLevel ERROR",
                "Subsystem sftp internal-sftp",
                ""));
    }

    private Process startOne(Path sshd, int port) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString(),
                "-p", Integer.toString(port));
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd-" + port + ".log").toFile()));
        Process p = pb.start();
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                s.setSoTimeout(1000);
                InputStream in = s.getInputStream();
                byte[] b = in.readNBytes(4);
                if (new String(b, StandardCharsets.US_ASCII).equals("SSH-")) {
                    return p;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(20);
        }
        p.destroyForcibly();
        throw new IOException("sshd on port " + port + " did not start: "
                + Files.readString(dir.resolve("sshd-" + port + ".log")));
    }

    private void writeClientFiles() throws IOException {
        String hostKey = Files.readString(dir.resolve("hostkey_ed25519.pub")).strip();
        String[] hk = hostKey.split(" ");
        StringBuilder knownHosts = new StringBuilder();
        StringBuilder psshHosts = new StringBuilder();
        StringBuilder inventory = new StringBuilder("[bench]\n");
        for (int i = 0; i < ports.size(); i++) {
            int port = ports.get(i);
            knownHosts.append("[127.0.0.1]:").append(port).append(' ').append(hk[0]).append(' ').append(hk[1])
                    .append('\n');
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

    private static int freePort(List<Integer> taken) throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (!taken.contains(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
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
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Tools.deleteTree(dir);
    }
}
