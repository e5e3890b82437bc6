package org.underlay.lab;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.redfish.RedfishDriver;
import org.underlay.bmc.sim.redfish.RedfishSimulator;
import org.underlay.credentials.CredentialsException;
import org.underlay.credentials.FileCredentials;
import org.underlay.credentials.Secret;
import org.underlay.lab.internal.AtomicFiles;
import org.underlay.lab.internal.Facts;
import org.underlay.lab.internal.LabAgent;
import org.underlay.lab.internal.LabState;
import org.underlay.lab.internal.Processes;
import org.underlay.peers.FileTrees;
import org.underlay.peers.Ports;
import org.underlay.peers.Programs;
import org.underlay.peers.ipmi.IpmiSim;
import org.underlay.peers.ssh.SshKeys;

/**
 * A running rehearsal lab. {@link #up} starts, per machine of a {@link LabSpec}, a simulated BMC of the machine's
 * kind on the binding's endpoint — Debian's {@code ipmi_sim} (one process per machine, the project's ipmi_sim recipe)
 * or the project's Redfish simulator (all in the lab agent process) — and an SSH host on the binding's SSH endpoint
 * that exists only while the machine is powered on and serves the design's facts. Everything the lab starts is
 * recorded in {@code STATEDIR/state.json}; {@link #down} stops exactly that, also from a fresh JVM.
 *
 * <p>Files in the state directory: {@value #CREDENTIALS} (0600, readable by {@link FileCredentials}: the binding's
 * BMC credential names with the lab's BMC user and password, its SSH credential names with the lab's user and key
 * {@value #SSH_KEY}), {@value #KNOWN_HOSTS} (every SSH host's key), {@value #REDFISH_CA} (the Redfish BMCs'
 * certificates, for {@code redfish.tls.caFile}), {@value #BINDING} (the binding with fingerprints and host keys),
 * {@code machines/NAME/facts.properties} (served facts).
 */
public final class Lab {

    public static final String CREDENTIALS = "credentials";
    public static final String SSH_KEY = "lab_ssh_key";
    public static final String KNOWN_HOSTS = "known_hosts";
    public static final String REDFISH_CA = "redfish-ca.pem";
    public static final String BINDING = "lab-binding.txt";
    /** The BMC user every simulated BMC of the lab has (its password is generated per lab). */
    public static final String BMC_USER = "admin";

    private static final Duration AGENT_START = Duration.ofSeconds(60);
    private static final String AGENT_LOG = "agent.log";

    private final Path stateDir;
    private final LabState state;

    private Lab(Path stateDir, LabState state) {
        this.stateDir = stateDir;
        this.state = state;
    }

