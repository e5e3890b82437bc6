package org.underlay.lab.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.underlay.bmc.sim.redfish.RedfishSimulator;
import org.underlay.bmc.sim.redfish.SimulatorConfig;

/**
 * The lab's long-lived process ({@code java org.underlay.lab.internal.LabAgent STATEDIR}): hosts the simulated
 * Redfish BMCs of the lab and every machine's SSH host (Apache MINA SSHD), and makes each SSH host follow its
 * machine's power — for a Redfish machine the simulator's power state, for an IPMI machine the life of the
 * simulated host process that ipmi_sim's chassis-control starts on power on and kills on power off. Fact commands
 * are answered from the machine's facts file, read at each command; other commands run for real.
 *
 * <p>One process for all machines keeps fifty machines within a laptop's memory. It writes {@value #READY} once
 * every simulator listens ("ok", or "error: ..." and exits) and stops everything on SIGTERM.
 */
public final class LabAgent {

	public static final String READY = "agent.ready";
	/** Written at start: "sandboxed", or "unsandboxed: why" (see {@link HostSandbox}). */
	public static final String SANDBOX = "hosts.sandbox";
	/** A machine whose folder holds this file has its Redfish BMC stopped (to rehearse a dead BMC). */
	public static final String KILL_BMC = "bmc.kill";
	static final Duration POLL = Duration.ofMillis(100);
	static final String SYSTEM_ID = "1";

	private final Path stateDir;
	private final LabState state;
	private final Map<String, RedfishSimulator> redfish = new LinkedHashMap<>();
	private final Map<String, KeyPair> hostKeys = new LinkedHashMap<>();
	private final Map<String, SshServer> ssh = new LinkedHashMap<>();
	private final List<PublicKey> authorized = new ArrayList<>();
	private final CountDownLatch stop = new CountDownLatch(1);
	private HostSandbox sandbox;
	private Path disks;
	/** Per machine, the boot last seen: the Redfish system's boot count or the IPMI host's process id. */
	private final Map<String, Long> boots = new LinkedHashMap<>();

	private LabAgent(Path stateDir, LabState state) {
		this.stateDir = stateDir;
		this.state = state;
	}

	public static void main(String[] args) throws Exception {
		Path stateDir = Path.of(args[0]).toAbsolutePath();
		LabAgent agent;
		try {
			agent = new LabAgent(stateDir, LabState.read(stateDir));
			agent.start();
		} catch (Exception e) {
			AtomicFiles.write(stateDir.resolve(READY), "error: " + e.getMessage() + "\n");
			System.err.println("lab agent: " + e);
			System.exit(1);
			return;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(agent::shutdown, "lab-agent-shutdown"));
		AtomicFiles.write(stateDir.resolve(READY), "ok\n");
		agent.watch();
	}

	private void start() throws IOException, GeneralSecurityException {
		disks = HostSandbox.createDisks(stateDir);
		sandbox = HostSandbox.detect(disks.resolve(".probe"));
		AtomicFiles.write(stateDir.resolve(SANDBOX), sandbox.available() ? "sandboxed\n"
				: "unsandboxed: " + sandbox.unavailableReason() + "\n");
		if (!sandbox.available()) {
			System.err.println("lab agent: hosts run commands without a disk of their own: "
					+ sandbox.unavailableReason());
		}
		for (LabState.MachineState m : state.machines) {
			if (sandbox.available() && !Files.isDirectory(disk(m))) {
				HostSandbox.install(disk(m), Facts.read(machineDir(m).resolve("facts.properties")));
			}
		}
		for (String line : Files.readAllLines(stateDir.resolve("authorized_keys"))) {
			if (!line.isBlank()) {
				authorized.add(AuthorizedKeyEntry.parseAuthorizedKeyEntry(line).resolvePublicKey(null,
						PublicKeyEntryResolver.IGNORING));
			}
		}
		Map<String, String[]> bmcUsers = new LinkedHashMap<>();
		StringBuilder knownHosts = new StringBuilder();
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		for (LabState.MachineState m : state.machines) {
			KeyPair key = generator.generateKeyPair();
			hostKeys.put(m.name, key);
			String line = "[" + m.sshHost + "]:" + m.sshPort + " " + PublicKeyEntry.toString(key.getPublic());
			knownHosts.append(line).append('\n');
			Files.writeString(machineDir(m).resolve("ssh_host_key.pub"), line + "\n");
		}
		AtomicFiles.write(stateDir.resolve("known_hosts"), knownHosts.toString());
		for (LabState.MachineState m : state.machines) {
			if (!"REDFISH".equals(m.bmcKind)) {
				continue;
			}
			String[] user = bmcUsers.computeIfAbsent(m.bmcCredential, this::credential);
			SimulatorConfig config = SimulatorConfig.builder()
					.system(new SimulatorConfig.SystemSpec(SYSTEM_ID, "LAB-" + m.name, null, null, "Off"))
					.user(user[0], user[1], SimulatorConfig.Role.Administrator)
					.powerTransitionDelay(Duration.ofMillis(200)).maxSessions(16).tls(true)
					.bindAddress(m.bmcHost).port(m.bmcPort).build();
			RedfishSimulator sim;
			try {
				sim = RedfishSimulator.start(config);
			} catch (IOException e) {
				throw new IOException("the Redfish BMC of " + m.name + " cannot listen on tcp " + m.bmcHost + ":"
						+ m.bmcPort + ": " + e.getMessage(), e);
			}
			redfish.put(m.name, sim);
			// the host goes down with its power, before the BMC answers the request that switched it off
			sim.onPowerChange((system, powerState) -> powerChanged(m, powerState));
			AtomicFiles.write(machineDir(m).resolve("redfish-cert.pem"), sim.certificatePem());
		}
	}

