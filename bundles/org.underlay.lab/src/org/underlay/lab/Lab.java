package org.underlay.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.redfish.RedfishDriver;
import org.underlay.credentials.FileCredentials;
import org.underlay.credentials.Secret;
import org.underlay.lab.internal.Facts;
import org.underlay.lab.internal.LabAgent;
import org.underlay.lab.internal.LabState;
import org.underlay.lab.internal.Processes;
import org.underlay.peers.FileTrees;
import org.underlay.peers.Ports;

/**
 * A running rehearsal lab. {@link #up} starts, per machine of a {@link LabSpec}, a simulated BMC of the machine's
 * kind on the binding's endpoint — Debian's {@code ipmi_sim} (one process per machine, as the peers bundle starts
 * it) or the project's Redfish simulator (all in the lab agent process) — and an SSH host on the binding's SSH
 * endpoint that exists only while the machine is powered on and serves the design's facts. Everything the lab starts is
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
		LabPorts.check(spec);
		boolean ipmi = spec.machines().stream().anyMatch(m -> m.bmcKind() == LabSpec.BmcKind.IPMI);
		LabTools tools = LabTools.find(ipmi);
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
				FileTrees.deleteWhatCan(md);
				Files.createDirectories(md);
				Facts.write(md.resolve("facts.properties"), m.facts());
			}
			state.write(dir);
			LabSecrets.write(dir, spec);
			// the agent (a JVM start) and the ipmi_sim processes come up side by side
			Process agent = AgentLauncher.spawn(dir, state);
			if (ipmi) {
				IpmiBmcs.startAll(dir, state, tools);
			}
			AgentLauncher.await(dir, agent);
			LabFiles.writeRedfishCa(dir, state);
			LabFiles.writeBinding(dir, state);
			state.phase = "up";
			state.write(dir);
			return new Lab(dir, state);
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
		List<ProcessHandle> processes = Processes.ofLab(dir, state, true);
		Processes.stop(processes, 3000);
		List<String> busy = new ArrayList<>();
		long end = System.currentTimeMillis() + 10_000;
		for (LabState.MachineState m : state.machines) {
			boolean udp = m.bmcKind.equals("IPMI");
			if (!LabPorts.awaitFree(m.bmcHost, m.bmcPort, udp, end)) {
				busy.add((udp ? "udp " : "tcp ") + m.bmcHost + ":" + m.bmcPort);
			}
			if (!LabPorts.awaitFree(m.sshHost, m.sshPort, false, end)) {
				busy.add("tcp " + m.sshHost + ":" + m.sshPort);
			}
		}
		LabFiles.remove(dir, state);
		return new DownReport(true, processes.stream().map(ProcessHandle::pid).toList(), busy);
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
					: agentUp && Ports.accepts(m.bmcHost, m.bmcPort);
			machines.add(new LabStatus.Machine(m.name, m.bmcKind.toLowerCase(Locale.ROOT),
					(m.bmcKind.equals("IPMI") ? "udp " : "tcp ") + m.bmcHost + ":" + m.bmcPort, bmcUp,
					m.sshUser + "@" + m.sshHost + ":" + m.sshPort, agentUp && Ports.accepts(m.sshHost, m.sshPort)));
		}
		String hosts = null;
		try {
			Path sandbox = dir.resolve(LabAgent.SANDBOX);
			hosts = Files.exists(sandbox) ? Files.readString(sandbox).strip() : null;
		} catch (IOException e) {
			// not said
		}
		return new LabStatus(dir.toString(), state.site, agentUp, machines, hosts);
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

	/** The lab binding as the lab runs it (endpoints, credential names, pinned fingerprints and host keys). */
	public Path bindingFile() {
		return stateDir.resolve(BINDING);
	}

	/** SHA-256 fingerprint of a Redfish machine's BMC certificate, for {@code redfish.tls.pinnedSha256}. */
	public Optional<String> bmcTlsFingerprint(String machine) {
		return Optional.ofNullable(state(machine).bmcTlsSha256);
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
		return LabSecrets.bmcCredentials(stateDir, state(machine).bmcCredential);
	}

	/** The machine's SSH secret (user and lab key), read from {@link #credentialsFile()}; the caller destroys it. */
	public Secret sshSecret(String machine) throws LabException {
		return LabSecrets.secret(stateDir, state(machine).sshCredential);
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
		BmcFaults.kill(stateDir, state(machine));
	}

	/**
	 * Starts the simulated BMC of an IPMI machine again after {@link #killBmc} (a BMC that came back): same port,
	 * user and state directory; the simulated host, which outlives its BMC as a real one does, keeps its power state.
	 * Records the new PID. Redfish BMCs cannot come back yet (a restarted simulator would present a new TLS
	 * certificate, which the lab's CA file does not hold).
	 */
	public void restartBmc(String machine) throws LabException {
		BmcFaults.restart(stateDir, state, state(machine));
	}

	/** Every live process of the lab now: agent, BMC simulators and simulated hosts. */
	public List<Long> pids() {
		return Processes.ofLab(stateDir, state, false).stream().map(ProcessHandle::pid).toList();
	}

	/** Resident memory of all the lab's processes, KiB. */
	public long rssKib() {
		return pids().stream().mapToLong(Processes::rssKib).sum();
	}

	@Override
	public String toString() {
		return "Lab[" + state.site + ", " + state.machines.size() + " machines, " + stateDir + "]";
	}
}
