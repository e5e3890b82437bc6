package org.underlay.peers.ipmi;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.underlay.bmc.IpmiProbe;
import org.underlay.peers.PeerProcess;
import org.underlay.peers.Ports;
import org.underlay.peers.Programs;

/**
 * One IPMI 2.0 BMC: Debian's {@code ipmi_sim} (package openipmi) on a UDP port, configured by a {@link Config} —
 * its LAN channel, users and what its chassis is: the recipe's {@code chassis-control.sh} keeping power, boot device,
 * identify and resets as files in a chassis folder (and starting a simulated host, {@code host.sh}, where one is
 * there), an inline shell hook, or ipmi_sim's own host-process model. Optionally a sensor repository and a FRU image
 * with a serial ({@link Config#inventory}), and the boot flags module ({@link Config#keepingBootFlags}).
 *
 * <p>Files below the state folder ({@code ipmi_sim -s}): {@code lan.conf} (0600: it holds the users' passwords),
 * {@code bmc.emu}, {@code ipmi_sim/NAME/} (what ipmi_sim persists; it ignores lan.conf's users once it has persisted a
 * users file, so give each BMC a fresh folder), {@code ipmi_sim.log}.
 */
public final class IpmiSim extends PeerProcess {

	/** The programs an ipmi_sim with {@link Config#inventory inventory} needs, with the Debian package of each. */
	public static final Map<String, String> PROGRAMS = programs();

	/** The module ipmi_sim loads to keep the boot flags as a real BMC does (see native/bootflags.c). */
	public static final String BOOT_FLAGS_MODULE = "bootflags.so";
	/** The boot flags in the chassis folder, as the module keeps them: five bytes in hex ("80 04 00 00 00"). */
	public static final String BOOT_FLAGS_FILE = "bootflags";

	private static final String RESOURCES = "/org/underlay/peers/ipmi/";
	private static final String[] SCRIPTS = { "chassis-control.sh", "mkfru.py", "bmc.emu.in", "bmc.sdrs" };
	private static final String AUTHS = " none md2 md5 straight";
	/** A management controller without sensors or FRU data. */
	private static final String BARE_EMULATION = String.join("\n",
			"mc_setbmc 0x20",
			"mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr",
			"mc_enable 0x20",
			"");

	private final Config config;
	private final int port;

	private IpmiSim(Config config, int port, Process process) {
		super(process, config.stateDir.resolve("ipmi_sim.log"));
		this.config = config;
		this.port = port;
	}

	private static Map<String, String> programs() {
		Map<String, String> p = new LinkedHashMap<>();
		p.put("ipmi_sim", "openipmi");
		p.put("sdrcomp", "openipmi");
		p.put("python3", "python3");
		return Collections.unmodifiableMap(p);
	}

	/** A BMC named {@code name} (its IPMI name, and its folder below {@code stateDir/ipmi_sim}). */
	public static Config config(String name, Path stateDir) {
		return new Config(name, stateDir);
	}

	/** How one ipmi_sim is set up. Defaults: 127.0.0.1, a free port, no users, no chassis, no inventory. */
	public static final class Config {
		private final String name;
		private final Path stateDir;
		private String address = "127.0.0.1";
		private int port;
		private Path resources;
		private Path chassisDir;
		private String chassisHook;
		private String hostCommand;
		private boolean hostRunning;
		private boolean bootFlags;
		private String serial;
		private final List<String> users = new ArrayList<>();
		private boolean detached;
		private Duration answerWithin = Duration.ofSeconds(10);

		private Config(String name, Path stateDir) {
			this.name = name;
			this.stateDir = stateDir;
		}

		/** The UDP endpoint; port 0 (the default) takes a free port on 127.0.0.1, three tries if it is taken. */
		public Config endpoint(String address, int port) {
			this.address = address;
			this.port = port;
			return this;
		}

		/**
		 * Where the scripts (and the boot flags module) are, as {@link IpmiSim#installResources} put them there, for
		 * BMCs that share one copy. Without it each BMC installs its own in {@code stateDir/bin}.
		 */
		public Config resources(Path dir) {
			this.resources = dir;
			return this;
		}

		/** The chassis is {@code chassis-control.sh} with its state files in {@code dir}. */
		public Config chassisScript(Path dir) {
			this.chassisDir = dir;
			return this;
		}

		/** The chassis is this command line ({@code chassis_control}); no double quotes in it. */
		public Config chassisHook(String command) {
			this.chassisHook = command;
			return this;
		}

		/**
		 * ipmi_sim's own model of a host ({@code startcmd}): the process running {@code command} is the powered-on
		 * machine; {@code running}: it starts with ipmi_sim ({@code startnow}).
		 */
		public Config host(String command, boolean running) {
			this.hostCommand = command;
			this.hostRunning = running;
			return this;
		}

