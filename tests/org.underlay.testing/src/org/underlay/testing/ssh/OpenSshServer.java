package org.underlay.testing.ssh;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's OpenSSH {@code sshd} in the foreground on a free loopback port: generated host key (ed25519), key-only
 * authentication from its own authorized_keys file, no PAM, {@code SetEnv SHLVL=1} so root's {@code .bashrc} skips
 * its slow {@code pyenv init} (see /work/shared/recipes/peers.md), and {@code MaxStartups} raised for fan-out tests.
 *
 * <p>If {@value #SSHD} is missing, {@link #start()} throws: a missing peer fails the run, it does not skip tests.
 */
public final class OpenSshServer implements SshTestServer {

    public static final String SSHD = "/usr/sbin/sshd";

    private final Path dir;
    private final int port;
    private final Process process;
    private final String hostKeyLine;

    private OpenSshServer(Path dir, int port, Process process, String hostKeyLine) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.hostKeyLine = hostKeyLine;
    }

    /** Starts sshd in a new temporary directory and waits until it sends its banner (~70 ms). */
    public static OpenSshServer start() {
        if (!Files.isExecutable(Path.of(SSHD))) {
            throw new IllegalStateException(SSHD + " not found: the real OpenSSH server is required for these tests."
                    + " Install it with: apt-get install -y --no-install-recommends openssh-server (see"
                    + " /work/shared/recipes/peers.md)");
        }
        try {
            Path dir = Files.createTempDirectory("underlay-sshd-");
            SshTestKeys.generate(dir, "hostkey_ed25519", "ed25519", false);
            Files.createFile(dir.resolve("authorized_keys"));
            try {
                Files.createDirectories(Path.of("/run/sshd"));
            } catch (IOException e) {
                // only needed (and only possible) as root; sshd says so itself if it is missing
            }
            String hostKey = Files.readString(dir.resolve("hostkey_ed25519.pub")).strip();
            IllegalStateException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                Files.writeString(dir.resolve("sshd_config"), config(dir));
                ProcessBuilder pb = new ProcessBuilder(SSHD, "-D", "-e", "-f", dir.resolve("sshd_config").toString(),
                        "-p", Integer.toString(port));
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                pb.redirectErrorStream(true);
                pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()));
                Process p = pb.start();
                OpenSshServer server = new OpenSshServer(dir, port, p, hostKey);
                if (server.awaitBanner(10_000)) {
                    return server;
                }
                server.kill();
                last = new IllegalStateException("sshd on port " + port + " did not start; log:\n" + server.log());
            }
            throw last;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start sshd", e);
        }
    }

    static String config(Path dir) {
        return String.join("\n",
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("hostkey_ed25519"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "PermitRootLogin prohibit-password",
                "StrictModes no",
                "MaxStartups 200",
                "MaxSessions 50",
                "SetEnv SHLVL=1",
                "LogLevel VERBOSE",
                "Subsystem sftp internal-sftp",
                "");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private boolean awaitBanner(long millis) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end && process.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                s.setSoTimeout(1000);
                InputStream in = s.getInputStream();
                byte[] b = new byte[8];
                int n = in.readNBytes(b, 0, 4);
                if (n == 4 && new String(b, 0, 4, StandardCharsets.US_ASCII).equals("SSH-")) {
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

    @Override
    public String kind() {
        return "openssh";
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String user() {
        return System.getProperty("user.name");
    }

    @Override
    public String knownHostsLines() {
        String[] parts = hostKeyLine.split(" ");
        return "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1] + "\n";
    }

    /** The host's public key line ("ssh-ed25519 AAAA... comment"). */
    public String hostKeyLine() {
        return hostKeyLine;
    }

    @Override
    public synchronized void authorize(String publicKeyLine) {
        try {
            Files.writeString(dir.resolve("authorized_keys"), publicKeyLine.strip() + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL to the listener and to every per-connection sshd: the clients see their connections drop. */
    @Override
    public void kill() {
        List<ProcessHandle> children = new ArrayList<>();
        process.descendants().forEach(children::add);
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle c : children) {
            try {
                c.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // gone or stuck in the kernel; nothing more to do
            }
        }
    }

    @Override
    public String log() {
        try {
            Path p = dir.resolve("sshd.log");
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public Path directory() {
        return dir;
    }

    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left for the OS's tmp cleaning
        }
    }

    @Override
    public String toString() {
        return "OpenSshServer[127.0.0.1:" + port + ", pid " + process.pid() + "]";
    }
}