	/** user and password of a credential in the lab's credentials file (which only the lab writes). */
	private String[] credential(String name) {
		String user = null;
		String password = null;
		try {
			for (String line : Files.readAllLines(stateDir.resolve("credentials"))) {
				int eq = line.indexOf('=');
				if (eq < 0) {
					continue;
				}
				String key = line.substring(0, eq).strip();
				if (key.equals(name + ".user")) {
					user = line.substring(eq + 1).strip();
				} else if (key.equals(name + ".password")) {
					password = line.substring(eq + 1).strip();
				}
			}
		} catch (IOException e) {
			throw new IllegalStateException("cannot read the lab's credentials file: " + e.getMessage(), e);
		}
		if (user == null || password == null) {
			throw new IllegalStateException("the lab's credentials file has no user/password for " + name);
		}
		return new String[] { user, password };
	}

	private Path machineDir(LabState.MachineState m) {
		return stateDir.resolve(m.dir);
	}

	/** The machine's disk (see {@link HostSandbox}). */
	private Path disk(LabState.MachineState m) {
		return disks.resolve(m.name);
	}

	/**
	 * On a new boot of the machine, a network boot installs the machine's image afresh, as PXE and an installer
	 * would; other boots keep the disk. A one-time IPMI override is used up here, as the firmware of a real machine
	 * does (ipmi_sim only stores it; see {@link IpmiBootFlags}); the Redfish simulator uses up its own.
	 */
	private void booted(LabState.MachineState m, RedfishSimulator sim) throws IOException {
		Path chassis = machineDir(m).resolve("chassis");
		long boot = sim != null ? sim.bootCount(SYSTEM_ID) : hostPid(chassis.resolve("host.pid"));
		Long last = boots.put(m.name, boot);
		if (last == null || last == boot) {
			return; // first seen, or the boot already handled
		}
		boolean network;
		if (sim != null) {
			network = "Pxe".equals(sim.lastBootTarget(SYSTEM_ID));
		} else {
			Path pid = chassis.resolve("host.pid");
			network = IpmiBootFlags.boot(chassis, Files.exists(pid) ? Files.getLastModifiedTime(pid) : null);
		}
		if (network && sandbox.available()) {
			Map<String, String> facts = Facts.read(machineDir(m).resolve("facts.properties"));
			HostSandbox.install(disk(m), facts);
			log(m, "network boot: installed " + facts.get("os.image"));
		}
	}

	private synchronized void powerChanged(LabState.MachineState m, String powerState) {
		if (!"On".equals(powerState) && ssh.containsKey(m.name)) {
			try {
				stopSsh(m);
				log(m, powerState + ", SSH down");
			} catch (IOException e) {
				System.err.println("lab agent: " + m.name + ": " + e);
			}
		}
	}

	private static void log(LabState.MachineState m, String what) {
		System.err.println(LocalTime.now() + " " + m.name + ": " + what);
	}

	private static long hostPid(Path pidFile) {
		try {
			return Files.exists(pidFile) ? Long.parseLong(Files.readString(pidFile).strip()) : 0;
		} catch (IOException | NumberFormatException e) {
			return 0;
		}
	}

	/** Polls power and control files until SIGTERM. */
	private void watch() throws InterruptedException {
		while (!stop.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
			for (LabState.MachineState m : state.machines) {
				try {
					follow(m);
				} catch (RuntimeException | IOException e) {
					System.err.println("lab agent: " + m.name + ": " + e);
				}
			}
		}
	}

	private synchronized void follow(LabState.MachineState m) throws IOException {
		RedfishSimulator sim = redfish.get(m.name);
		if (sim != null && Files.exists(machineDir(m).resolve(KILL_BMC))) {
			sim.stop();
			redfish.remove(m.name);
			sim = null;
		}
		boolean on;
		if ("REDFISH".equals(m.bmcKind)) {
			on = sim != null && "On".equals(sim.powerState(SYSTEM_ID));
		} else {
			on = hostAlive(machineDir(m).resolve("chassis").resolve("host.pid"));
		}
		if (on) {
			booted(m, sim);
		} else if (!boots.containsKey(m.name)) {
			boots.put(m.name, sim != null ? (long) sim.bootCount(SYSTEM_ID)
					: hostPid(machineDir(m).resolve("chassis").resolve("host.pid")));
		}
		SshServer server = ssh.get(m.name);
		if (on && server == null) {
			ssh.put(m.name, startSsh(m));
			AtomicFiles.write(sshUp(m), "up\n");
			log(m, "powered on, SSH up");
		} else if (!on && server != null) {
			stopSsh(m);
			log(m, "powered off, SSH down");
		}
	}

