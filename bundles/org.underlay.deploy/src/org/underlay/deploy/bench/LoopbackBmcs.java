package org.underlay.deploy.bench;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.underlay.bmc.IpmiProbe;
import org.underlay.deploy.fanout.FanOut;
import org.underlay.deploy.fanout.FanOutReport;

/**
 * N IPMI 2.0 BMCs on loopback UDP ports: Debian's {@code ipmi_sim} (openipmi), each with its own state directory and
 * a minimal management controller; even-numbered machines start powered off, odd-numbered ones on. How a simulator
 * knows its power state is the {@link Power} model. One user ({@value #USER}, administrator) with a random password
 * made for this run; it is never printed.
 */
public final class LoopbackBmcs implements AutoCloseable {

    public static final String USER = "admin";

    /** Where a simulator's power state lives. */
    public enum Power {
        /**
         * ipmi_sim's own model of a host: a process it starts ({@code startcmd}) is the running machine, so power is
         * on while that process lives and ipmi_sim answers a power-status request from memory, as a real BMC does.
         * Powered-on machines start with their host process ({@code startnow}); the process ends with its ipmi_sim.
         * ipmi_sim cannot power such a host on or off over the LAN (that needs its VM serial channel): power
         * control is refused, status only.
         */
        HOST_PROCESS,
        /**
         * A chassis-control shell hook keeps power in a state file, readable and settable over the LAN. ipmi_sim runs
         * the hook for every power-status request too: one {@code sh} per request, a cost real BMCs do not have.
         */
        STATE_FILE_HOOK
    }

    /** The host of a {@link Power#HOST_PROCESS} machine: lives until stopped or until its ipmi_sim ends. */
    static final String HOST_COMMAND = "tail --pid=$PPID -f /dev/null";

    private static final String EMU = String.join("\n",
            "mc_setbmc 0x20",
            "mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr",
            "mc_enable 0x20",
            "");

    /**
     * ipmi_sim runs its chassis-control hook as {@code sh -c "<hook> get power"} / {@code "<hook> set power 1"} and
     * blocks until its stdout closes. A script file would cost a second exec per request; this hook is a shell
     * function defined and called inside that one {@code sh -c}, using shell builtins only (no cat, no subshell), so
     * the simulators' own cost per request — the same for every tool measured — stays as small as ipmi_sim allows.
     * {@code %1$s} is the machine's state directory; no double quotes (the hook sits inside a quoted lan.conf string).
     */
    private static final String CHASSIS_CONTROL = "c() { case $1 in"
            + " get) shift; for p; do v=0; if [ -f %1$s/$p ]; then read -r v < %1$s/$p; fi; echo $p:$v; done;;"
            + " set) shift; while [ $# -ge 2 ]; do echo $2 > %1$s/$1; shift 2; done;;"
            + " *) return 1;; esac; }; c";

