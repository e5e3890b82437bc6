package org.underlay.bench.machines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.underlay.deploy.fanout.FanOut;
import org.underlay.deploy.fanout.FanOutReport;
import org.underlay.peers.FileTrees;
import org.underlay.peers.ipmi.IpmiSim;

/**
 * N IPMI 2.0 BMCs on loopback UDP ports: Debian's {@code ipmi_sim} (openipmi) as the peers bundle starts it
 * ({@link IpmiSim}), each with its own state directory and a bare management controller; even-numbered machines start
 * powered off, odd-numbered ones on. How a simulator knows its power state is the {@link Power} model. One user ({@value #USER}, administrator) with a random password
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
	private final Map<Integer, IpmiSim> simulators = new TreeMap<>();

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
			List<Integer> indexes = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				indexes.add(i);
			}
			FanOutReport<Integer, IpmiSim> r = FanOut.run(indexes, 8, bmcs::startOne, null);
			if (!r.allSucceeded()) {
				throw new IOException("ipmi_sim did not start: " + r.failed().get(0).error().getMessage());
			}
			r.outcomes().forEach(o -> bmcs.ports.add(o.value().port()));
			return bmcs;
		} catch (IOException | InterruptedException | RuntimeException e) {
			bmcs.close();
			throw e;
		}
	}

	private IpmiSim startOne(int index) throws IOException {
		Path state = dir.resolve("bmc" + index);
		IpmiSim.Config config = IpmiSim.config("bmc" + index, state).user(USER, new String(password), "admin");
		if (power == Power.STATE_FILE_HOOK) {
			Files.createDirectories(state.resolve("chassis"));
			Files.writeString(state.resolve("chassis").resolve("power"), (index % 2) + "\n");
			config.chassisHook(String.format(Locale.ROOT, CHASSIS_CONTROL, state.resolve("chassis")));
		} else if (index % 2 == 1) {
			config.host(HOST_COMMAND, true);
		}
		IpmiSim sim = IpmiSim.start(config);
		synchronized (simulators) {
			simulators.put(index, sim);
		}
		return sim;
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
		IpmiSim sim;
		synchronized (simulators) {
			sim = simulators.get(index);
		}
		return sim == null ? Optional.empty() : sim.process().children().filter(ProcessHandle::isAlive).findFirst();
	}

	public Power power() {
		return power;
	}

	public Path directory() {
		return dir;
	}

	/** Stops every simulator by PID (and the hosts they started) and deletes the state. */
	@Override
	public void close() {
		synchronized (simulators) {
			simulators.values().forEach(IpmiSim::close);
		}
		Arrays.fill(password, '\0');
		FileTrees.deleteWhatCan(dir);
	}
}
