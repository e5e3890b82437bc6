package org.underlay.testing.ipmi;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.underlay.bmc.IpmiProbe;
import org.underlay.lab.internal.IpmiBootFlags;

/**
 * A real IPMI 2.0 BMC on loopback: Debian's {@code ipmi_sim} (package openipmi) with the recipe's chassis-control
 * script, sensor repository and FRU image, in a fresh state directory per instance (ipmi_sim ignores the users of
 * lan.conf once it has persisted a users file). Chassis state (power, boot, identify, resets) is kept as files in
 * {@link #chassisDir()} for tests to inspect.
 *
 * <p>If {@code ipmi_sim}, {@code sdrcomp} or {@code python3} is missing, {@link #start} throws: a missing peer must
 * fail the run, not skip tests. {@link #startKeepingBootFlags} loads the rehearsal lab's ipmi_sim module, which the
 * lab bundle's build compiles (gcc, libc6-dev and libopenipmi-dev at build time).
 *
 * <p>Users: {@value #ADMIN} (administrator), {@value #OPERATOR} (operator), {@value #VIEWER} (user level), all with
 * the test-only password {@link #password()}. Tests must never print it.
 */
public final class IpmiSimulator implements AutoCloseable {

    public static final String ADMIN = "admin";
    public static final String OPERATOR = "oper";
    public static final String VIEWER = "viewer";
    /** Test-only password from the recipe (/work/shared/recipes/ipmi_sim); not a secret anywhere. */
    private static final String TEST_PASSWORD = "s3cret";

    private static final String[] RESOURCES = { "chassis-control.sh", "mkfru.py", "bmc.emu.in", "bmc.sdrs" };

    private final String name;
    private final String serial;
    private final Path stateDir;
    private final int port;
    private final Process process;

    private IpmiSimulator(String name, String serial, Path stateDir, int port, Process process) {
        this.name = name;
        this.serial = serial;
        this.stateDir = stateDir;
        this.port = port;
        this.process = process;
    }

    /** A copy of the test-only password of every simulator user. */
    public static char[] password() {
        return TEST_PASSWORD.toCharArray();
    }

    public static IpmiSimulator start() {
        return start("bmc1", "SIM0001");
    }

    /** Starts one simulator on a free loopback UDP port and waits until it answers (a few hundred ms). */
    public static IpmiSimulator start(String name, String serial) {
        return start(name, serial, null);
    }

    /**
     * Like {@link #start(String, String)}, with the rehearsal lab's ipmi_sim module loaded ({@link IpmiBootFlags},
     * built from {@code bundles/org.underlay.lab/native/bootflags.c}): the boot flags (System Boot Options parameter
     * 5) are kept byte for byte, valid, persistent and EFI bits included, as a real BMC keeps them, in
     * {@link #chassisDir()}{@code /bootflags}; plain ipmi_sim keeps only the device and reads every override back as
     * invalid. Nothing here uses up a one-time override (there is no firmware that boots).
     */
    public static IpmiSimulator startKeepingBootFlags(String name, String serial) {
        return start(name, serial, bootFlagsModule());
    }