    /** What may appear unquoted in the hook: the temporary directory's path. */
    private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9/._-]+");

    private final Path dir;
    private final Power power;
    private final char[] password;
    private final List<Integer> ports = new ArrayList<>();
    /** The simulators by machine index. */
    private final Map<Integer, Process> processes = new TreeMap<>();

    private LoopbackBmcs(Path dir, Power power, char[] password) {
        this.dir = dir;
        this.power = power;
        this.password = password;
    }

    /** Starts {@code count} simulators with {@link Power#STATE_FILE_HOOK}. */
    public static LoopbackBmcs start(int count) throws IOException, InterruptedException {
        return start(count, Power.STATE_FILE_HOOK);
    }

    /** Starts {@code count} simulators; throws with a clear message if ipmi_sim is not installed. */
    public static LoopbackBmcs start(int count, Power power) throws IOException, InterruptedException {
        Path ipmiSim = Tools.find("ipmi_sim").orElseThrow(() -> new IOException(
                "ipmi_sim not found: install openipmi (apt-get install -y --no-install-recommends openipmi)"));
        SecureRandom random = new SecureRandom();
        char[] pw = new char[16];
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        for (int i = 0; i < pw.length; i++) {
            pw[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        LoopbackBmcs bmcs = new LoopbackBmcs(Files.createTempDirectory("underlay-bench-bmc-"), power, pw);
        try {
            if (!PLAIN_PATH.matcher(bmcs.dir.toString()).matches()) {
                throw new IOException("the temporary directory's path " + bmcs.dir
                        + " has characters the simulators' shell hook cannot take; set java.io.tmpdir to a plain path");
            }
            Files.writeString(bmcs.dir.resolve("bmc.emu"), EMU);
            List<Integer> indexes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                indexes.add(i);
            }
            FanOutReport<Integer, int[]> r = FanOut.run(indexes, 8, i -> bmcs.startOne(ipmiSim, i), null);
            if (!r.allSucceeded()) {
                throw new IOException("ipmi_sim did not start: " + r.failed().get(0).error().getMessage());
            }
            r.outcomes().forEach(o -> bmcs.ports.add(o.value()[0]));
            return bmcs;
        } catch (IOException | InterruptedException | RuntimeException e) {
            bmcs.close();
            throw e;
        }
    }

    private int[] startOne(Path ipmiSim, int index) throws IOException, InterruptedException {
        Path state = dir.resolve("bmc" + index);
        Files.createDirectories(state.resolve("chassis"));
        if (power == Power.STATE_FILE_HOOK) {
            Files.writeString(state.resolve("chassis").resolve("power"), (index % 2) + "\n");
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            int port;
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                port = s.getLocalPort();
            }
            Path conf = state.resolve("lan.conf");
            Files.writeString(conf, lanConf(index, port, state));
            Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
            ProcessBuilder pb = new ProcessBuilder(ipmiSim.toString(), "-n", "-c", conf.toString(), "-f",
                    dir.resolve("bmc.emu").toString(), "-s", state.toString());
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(state.resolve("ipmi_sim.log").toFile()));
            Process p = pb.start();
            if (IpmiProbe.awaitAnswer(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    Duration.ofSeconds(10), p::isAlive)) {
                synchronized (processes) {
                    processes.put(index, p);
                }
                return new int[] { port };
            }
            p.destroyForcibly();
            p.waitFor(2, TimeUnit.SECONDS);
        }
        throw new IOException("ipmi_sim bmc" + index + " did not answer; see " + state.resolve("ipmi_sim.log"));
    }

    private String lanConf(int index, int port, Path state) {
        String auths = " none md2 md5 straight";
        StringBuilder c = new StringBuilder();
        c.append("name \"bmc").append(index).append("\"\n");
        c.append("set_working_mc 0x20\n");
        c.append("  startlan 1\n");
        c.append("    addr 127.0.0.1 ").append(port).append('\n');
        c.append("    priv_limit admin\n");
        for (String level : new String[] { "callback", "user", "operator", "admin" }) {
            c.append("    allowed_auths_").append(level).append(auths).append('\n');
        }
        c.append("    guid a123456789abcdefa1234567").append(String.format(Locale.ROOT, "%08x", port)).append('\n');
        c.append("  endlan\n");
        if (power == Power.STATE_FILE_HOOK) {
            c.append("  chassis_control \"")
                    .append(String.format(Locale.ROOT, CHASSIS_CONTROL, state.resolve("chassis"))).append("\"\n");
        } else if (index % 2 == 1) {
            c.append("  startcmd \"").append(HOST_COMMAND).append("\"\n");
            c.append("  startnow true\n");
        }
        c.append("  user 2 true \"").append(USER).append("\" \"").append(password).append("\" admin 10")
                .append(auths).append('\n');
        return c.toString();
    }

    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** A copy of this run's password; wipe it after use. */
    public char[] password() {
        return password.clone();
    }

    /**
     * The host process of machine {@code index} under {@link Power#HOST_PROCESS}: present while that machine is
     * powered on.
     */
    public Optional<ProcessHandle> host(int index) {
        Process p;
        synchronized (processes) {
            p = processes.get(index);
        }
        return p == null ? Optional.empty() : p.children().filter(ProcessHandle::isAlive).findFirst();
    }

    public Power power() {
        return power;
    }

    public Path directory() {
        return dir;
    }

    /** Stops every simulator by PID and deletes the state. */
    @Override
    public void close() {
        synchronized (processes) {
            for (Process p : processes.values()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroy();
            }
            for (Process p : processes.values()) {
                try {
                    if (!p.waitFor(2, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        Arrays.fill(password, '\0');
        Tools.deleteTree(dir);
    }
}