		/** Loads the boot flags module: flags kept byte for byte in the chassis folder ({@value #BOOT_FLAGS_FILE}). */
		public Config keepingBootFlags() {
			this.bootFlags = true;
			return this;
		}

		/** The recipe's sensor repository and a FRU image whose product serial is {@code serial}. */
		public Config inventory(String serial) {
			this.serial = serial;
			return this;
		}

		/** A user (ids from 2 on) with every authentication type; {@code privilege}: user, operator or admin. */
		public Config user(String user, String password, String privilege) {
			users.add("user " + (users.size() + 2) + " true \"" + user + "\" \"" + password + "\" " + privilege
					+ " 10" + AUTHS);
			return this;
		}

		/**
		 * The BMC outlives this JVM and its terminal: a session of its own ({@code setsid}), files private to the
		 * user (umask 077).
		 */
		public Config detached() {
			this.detached = true;
			return this;
		}

		/** How long it may take to answer once started (default 10 s). */
		public Config answerWithin(Duration timeout) {
			this.answerWithin = timeout;
			return this;
		}
	}

	/**
	 * Copies the scripts every ipmi_sim here uses into {@code dir} (owner only), with the boot flags module if this
	 * bundle carries it ({@link #bootFlagsModuleAvailable()}).
	 */
	public static void installResources(Path dir) throws IOException {
		Files.createDirectories(dir);
		for (String f : SCRIPTS) {
			copy(f, dir, f.endsWith(".sh") || f.endsWith(".py") ? "rwx------" : "rw-------");
		}
		if (bootFlagsModuleAvailable()) {
			copy(BOOT_FLAGS_MODULE, dir, "rwx------");
		}
	}

	private static void copy(String resource, Path dir, String permissions) throws IOException {
		try (InputStream in = IpmiSim.class.getResourceAsStream(RESOURCES + resource)) {
			if (in == null) {
				throw new IOException("resource " + RESOURCES.substring(1) + resource + " missing from bundle "
						+ "org.underlay.peers");
			}
			Files.copy(in, dir.resolve(resource), StandardCopyOption.REPLACE_EXISTING);
		}
		Files.setPosixFilePermissions(dir.resolve(resource), PosixFilePermissions.fromString(permissions));
	}

	/** Whether this installation carries the boot flags module (the build compiles it from native/bootflags.c). */
	public static boolean bootFlagsModuleAvailable() {
		return IpmiSim.class.getResource(RESOURCES + BOOT_FLAGS_MODULE) != null;
	}

	/** What is wrong when {@link #bootFlagsModuleAvailable()} is false, and how to put it right. */
	public static String bootFlagsModuleMissing() {
		return "this installation's peers bundle (org.underlay.peers) has no ipmi_sim boot flags module ("
				+ RESOURCES.substring(1) + BOOT_FLAGS_MODULE + "): the build compiles it from native/bootflags.c with"
				+ " gcc against libopenipmi-dev; build again with gcc, libc6-dev and libopenipmi-dev installed";
	}