    /**
     * Where the lab lives unless a command names a folder: the system property {@code underlay.lab}, else the
     * environment variable {@code UNDERLAY_LAB}, else {@code ~/.underlay/lab}. A second lab (a pipeline's, the UI
     * tests') then never touches the operator's.
     */
    public static Path defaultStateDir() {
        String configured = System.getProperty("underlay.lab");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("UNDERLAY_LAB");
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("user.home"), ".underlay", "lab");
    }

    // ------------------------------------------------------------------------------------------------------------
    // up

    /**
     * Builds the lab: checks every endpoint is a free loopback port (else fails naming the port), generates the
     * lab's credentials, starts the simulated BMCs and the agent that runs the SSH hosts. All machines start
     * powered off. On failure everything started so far is stopped again.
     */
    public static Lab up(LabSpec spec, Path stateDir) throws LabException {
        Path dir = stateDir.toAbsolutePath().normalize();
        if (dir.toString().contains(" ")) {
            throw new LabException("the lab's state directory may not contain spaces: " + dir);
        }
        if (Files.exists(dir.resolve(LabState.FILE))) {
            LabStatus s = status(dir);
            boolean alive = s.agentUp() || s.machines().stream().anyMatch(LabStatus.Machine::bmcUp);
            if (alive) {
                throw new LabException("a lab (site " + s.site() + ") is already up in " + dir
                        + "; run 'lab down' first");
            }
            down(dir);
        }
        if (spec.machines().isEmpty()) {
            throw new LabException("site " + spec.site() + " has no machine bound in environment "
                    + spec.environment() + (spec.notes().isEmpty() ? "" : " (" + spec.notes().get(0) + ")"));
        }
        checkEndpoints(spec);
        boolean ipmi = spec.machines().stream().anyMatch(m -> m.bmcKind() == LabSpec.BmcKind.IPMI);
        Tools tools = Tools.find(ipmi);
        Lab lab = null;
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            LabState state = new LabState();
            state.site = spec.site();
            state.environment = spec.environment();
            state.createdAt = Instant.now().toString();
            state.stateDir = dir.toString();
            Map<String, String> files = new LinkedHashMap<>();
            files.put("credentials", dir.resolve(CREDENTIALS).toString());
            files.put("sshKey", dir.resolve(SSH_KEY).toString());
            files.put("knownHosts", dir.resolve(KNOWN_HOSTS).toString());
            files.put("redfishCa", dir.resolve(REDFISH_CA).toString());
            files.put("binding", dir.resolve(BINDING).toString());
            state.files = files;
            for (LabSpec.Machine m : spec.machines()) {
                LabState.MachineState ms = new LabState.MachineState();
                ms.name = m.name();
                ms.bmcKind = m.bmcKind().name();
                ms.bmcHost = m.bmcHost();
                ms.bmcPort = m.bmcPort();
                ms.bmcCredential = m.bmcCredential();
                ms.sshHost = m.sshHost();
                ms.sshPort = m.sshPort();
                ms.sshUser = m.sshUser();
                ms.sshCredential = m.sshCredential();
                ms.dir = "machines/" + m.name();
                state.machines.add(ms);
                Path md = dir.resolve(ms.dir);
                deleteTree(md);
                Files.createDirectories(md);
                Facts.write(md.resolve("facts.properties"), m.facts());
            }
            state.write(dir);
            lab = new Lab(dir, state);
            lab.writeSecrets(spec);
            // the agent (a JVM start) and the ipmi_sim processes come up side by side
            Process agent = lab.spawnAgent();
            if (ipmi) {
                lab.startIpmiBmcs(tools);
            }
            lab.awaitAgent(agent);
            lab.writeRedfishCa();
            lab.writeBinding();
            state.phase = "up";
            state.write(dir);
            return lab;
        } catch (IOException | RuntimeException | LabException e) {
            try {
                down(dir);
            } catch (LabException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof LabException le) {
                throw le;
            }
            throw new LabException("lab up failed: " + e.getMessage(), e);
        }
    }

    /** Every endpoint a loopback address, no port twice, every port free right now. */
    private static void checkEndpoints(LabSpec spec) throws LabException {
        Map<String, String> taken = new HashMap<>();
        for (LabSpec.Machine m : spec.machines()) {
            String bmcProto = m.bmcKind() == LabSpec.BmcKind.IPMI ? "udp" : "tcp";
            String[][] endpoints = {
                    { bmcProto, m.bmcHost(), Integer.toString(m.bmcPort()),
                            (m.bmcKind() == LabSpec.BmcKind.IPMI ? "IPMI" : "Redfish") + " BMC of " + m.name() },
                    { "tcp", m.sshHost(), Integer.toString(m.sshPort()), "SSH host of " + m.name() } };
            for (String[] e : endpoints) {
                try {
                    if (!InetAddress.getByName(e[1]).isLoopbackAddress()) {
                        throw new LabException("the lab only listens on loopback addresses: the " + e[3] + " is bound to "
                                + e[1] + " in environment " + spec.environment());
                    }
                } catch (java.net.UnknownHostException x) {
                    throw new LabException("unknown host " + e[1] + " for the " + e[3]);
                }
                String key = e[0] + " " + e[1] + ":" + e[2];
                String before = taken.putIfAbsent(key, e[3]);
                if (before != null) {
                    throw new LabException("port " + e[1] + ":" + e[2] + " (" + e[0] + ") is bound twice: " + before
                            + " and " + e[3]);
                }
                if (!Ports.isFree(e[1], Integer.parseInt(e[2]), e[0].equals("udp"))) {
                    throw new LabException("port " + e[1] + ":" + e[2] + " (" + e[0] + ", " + e[3]
                            + ") is already in use by another process");
                }
            }
        }
    }

    private void writeSecrets(LabSpec spec) throws IOException, LabException {
        Path key = stateDir.resolve(SSH_KEY);
        try {
            SshKeys.generate(key, "ecdsa", "", "underlay-lab");
        } catch (IOException e) {
            throw new LabException("ssh-keygen could not make the lab key: " + e.getMessage(), e);
        }
        Files.copy(stateDir.resolve(SSH_KEY + ".pub"), stateDir.resolve("authorized_keys"),
                StandardCopyOption.REPLACE_EXISTING);
        String password = randomPassword();
        StringBuilder c = new StringBuilder("# Underlay rehearsal lab credentials (generated by lab up, removed by lab "
                + "down)\n");
        Set<String> bmcNames = new LinkedHashSet<>();
        Map<String, String> sshNames = new LinkedHashMap<>();
        for (LabSpec.Machine m : spec.machines()) {
            bmcNames.add(m.bmcCredential());
            String before = sshNames.putIfAbsent(m.sshCredential(), m.sshUser());
            if (before != null && !before.equals(m.sshUser())) {
                throw new LabException("SSH credential " + m.sshCredential() + " is used with users " + before + " and "
                        + m.sshUser() + "; the lab gives one user per credential name");
            }
        }
        for (String name : bmcNames) {
            if (sshNames.containsKey(name)) {
                throw new LabException("credential " + name + " names both a BMC and an SSH credential");
            }
            c.append(name).append(".user = ").append(BMC_USER).append('\n');
            c.append(name).append(".password = ").append(password).append('\n');
        }
        sshNames.forEach((name, user) -> {
            c.append(name).append(".user = ").append(user).append('\n');
            c.append(name).append(".keyFile = ").append(SSH_KEY).append('\n');
        });
        AtomicFiles.write(stateDir.resolve(CREDENTIALS), c.toString(), true);
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder pw = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            pw.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return pw.toString();
    }

    // ------------------------------------------------------------------------------------------------------------
    // IPMI BMCs: ipmi_sim as the peers bundle starts it (chassis-control.sh with the host.sh hook, the module that
    // keeps the boot flags as a real BMC does, see IpmiBootFlags), one process per machine outliving this JVM

    private void startIpmiBmcs(Tools tools) throws IOException, LabException {
        Path bin = stateDir.resolve("ipmi_sim");
        IpmiSim.installResources(bin);
        String password = credential(state.machines.stream().filter(m -> m.bmcKind.equals("IPMI")).findFirst()
                .orElseThrow().bmcCredential);
        List<LabState.MachineState> ipmi = state.machines.stream().filter(m -> m.bmcKind.equals("IPMI")).toList();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, ipmi.size()));
        try {
            List<Future<LabState.Proc>> started = new ArrayList<>();
            for (LabState.MachineState m : ipmi) {
                started.add(pool.submit(() -> startIpmiBmc(tools, bin, m, password)));
            }
            LabException failure = null;
            for (int i = 0; i < ipmi.size(); i++) {
                try {
                    ipmi.get(i).bmc = started.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof LabException le ? le
                                : new LabException("ipmi_sim for " + ipmi.get(i).name + " did not start: "
                                        + e.getCause().getMessage(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LabException("interrupted while starting the IPMI BMCs");
                }
            }
            synchronized (state) {
                state.write(stateDir);
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private String credential(String name) throws LabException {
        try (Secret s = new FileCredentials(stateDir.resolve(CREDENTIALS)).resolve(name)) {
            char[] pw = s.password();
            String value = new String(pw);
            java.util.Arrays.fill(pw, '\0');
            return value;
        } catch (CredentialsException e) {
            throw new LabException(e.getMessage(), e);
        }
    }

    private LabState.Proc startIpmiBmc(Tools tools, Path bin, LabState.MachineState m, String password)
            throws IOException, LabException {
        Path md = stateDir.resolve(m.dir);
        Path chassis = md.resolve("chassis");
        Files.createDirectories(chassis);
        // the simulated host: alive while powered on; argv[0] under the state dir marks it as the lab's
        Path marker = md.resolve("lab-host");
        Files.deleteIfExists(marker);
        Files.createSymbolicLink(marker, Path.of(tools.sleep()));
        Path host = chassis.resolve("host.sh");
        Files.writeString(host, "#!/bin/sh\n# simulated host of " + m.name + ": the lab agent serves its SSH while this "
                + "process lives\nexec " + marker + " 2147483647\n");
        Files.setPosixFilePermissions(host, PosixFilePermissions.fromString("rwx------"));
        IpmiSim.Config config = IpmiSim.config(m.name, md).endpoint(m.bmcHost, m.bmcPort).resources(bin)
                .chassisScript(chassis).keepingBootFlags().inventory("LAB-" + m.name).user(BMC_USER, password, "admin")
                .detached().answerWithin(Duration.ofSeconds(15));
        IpmiSim sim;
        try {
            sim = IpmiSim.start(config);
        } catch (IOException e) {
            throw new LabException("ipmi_sim for " + m.name + " did not start: " + e.getMessage(), e);
        }
        return new LabState.Proc(sim.process().toHandle(), "ipmi_sim " + m.name);
    }

    // ------------------------------------------------------------------------------------------------------------
    // the agent: Redfish BMCs and every SSH host

    private Process spawnAgent() throws IOException, LabException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        Programs.find("setsid", Programs.SYSTEM_PATH).ifPresent(setsid -> cmd.add(setsid.toString()));
        cmd.addAll(List.of(java, "-Xms16m", "-Xmx160m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:CICompilerCount=1", "-Djava.awt.headless=true", "-cp", agentClasspath(),
                LabAgent.class.getName(), stateDir.toString()));
        Path ready = stateDir.resolve(LabAgent.READY);
        Files.deleteIfExists(ready);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(new File("/")).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stateDir.resolve(AGENT_LOG).toFile()));
        // the agent runs the SSH hosts' commands: it gets none of this process's environment (which may hold
        // credentials, e.g. UNDERLAY_CREDENTIAL_* of the command line)
        Programs.withCleanEnvironment(pb);
        Process p = pb.start();
        state.agent = new LabState.Proc(p.toHandle(), "lab agent");
        synchronized (state) {
            state.write(stateDir);
        }
        return p;
    }

    private void awaitAgent(Process p) throws IOException, LabException {
        Path ready = stateDir.resolve(LabAgent.READY);
        long end = System.nanoTime() + AGENT_START.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(ready)) {
                String text = Files.readString(ready).strip();
                if (text.equals("ok")) {
                    return;
                }
                throw new LabException("lab agent: " + text.replaceFirst("^error: ", ""));
            }
            if (!p.isAlive()) {
                throw new LabException("the lab agent exited (code " + p.exitValue() + "); see "
                        + stateDir.resolve(AGENT_LOG));
            }
            Processes.sleep(20);
        }
        throw new LabException("the lab agent did not get ready within " + AGENT_START.toSeconds() + " s; see "
                + stateDir.resolve(AGENT_LOG));
    }

    /**
     * Where the agent's classes come from: this bundle, the peers bundle, the Redfish simulator, Gson, MINA SSHD and
     * SLF4J.
     */
    static String agentClasspath() throws LabException {
        Class<?> sshd;
        Class<?> slf4j;
        try {
            sshd = Class.forName("org.apache.sshd.server.SshServer", false, Lab.class.getClassLoader());
            slf4j = Class.forName("org.slf4j.Logger", false, sshd.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new LabException("the lab's SSH hosts need Apache MINA SSHD (bundle org.apache.sshd.osgi) and "
                    + "SLF4J in this installation");
        }
        List<String> entries = new ArrayList<>();
        for (Class<?> c : new Class<?>[] { LabAgent.class, FileTrees.class, RedfishSimulator.class,
                com.google.gson.Gson.class, sshd, slf4j }) {
            String entry = location(c);
            if (!entries.contains(entry)) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String location(Class<?> c) throws LabException {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        if (url == null) {
            throw new LabException("cannot locate the classes of " + c.getName() + " to start the lab agent");
        }
        try {
            Path p = Path.of(url.toURI());
            String classFile = c.getName().replace('.', '/') + ".class";
            if (Files.isDirectory(p) && !Files.exists(p.resolve(classFile))) {
                // a bundle in development mode: its folder, with the classes below
                for (String sub : new String[] { "target/classes", "bin" }) {
                    if (Files.exists(p.resolve(sub).resolve(classFile))) {
                        return p.resolve(sub).toString();
                    }
                }
            }
            return p.toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new LabException("cannot locate the classes of " + c.getName() + " (" + url + ")");
        }
    }

    private void writeRedfishCa() throws IOException {
        StringBuilder pem = new StringBuilder();
        for (LabState.MachineState m : state.machines) {
            Path cert = stateDir.resolve(m.dir).resolve("redfish-cert.pem");
            if (Files.exists(cert)) {
                pem.append(Files.readString(cert));
            }
        }
        AtomicFiles.write(stateDir.resolve(REDFISH_CA), pem.toString());
    }

    /**
     * Records each machine's certificate fingerprint and host key and writes {@value #BINDING}: the {@code lab}
     * environment as the lab runs it, with {@code tls-fingerprint} and {@code host-key} pinned, for an operator to
     * compare with or copy into the design (it is not loaded by itself).
     */
    private void writeBinding() throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("// Written by 'lab up' at ").append(state.createdAt).append(": the ").append(state.environment)
                .append(" binding of site ").append(state.site).append(" as this lab runs it.\n");
        b.append("// Credentials for the names below: ").append(credentialsFile()).append(" (0600).\n");
        b.append("environment ").append(state.environment).append(" for ").append(state.site).append(" {\n");
        for (LabState.MachineState m : state.machines) {
            Path md = stateDir.resolve(m.dir);
            Path cert = md.resolve("redfish-cert.pem");
            if (Files.exists(cert)) {
                m.bmcTlsSha256 = fingerprint(cert);
            }
            Path hostKey = md.resolve("ssh_host_key.pub");
            if (Files.exists(hostKey)) {
                String line = Files.readString(hostKey).strip();
                m.sshHostKey = line.substring(line.indexOf(' ') + 1);
            }
            b.append("\t").append(m.name).append(" { bmc ").append(m.bmcKind.toLowerCase(java.util.Locale.ROOT))
                    .append(' ').append(m.bmcHost).append(':').append(m.bmcPort).append(" credential ")
                    .append(m.bmcCredential);
            if (m.bmcKind.equals("IPMI")) {
                b.append(" cipher 3");
            } else if (m.bmcTlsSha256 != null) {
                b.append(" tls-fingerprint \"").append(m.bmcTlsSha256).append('"');
            }
            b.append(" ssh ").append(m.sshHost).append(':').append(m.sshPort).append(" user ").append(m.sshUser)
                    .append(" credential ").append(m.sshCredential);
            if (m.sshHostKey != null) {
                b.append(" host-key \"").append(m.sshHostKey).append('"');
            }
            b.append(" }\n");
        }
        b.append("}\n");
        AtomicFiles.write(stateDir.resolve(BINDING), b.toString());
    }

    private static String fingerprint(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            java.security.cert.Certificate cert = java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot read the certificate " + pem + ": " + e.getMessage(), e);
        }
    }

    /** The lab binding as the lab runs it (endpoints, credential names, pinned fingerprints and host keys). */
    public Path bindingFile() {
        return stateDir.resolve(BINDING);
    }

    /** SHA-256 fingerprint of a Redfish machine's BMC certificate, for {@code redfish.tls.pinnedSha256}. */
    public Optional<String> bmcTlsFingerprint(String machine) {
        return Optional.ofNullable(state(machine).bmcTlsSha256);
    }

    // ------------------------------------------------------------------------------------------------------------
    // down, status, open

    /** What {@link #down} did: the PIDs it stopped and the ports still busy afterwards (normally none). */
    public record DownReport(boolean wasUp, List<Long> stopped, List<String> busyPorts) {
    }

    /**
     * Stops every process the lab in {@code stateDir} recorded (and the simulated hosts its IPMI BMCs started),
     * waits until its ports are free, and removes the lab's files, secrets included. A recorded PID that no longer
     * belongs to the lab is left alone. Nothing recorded: nothing to do.
     */
    public static DownReport down(Path stateDir) throws LabException {
        Path dir = stateDir.toAbsolutePath().normalize();
        if (!Files.exists(dir.resolve(LabState.FILE))) {
            return new DownReport(false, List.of(), List.of());
        }
        LabState state = readState(dir);
        String owner = dir.toString();
        List<ProcessHandle> victims = new ArrayList<>();
        Optional<ProcessHandle> agent = Processes.owned(state.agent, owner);
        agent.ifPresent(a -> {
            a.descendants().forEach(victims::add);
            victims.add(a);
        });
        for (LabState.MachineState m : state.machines) {
            Processes.owned(m.bmc, owner).ifPresent(p -> {
                p.descendants().forEach(victims::add);
                victims.add(p);
            });
            Path hostPid = dir.resolve(m.dir).resolve("chassis").resolve("host.pid");
            try {
                if (Files.exists(hostPid)) {
                    long pid = Long.parseLong(Files.readString(hostPid).strip());
                    Processes.owned(pid, 0, owner).ifPresent(victims::add);
                }
            } catch (IOException | NumberFormatException e) {
                // no host
            }
        }
        List<ProcessHandle> distinct = victims.stream().distinct().toList();
        Processes.stop(distinct, 3000);
        List<String> busy = new ArrayList<>();
        long end = System.currentTimeMillis() + 10_000;
        for (LabState.MachineState m : state.machines) {
            boolean udp = m.bmcKind.equals("IPMI");
            while (!Ports.isFree(m.bmcHost, m.bmcPort, udp) && System.currentTimeMillis() < end) {
                Processes.sleep(50);
            }
            if (!Ports.isFree(m.bmcHost, m.bmcPort, udp)) {
                busy.add((udp ? "udp " : "tcp ") + m.bmcHost + ":" + m.bmcPort);
            }
            while (!Ports.isFree(m.sshHost, m.sshPort, false) && System.currentTimeMillis() < end) {
                Processes.sleep(50);
            }
            if (!Ports.isFree(m.sshHost, m.sshPort, false)) {
                busy.add("tcp " + m.sshHost + ":" + m.sshPort);
            }
        }
        removeFiles(dir, state);
        return new DownReport(true, distinct.stream().map(ProcessHandle::pid).toList(), busy);
    }

    private static void removeFiles(Path dir, LabState state) {
        for (LabState.MachineState m : state.machines) {
            deleteTree(dir.resolve(m.dir));
        }
        deleteTree(dir.resolve("machines"));
        deleteTree(dir.resolve("ipmi_sim"));
        deleteTree(org.underlay.lab.internal.HostSandbox.disks(dir));
        for (String f : new String[] { CREDENTIALS, SSH_KEY, SSH_KEY + ".pub", "authorized_keys", KNOWN_HOSTS,
                REDFISH_CA, BINDING, LabAgent.READY, LabAgent.SANDBOX, AGENT_LOG, LabState.FILE }) {
            try {
                Files.deleteIfExists(dir.resolve(f));
            } catch (IOException e) {
                // left behind; the next up overwrites it
            }
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty: someone else's files stay
        }
    }

    /** Which of the lab's processes live and which endpoints answer. */
    public static LabStatus status(Path stateDir) throws LabException {
        Path dir = stateDir.toAbsolutePath().normalize();
        if (!Files.exists(dir.resolve(LabState.FILE))) {
            return new LabStatus(dir.toString(), null, false, List.of(), null);
        }
        LabState state = readState(dir);
        boolean agentUp = Processes.owned(state.agent, dir.toString()).isPresent();
        List<LabStatus.Machine> machines = new ArrayList<>();
        for (LabState.MachineState m : state.machines) {
            boolean bmcUp = m.bmcKind.equals("IPMI") ? Processes.owned(m.bmc, dir.toString()).isPresent()
                    : agentUp && accepts(m.bmcHost, m.bmcPort);
            machines.add(new LabStatus.Machine(m.name, m.bmcKind.toLowerCase(java.util.Locale.ROOT),
                    (m.bmcKind.equals("IPMI") ? "udp " : "tcp ") + m.bmcHost + ":" + m.bmcPort, bmcUp,
                    m.sshUser + "@" + m.sshHost + ":" + m.sshPort, agentUp && accepts(m.sshHost, m.sshPort)));
        }
        String hosts = null;
        try {
            Path sandbox = dir.resolve(org.underlay.lab.internal.LabAgent.SANDBOX);
            hosts = Files.exists(sandbox) ? Files.readString(sandbox).strip() : null;
        } catch (IOException e) {
            // not said
        }
        return new LabStatus(dir.toString(), state.site, agentUp, machines, hosts);
    }

    private static boolean accepts(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(host), port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The lab recorded in {@code stateDir} (started by this or another JVM). */
    public static Lab open(Path stateDir) throws LabException {
        Path dir = stateDir.toAbsolutePath().normalize();
        if (!Files.exists(dir.resolve(LabState.FILE))) {
            throw new LabException("no lab in " + dir + " (run 'lab up' first)");
        }
        return new Lab(dir, readState(dir));
    }

    private static LabState readState(Path dir) throws LabException {
        try {
            return LabState.read(dir);
        } catch (IOException e) {
            throw new LabException(e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // using a running lab

    public Path stateDir() {
        return stateDir;
    }

    public String site() {
        return state.site;
    }

    /** The 0600 credentials file with the binding's credential names (for {@link FileCredentials}). */
    public Path credentialsFile() {
        return stateDir.resolve(CREDENTIALS);
    }

    /** The lab's SSH private key (also named by the SSH credentials in {@link #credentialsFile()}). */
    public Path sshKey() {
        return stateDir.resolve(SSH_KEY);
    }

    /** known_hosts lines of every SSH host of the lab. */
    public Path knownHosts() {
        return stateDir.resolve(KNOWN_HOSTS);
    }

    /** The certificates of the lab's Redfish BMCs (PEM), for the Redfish driver's {@code redfish.tls.caFile}. */
    public Path redfishCa() {
        return stateDir.resolve(REDFISH_CA);
    }

    public List<String> machines() {
        return state.machines.stream().map(m -> m.name).toList();
    }

    private LabState.MachineState state(String machine) {
        LabState.MachineState m = state.machine(machine);
        if (m == null) {
            throw new IllegalArgumentException("no lab machine '" + machine + "' (machines: " + machines() + ")");
        }
        return m;
    }

    /** The machine as the lab runs it, with the facts it serves now. */
    public LabSpec.Machine machine(String machine) {
        LabState.MachineState m = state(machine);
        return new LabSpec.Machine(m.name, LabSpec.BmcKind.valueOf(m.bmcKind), m.bmcHost, m.bmcPort, m.bmcCredential,
                m.sshHost, m.sshPort, m.sshUser, m.sshCredential, facts(machine));
    }

    /** The endpoint to reach the machine's simulated BMC with the project's drivers (Redfish: lab CA, IPMI: suite 3). */
    public BmcEndpoint bmcEndpoint(String machine) {
        LabState.MachineState m = state(machine);
        if (m.bmcKind.equals("IPMI")) {
            return BmcEndpoint.ipmi(m.bmcHost, m.bmcPort).withOption("ipmi.cipherSuite", "3");
        }
        return RedfishDriver.endpoint(m.bmcHost, m.bmcPort).withOption(RedfishDriver.CA_FILE, redfishCa().toString());
    }

    /** The machine's BMC credentials, read from {@link #credentialsFile()}; the caller destroys them. */
    public Credentials bmcCredentials(String machine) throws LabException {
        LabState.MachineState m = state(machine);
        try (Secret s = new FileCredentials(credentialsFile()).resolve(m.bmcCredential)) {
            char[] pw = s.password();
            try {
                return new Credentials(s.user().orElse(BMC_USER), pw);
            } finally {
                java.util.Arrays.fill(pw, '\0');
            }
        } catch (CredentialsException e) {
            throw new LabException(e.getMessage(), e);
        }
    }

    /** The machine's SSH secret (user and lab key), read from {@link #credentialsFile()}; the caller destroys it. */
    public Secret sshSecret(String machine) throws LabException {
        try {
            return new FileCredentials(credentialsFile()).resolve(state(machine).sshCredential);
        } catch (CredentialsException e) {
            throw new LabException(e.getMessage(), e);
        }
    }

    /** Powers the machine on/off/... through its simulated BMC, with the project's own BMC driver. */
    public void power(String machine, PowerAction action) throws BmcException, LabException {
        try (Credentials c = bmcCredentials(machine); BmcClient client = BmcDrivers.open(bmcEndpoint(machine), c)) {
            client.power(action);
        }
    }

    public void powerOn(String machine) throws BmcException, LabException {
        power(machine, PowerAction.ON);
    }

    public void powerOff(String machine) throws BmcException, LabException {
        power(machine, PowerAction.OFF);
    }

    /** The facts the machine's SSH host serves now. */
    public Map<String, String> facts(String machine) {
        try {
            return Facts.read(stateDir.resolve(state(machine).dir).resolve("facts.properties"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the facts of " + machine + ": " + e.getMessage(), e);
        }
    }

    /**
     * Changes a served fact behind the product's back ({@code mac.ens1f0}, {@code hostname}, {@code os.image},
     * {@code address.ens1f0}, ...); the next command on the machine's SSH host sees it. A null value removes it.
     */
    public void setFact(String machine, String key, String value) throws LabException {
        Path file = stateDir.resolve(state(machine).dir).resolve("facts.properties");
        synchronized (Lab.class) {
            try {
                Map<String, String> facts = Facts.read(file);
                if (value == null) {
                    facts.remove(key);
                } else {
                    facts.put(key, value);
                }
                Facts.write(file, facts);
            } catch (IOException | IllegalArgumentException e) {
                throw new LabException("cannot set fact " + key + " of " + machine + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Stops the machine's simulated BMC (a BMC that died): IPMI kills its ipmi_sim, Redfish stops its simulator in
     * the agent. Returns when its port is free.
     */
    public void killBmc(String machine) throws LabException {
        LabState.MachineState m = state(machine);
        if (m.bmcKind.equals("IPMI")) {
            ProcessHandle p = Processes.owned(m.bmc, stateDir.toString())
                    .orElseThrow(() -> new LabException("the BMC of " + machine + " is not running"));
            Processes.stop(List.of(p), 2000);
        } else {
            try {
                Files.writeString(stateDir.resolve(m.dir).resolve(LabAgent.KILL_BMC), "kill\n");
            } catch (IOException e) {
                throw new LabException("cannot stop the BMC of " + machine + ": " + e.getMessage(), e);
            }
        }
        long end = System.currentTimeMillis() + 5000;
        boolean udp = m.bmcKind.equals("IPMI");
        while (!Ports.isFree(m.bmcHost, m.bmcPort, udp) && System.currentTimeMillis() < end) {
            Processes.sleep(20);
        }
    }

    /**
     * Starts the simulated BMC of an IPMI machine again after {@link #killBmc} (a BMC that came back): same port,
     * user and state directory; the simulated host, which outlives its BMC as a real one does, keeps its power state.
     * Records the new PID. Redfish BMCs cannot come back yet (a restarted simulator would present a new TLS
     * certificate, which the lab's CA file does not hold).
     */
    public void restartBmc(String machine) throws LabException {
        LabState.MachineState m = state(machine);
        if (!m.bmcKind.equals("IPMI")) {
            throw new LabException("the lab can restart IPMI BMCs only; " + machine + " has a " + m.bmcKind + " BMC");
        }
        if (Processes.owned(m.bmc, stateDir.toString()).isPresent()) {
            throw new LabException("the BMC of " + machine + " is running");
        }
        try {
            LabState.Proc proc = startIpmiBmc(Tools.find(true), stateDir.resolve("ipmi_sim"), m,
                    credential(m.bmcCredential));
            synchronized (state) {
                m.bmc = proc;
                state.write(stateDir);
            }
        } catch (IOException e) {
            throw new LabException("cannot restart the BMC of " + machine + ": " + e.getMessage(), e);
        }
    }

    /** Every live process of the lab now: agent, BMC simulators and simulated hosts. */
    public List<Long> pids() {
        String owner = stateDir.toString();
        List<Long> pids = new ArrayList<>();
        Processes.owned(state.agent, owner).ifPresent(p -> pids.add(p.pid()));
        for (LabState.MachineState m : state.machines) {
            Processes.owned(m.bmc, owner).ifPresent(p -> pids.add(p.pid()));
            Path hostPid = stateDir.resolve(m.dir).resolve("chassis").resolve("host.pid");
            try {
                if (Files.exists(hostPid)) {
                    Processes.owned(Long.parseLong(Files.readString(hostPid).strip()), 0, owner)
                            .ifPresent(p -> pids.add(p.pid()));
                }
            } catch (IOException | NumberFormatException e) {
                // no host
            }
        }
        return pids;
    }

    /** Resident memory of all the lab's processes, KiB. */
    public long rssKib() {
        return pids().stream().mapToLong(Processes::rssKib).sum();
    }

    private static void deleteTree(Path dir) {
        FileTrees.deleteWhatCan(dir);
    }

    @Override
    public String toString() {
        return "Lab[" + state.site + ", " + state.machines.size() + " machines, " + stateDir + "]";
    }

    /** The external programs the lab runs, all there before anything starts (else the message says what to install). */
    private record Tools(String sleep) {

        static Tools find(boolean ipmi) throws LabException {
            if (Programs.find("ssh-keygen").isEmpty()) {
                throw new LabException("ssh-keygen not found: install openssh-client");
            }
            if (ipmi) {
                for (Map.Entry<String, String> t : IpmiSim.PROGRAMS.entrySet()) {
                    if (Programs.find(t.getKey()).isEmpty()) {
                        throw new LabException(t.getKey() + " not found: the lab's IPMI BMCs need it (apt-get install -y "
                                + "--no-install-recommends " + t.getValue() + ")");
                    }
                }
                if (!IpmiSim.bootFlagsModuleAvailable()) {
                    throw new LabException("the lab's IPMI BMCs cannot keep boot overrides: "
                            + IpmiSim.bootFlagsModuleMissing());
                }
            }
            return new Tools(Programs.find("sleep").orElseThrow(() -> new LabException("sleep not found")).toString());
        }
    }
}