    private static IpmiSimulator start(String name, String serial, Path module) {
        requireTool("ipmi_sim");
        requireTool("sdrcomp");
        requireTool("python3");
        Path state;
        try {
            state = Files.createTempDirectory("ipmi_sim-" + name + "-");
            Path bin = state.resolve("bin");
            Files.createDirectories(bin);
            for (String resource : RESOURCES) {
                try (InputStream in = IpmiSimulator.class.getResourceAsStream("/resources/ipmi_sim/" + resource)) {
                    if (in == null) {
                        throw new IllegalStateException("harness resource missing: resources/ipmi_sim/" + resource);
                    }
                    Files.copy(in, bin.resolve(resource));
                }
            }
            Files.setPosixFilePermissions(bin.resolve("chassis-control.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(state.resolve("chassis"));
            Files.createDirectories(state.resolve("ipmi_sim").resolve(name));
            String fru = run(Duration.ofSeconds(10), state, "python3", bin.resolve("mkfru.py").toString(), serial)
                    .strip();
            String emu = Files.readString(bin.resolve("bmc.emu.in")).replace("@FRU@", fru);
            Files.writeString(state.resolve("bmc.emu"), emu);
            run(Duration.ofSeconds(10), state, "sdrcomp", "-8", "-o",
                    state.resolve("ipmi_sim").resolve(name).resolve("sdr.20.main").toString(),
                    bin.resolve("bmc.sdrs").toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare ipmi_sim state", e);
        }
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freeUdpPort();
            try {
                Files.writeString(state.resolve("lan.conf"), lanConf(name, port, state, module));
                ProcessBuilder pb = new ProcessBuilder("ipmi_sim", "-n", "-c", state.resolve("lan.conf").toString(),
                        "-f", state.resolve("bmc.emu").toString(), "-s", state.toString());
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                pb.redirectErrorStream(true);
                pb.redirectOutput(ProcessBuilder.Redirect.appendTo(state.resolve("ipmi_sim.log").toFile()));
                Process process = pb.start();
                IpmiSimulator sim = new IpmiSimulator(name, serial, state, port, process);
                if (sim.awaitAnswer(Duration.ofSeconds(10))) {
                    return sim;
                }
                sim.kill();
                last = new IllegalStateException("ipmi_sim on port " + port + " did not answer; log:\n" + sim.log());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start ipmi_sim", e);
            }
        }
        throw last;
    }

    private static String lanConf(String name, int port, Path state, Path module) {
        String auths = " none md2 md5 straight";
        StringBuilder c = new StringBuilder();
        c.append("name \"").append(name).append("\"\n");
        c.append("set_working_mc 0x20\n");
        c.append("  startlan 1\n");
        c.append("    addr 127.0.0.1 ").append(port).append('\n');
        c.append("    priv_limit admin\n");
        for (String level : new String[] { "callback", "user", "operator", "admin" }) {
            c.append("    allowed_auths_").append(level).append(auths).append('\n');
        }
        c.append("    guid a123456789abcdefa1234567").append(String.format(Locale.ROOT, "%08x", port)).append('\n');
        c.append("  endlan\n");
        c.append("  chassis_control \"").append(state.resolve("bin/chassis-control.sh")).append(' ')
                .append(state.resolve("chassis")).append("\"\n");
        if (module != null) {
            c.append("  loadlib \"").append(module).append("\" \"").append(state.resolve("chassis")).append("\"\n");
        }
        c.append("  user 2 true \"").append(ADMIN).append("\" \"").append(TEST_PASSWORD).append("\" admin 10")
                .append(auths).append('\n');
        c.append("  user 3 true \"").append(OPERATOR).append("\" \"").append(TEST_PASSWORD).append("\" operator 10")
                .append(auths).append('\n');
        c.append("  user 4 true \"").append(VIEWER).append("\" \"").append(TEST_PASSWORD).append("\" user 10")
                .append(auths).append('\n');
        return c.toString();
    }

    private static void requireTool(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        throw new IllegalStateException(tool + " not found on PATH: the real IPMI BMC simulator is required. Install"
                + " it with: apt-get install -y --no-install-recommends openipmi ipmitool (see"
                + " /work/shared/recipes/peers.md)");
    }

    private static Path bootFlagsModule;

    /** The lab bundle's module, copied out once per JVM. */
    private static synchronized Path bootFlagsModule() {
        if (bootFlagsModule != null) {
            return bootFlagsModule;
        }
        try {
            Path dir = Files.createTempDirectory("ipmi_sim-bootflags-");
            dir.toFile().deleteOnExit();
            Path module = IpmiBootFlags.extractModule(dir);
            module.toFile().deleteOnExit();
            bootFlagsModule = module;
            return module;
        } catch (IOException e) {
            throw new IllegalStateException("cannot provide the ipmi_sim module that keeps boot flags: "
                    + e.getMessage(), e);
        }
    }

    private static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(Duration timeout, Path dir, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException(command[0] + " failed (" + p.exitValue() + "): " + text);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }

    /** Whether the simulator answers IPMI yet (the shared probe of the BMC bundle). */
    private boolean awaitAnswer(Duration timeout) {
        try {
            return IpmiProbe.awaitAnswer(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeout,
                    process::isAlive);
        } catch (IOException e) {
            return false;
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    /** The FRU product serial; chassis serial is "CH" + it, board serial "BRD" + it. */
    public String serial() {
        return serial;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path stateDir() {
        return stateDir;
    }

    /** Chassis state files written by chassis-control.sh: power, boot, identify, resets, calls.log. */
    public Path chassisDir() {
        return stateDir.resolve("chassis");
    }

    private String chassisFile(String file, String absent) {
        try {
            Path p = chassisDir().resolve(file);
            return Files.exists(p) ? Files.readString(p).strip() : absent;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "1" (on) or "0" (off) as the chassis-control script keeps it. */
    public String power() {
        return chassisFile("power", "0");
    }

    /** none, pxe, default (disk), cdrom or bios. */
    public String boot() {
        return chassisFile("boot", "default");
    }

    /** "&lt;interval&gt; &lt;force&gt;" of the last Chassis Identify, or "" if none. */
    public String identify() {
        return chassisFile("identify", "");
    }

    /** Number of hard resets the BMC performed. */
    public int resets() {
        return Integer.parseInt(chassisFile("resets", "0"));
    }

    /** Lines of chassis-control calls ("&lt;time&gt; set power 1"), for tests that count BMC actions. */
    public List<String> chassisCalls() {
        try {
            Path p = chassisDir().resolve("calls.log");
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the power state directly (as if someone pressed the button). */
    public void setPower(boolean on) {
        writeChassis("power", on ? "1" : "0");
    }

    /**
     * Makes every chassis-control call sleep first; ipmi_sim answers nothing meanwhile (a hung BMC).
     * {@link Duration#ZERO} removes the delay.
     */
    public void setChassisDelay(Duration delay) {
        if (delay.isZero()) {
            try {
                Files.deleteIfExists(chassisDir().resolve("delay"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            writeChassis("delay", String.format(Locale.ROOT, "%.3f", delay.toMillis() / 1000.0));
        }
    }

    private void writeChassis(String file, String value) {
        try {
            Files.writeString(chassisDir().resolve(file), value + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String log() {
        try {
            Path p = stateDir.resolve("ipmi_sim.log");
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGKILL to the simulator (and its chassis-control children): a BMC that dies mid-call. */
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
    }

    /** Stops the simulator by its PID (SIGTERM, then SIGKILL after 2 s). */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = new ArrayList<>();
        process.descendants().forEach(children::add);
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** Stops the simulator and deletes its state directory. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leave it for the OS's tmp cleaning
        }
    }

    @Override
    public String toString() {
        return "IpmiSimulator[" + name + " on 127.0.0.1:" + port + ", pid " + process.pid() + "]";
    }
}