	/**
	 * Writes the configuration, starts ipmi_sim and waits until it answers IPMI.
	 *
	 * @throws IOException a program is missing (the message names its package), a file cannot be written, or the
	 *                     BMC does not answer in time (it is killed; the message names its log)
	 */
	public static IpmiSim start(Config c) throws IOException {
		Path ipmiSim = require("ipmi_sim", null);
		Map<String, String> env = Programs.cleanEnvironment(ipmiSim.getParent());
		Files.createDirectories(c.stateDir.resolve("ipmi_sim").resolve(c.name));
		Path resources = c.resources;
		if (resources == null && (c.chassisDir != null || c.serial != null || c.bootFlags)) {
			resources = c.stateDir.resolve("bin");
			installResources(resources);
		}
		if (c.bootFlags) {
			if (c.chassisDir == null) {
				throw new IllegalArgumentException("the boot flags module keeps its flags in a chassis folder");
			}
			if (!Files.exists(resources.resolve(BOOT_FLAGS_MODULE))) {
				throw new IOException(bootFlagsModuleMissing());
			}
		}
		if (c.chassisDir != null) {
			Files.createDirectories(c.chassisDir);
		}
		Path emu = c.stateDir.resolve("bmc.emu");
		Files.writeString(emu, emulation(c, resources, env));
		Path conf = c.stateDir.resolve("lan.conf");
		IOException last = null;
		for (int attempt = 0; attempt < (c.port == 0 ? 3 : 1); attempt++) {
			int port = c.port == 0 ? Ports.freeUdp() : c.port;
			Files.deleteIfExists(conf);
			Files.createFile(conf, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(conf, lanConf(c, port, resources));
			List<String> cmd = new ArrayList<>();
			if (c.detached) {
				Programs.find("setsid", Programs.SYSTEM_PATH).ifPresent(s -> cmd.add(s.toString()));
				cmd.addAll(List.of("/bin/sh", "-c", "umask 077; exec \"$0\" \"$@\""));
			}
			cmd.addAll(List.of(ipmiSim.toString(), "-n", "-c", conf.toString(), "-f", emu.toString(), "-s",
					c.stateDir.toString()));
			ProcessBuilder pb = new ProcessBuilder(cmd).directory(c.stateDir.toFile()).redirectErrorStream(true)
					.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
					.redirectOutput(ProcessBuilder.Redirect.appendTo(c.stateDir.resolve("ipmi_sim.log").toFile()));
			pb.environment().clear();
			pb.environment().putAll(env);
			IpmiSim sim = new IpmiSim(c, port, pb.start());
			if (IpmiProbe.awaitAnswer(new InetSocketAddress(InetAddress.getByName(c.address), port), c.answerWithin,
					sim::isAlive)) {
				return sim;
			}
			sim.kill();
			last = new IOException("ipmi_sim " + c.name + " does not answer on udp " + c.address + ":" + port
					+ "; see " + sim.logFile());
		}
		throw last;
	}

	private static Path require(String program, Map<String, String> env) throws IOException {
		return (env == null ? Programs.find(program) : Programs.find(program, env.get("PATH")))
				.orElseThrow(() -> new IOException(program + " not found: install " + PROGRAMS.get(program)
						+ " (apt-get install -y --no-install-recommends " + PROGRAMS.get(program) + ")"));
	}

	/** The emulator's commands: a bare controller, or the recipe's sensors with a FRU image of the serial. */
	private static String emulation(Config c, Path resources, Map<String, String> env) throws IOException {
		if (c.serial == null) {
			return BARE_EMULATION;
		}
		Duration timeout = Duration.ofSeconds(20);
		String fru = Programs.output(List.of(require("python3", env).toString(),
				resources.resolve("mkfru.py").toString(), c.serial), env, c.stateDir, timeout).strip();
		Programs.output(List.of(require("sdrcomp", env).toString(), "-8", "-o", c.stateDir.resolve("ipmi_sim")
				.resolve(c.name).resolve("sdr.20.main").toString(), resources.resolve("bmc.sdrs").toString()), env,
				c.stateDir, timeout);
		return Files.readString(resources.resolve("bmc.emu.in")).replace("@FRU@", fru);
	}

	private static String lanConf(Config c, int port, Path resources) {
		StringBuilder conf = new StringBuilder();
		conf.append("name \"").append(c.name).append("\"\n");
		conf.append("set_working_mc 0x20\n");
		conf.append("  startlan 1\n");
		conf.append("    addr ").append(c.address).append(' ').append(port).append('\n');
		conf.append("    priv_limit admin\n");
		for (String level : new String[] { "callback", "user", "operator", "admin" }) {
			conf.append("    allowed_auths_").append(level).append(AUTHS).append('\n');
		}
		conf.append("    guid a123456789abcdefa1234567").append(String.format(Locale.ROOT, "%08x", port)).append('\n');
		conf.append("  endlan\n");
		if (c.chassisDir != null) {
			conf.append("  chassis_control \"").append(resources.resolve("chassis-control.sh")).append(' ')
					.append(c.chassisDir).append("\"\n");
		} else if (c.chassisHook != null) {
			conf.append("  chassis_control \"").append(c.chassisHook).append("\"\n");
		}
		if (c.hostCommand != null) {
			conf.append("  startcmd \"").append(c.hostCommand).append("\"\n");
			if (c.hostRunning) {
				conf.append("  startnow true\n");
			}
		}
		if (c.bootFlags) {
			conf.append("  loadlib \"").append(resources.resolve(BOOT_FLAGS_MODULE)).append("\" \"")
					.append(c.chassisDir).append("\"\n");
		}
		c.users.forEach(u -> conf.append("  ").append(u).append('\n'));
		return conf.toString();
	}

	public String name() {
		return config.name;
	}

	public String address() {
		return config.address;
	}

	public int port() {
		return port;
	}

	/** The FRU product serial ({@link Config#inventory}), or null for a bare controller. */
	public String serial() {
		return config.serial;
	}

	/** The state folder ({@code ipmi_sim -s}). */
	public Path stateDir() {
		return config.stateDir;
	}

	/** The chassis folder of {@code chassis-control.sh}, or null when the chassis is something else. */
	public Path chassisDir() {
		return config.chassisDir;
	}

	@Override
	public String toString() {
		return "IpmiSim[" + config.name + " on " + config.address + ":" + port + ", pid " + pid() + "]";
	}
}