	/**
	 * Present while the machine's SSH host runs: the lab's IPMI chassis-control waits for it to go after it powers
	 * the host off, so that an SSH host never outlives the power the BMC reported off.
	 */
	private Path sshUp(LabState.MachineState m) {
		return machineDir(m).resolve("chassis").resolve("ssh.up");
	}

	private synchronized void stopSsh(LabState.MachineState m) throws IOException {
		SshServer server = ssh.remove(m.name);
		if (server != null) {
			server.stop(true);
		}
		Files.deleteIfExists(sshUp(m));
	}

	private static boolean hostAlive(Path pidFile) {
		long pid = hostPid(pidFile);
		return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	private SshServer startSsh(LabState.MachineState m) throws IOException {
		SshServer server = SshServer.setUpDefaultServer();
		server.setHost(m.sshHost);
		server.setPort(m.sshPort);
		server.setKeyPairProvider(KeyPairProvider.wrap(hostKeys.get(m.name)));
		String user = m.sshUser;
		server.setPublickeyAuthenticator((u, key, session) -> user.equals(u)
				&& authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
		server.setPasswordAuthenticator(null);
		server.setKeyboardInteractiveAuthenticator(null);
		server.setCommandFactory(new FactCommands(machineDir(m).resolve("facts.properties"), disk(m), sandbox));
		server.start();
		return server;
	}

	private void shutdown() {
		stop.countDown();
		for (SshServer server : ssh.values()) {
			try {
				server.stop(true);
			} catch (IOException e) {
				// stopping anyway
			}
		}
		for (RedfishSimulator sim : redfish.values()) {
			sim.stop();
		}
	}

	/**
	 * Answers fact commands about the hardware (interfaces, LLDP) from the facts file; runs every other command for
	 * real, on the machine's own disk when there is a sandbox.
	 */
	private static final class FactCommands implements CommandFactory {
		private final Path factsFile;
		private final Path disk;
		private final HostSandbox sandbox;

		FactCommands(Path factsFile, Path disk, HostSandbox sandbox) {
			this.factsFile = factsFile;
			this.disk = disk;
			this.sandbox = sandbox;
		}

		@Override
		public Command createCommand(ChannelSession channel, String command) throws IOException {
			boolean onDisk = sandbox.available();
			String answer = onDisk && Facts.readsDisk(command) ? null : Facts.answer(command, Facts.read(factsFile));
			if (answer != null) {
				return new FixedOutput(answer);
			}
			if (!onDisk) {
				return ProcessShellCommandFactory.INSTANCE.createCommand(channel, unprivileged(command));
			}
			List<String> argv = sandbox.command(disk, command);
			return new ProcessShellFactory(command, argv) {
				@Override
				protected List<String> resolveEffectiveCommand(ChannelSession session, String raw,
						List<String> parsed) {
					return argv;
				}
			}.createShell(channel);
		}
	}

	/**
	 * A lab runs on an operator's machine: when the agent runs as root, other commands run as {@code nobody}
	 * (setpriv), so a provisioning step such as "echo ... > /etc/apt/sources.list" fails instead of changing the
	 * real machine.
	 */
	static String unprivileged(String command) {
		if (!HostSandbox.ROOT || SETPRIV == null) {
			return command;
		}
		return SETPRIV + " --reuid=65534 --regid=65534 --clear-groups -- /bin/sh -c '" + command.replace("'", "'\\''")
				+ "'";
	}

	private static final String SETPRIV = HostSandbox.executable("setpriv");

	private static final class FixedOutput implements Command {
		private final byte[] output;
		private OutputStream out;
		private ExitCallback exit;

		FixedOutput(String output) {
			this.output = output.getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public void setInputStream(InputStream in) {
			// fact commands read nothing
		}

		@Override
		public void setOutputStream(OutputStream out) {
			this.out = out;
		}

		@Override
		public void setErrorStream(OutputStream err) {
			// nothing on stderr
		}

		@Override
		public void setExitCallback(ExitCallback callback) {
			this.exit = callback;
		}

		@Override
		public void start(ChannelSession channel, Environment env) {
			Thread t = new Thread(() -> {
				int code = 0;
				try {
					out.write(output);
					out.flush();
				} catch (IOException e) {
					code = 1;
				}
				exit.onExit(code);
			}, "lab-fact");
			t.setDaemon(true);
			t.start();
		}

		@Override
		public void destroy(ChannelSession channel) {
			// nothing held
		}
	}
}
