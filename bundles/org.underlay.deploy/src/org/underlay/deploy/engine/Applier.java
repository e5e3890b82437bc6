package org.underlay.deploy.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.BootDevice;
import org.underlay.bmc.BootMode;
import org.underlay.bmc.BootOverride;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.PowerAction;
import org.underlay.core.observed.Observation;
import org.underlay.core.observed.LldpNeighbour;
import org.underlay.core.observed.ObservedInterface;
import org.underlay.core.observed.ObservedMachine;
import org.underlay.core.observed.Observations;
import org.underlay.core.observed.SensorReading;
import org.underlay.core.plan.Plan;
import org.underlay.credentials.CredentialsProvider;
import org.underlay.credentials.Secret;
import org.underlay.deploy.fanout.FanOut;
import org.underlay.deploy.fanout.FanOutReport;
import org.underlay.deploy.fanout.Outcome;
import org.underlay.ssh.ExecResult;
import org.underlay.ssh.SshClient;
import org.underlay.ssh.SshEndpoint;
import org.underlay.ssh.SshException;
import org.underlay.ssh.SshOptions;
import org.underlay.ssh.SshSession;

/**
 * Executes a {@link Plan}: machines in parallel (bounded), each machine's actions in order over its BMC and SSH,
 * every action journalled before and after. A machine that fails stops at that action with a clear error; the others
 * go on. Actions the journal records done are skipped, so an interrupted apply resumes where it stopped. BMC and SSH
 * errors that may pass (unreachable, timeout) are retried; a command that exits non-zero is not.
 */
public final class Applier {

	/** How one machine ended: every action done, or failed at one (with the error an operator reads). */
	public record MachineResult(String machine, boolean ok, int done, int skipped, Integer failedAction,
			String error, Map<String, String> facts) {
	}

	public record Report(List<MachineResult> machines) {

		public boolean ok() {
			return machines.stream().allMatch(MachineResult::ok);
		}
	}

	/** Progress for the UI and the CLI; called from worker threads. */
	public interface Listener {
		Listener NONE = new Listener() {
		};

		default void action(String machine, Plan.Action action, Journal.Status status, String message) {
		}

		default void output(String machine, String line) {
		}
	}

	private static final Pattern ASSERTION = Pattern.compile("^\"([^\"]+)\" (==|!=|contains) (.*)$");

	private final CredentialsProvider credentials;
	private final SshOptions sshOptions;
	private final int parallelism;
	private final int attempts;
	private final Duration bmcTimeout;
	private final Duration commandTimeout;
	private final Path scripts;
	private final Map<String, String> bmcOptions;

	/**
	 * @param scripts the design's folder: {@code script} steps name files relative to it
	 */
	public Applier(CredentialsProvider credentials, SshOptions sshOptions, int parallelism, int attempts,
			Duration bmcTimeout, Duration commandTimeout, Path scripts) {
		this(credentials, sshOptions, parallelism, attempts, bmcTimeout, commandTimeout, scripts, Map.of());
	}

	/**
	 * @param bmcOptions driver options added to every BMC endpoint, e.g. {@code redfish.tls.caFile} for the
	 *                   rehearsal lab's certificate authority
	 */
	public Applier(CredentialsProvider credentials, SshOptions sshOptions, int parallelism, int attempts,
			Duration bmcTimeout, Duration commandTimeout, Path scripts, Map<String, String> bmcOptions) {
		this.bmcOptions = Map.copyOf(bmcOptions);
		this.credentials = credentials;
		this.sshOptions = sshOptions;
		this.parallelism = parallelism;
		this.attempts = Math.max(1, attempts);
		this.bmcTimeout = bmcTimeout;
		this.commandTimeout = commandTimeout;
		this.scripts = scripts;
	}

	public Report apply(Plan plan, Journal journal, Listener listener) throws InterruptedException {
		if (!plan.runnable()) {
			throw new IllegalStateException("the plan has problems and is not run: " + String.join("; ", plan.problems()));
		}
		Set<String> done;
		try {
			done = journal.begin(fingerprint(plan), keys(plan), plan.workflow() == null ? "plan in " + plan.environment()
					: plan.workflow() + " in " + plan.environment());
		} catch (IOException e) {
			throw new UncheckedIOException("cannot write the journal " + journal.file() + ": " + e.getMessage(), e);
		}
		try (SshClient ssh = new SshClient(sshOptions)) {
			FanOutReport<Plan.Machine, MachineResult> report = FanOut.run(plan.machines(), parallelism,
					machine -> run(machine, plan, journal, done, ssh, listener), null);
			List<MachineResult> results = new ArrayList<>();
			for (Outcome<Plan.Machine, MachineResult> outcome : report.outcomes()) {
				results.add(outcome.value() != null ? outcome.value()
						: new MachineResult(outcome.target().name(), false, 0, 0, null,
								outcome.error() == null ? "cancelled" : message(outcome.error()), Map.of()));
			}
			return new Report(results);
		}
	}

	/**
	 * What identifies a plan for resuming: its actions (machine, order, kind, detail, step, dependencies), not its
	 * endpoints — an apply stopped by a wrong BMC address resumes once the binding is corrected.
	 */
	public static String fingerprint(Plan plan) {
		try {
			java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
			for (Plan.Action a : plan.actions()) {
				sha.update((a.machine() + "\u0000" + a.id() + "\u0000" + a.kind() + "\u0000" + a.detail() + "\u0000"
						+ a.step() + "\u0000" + a.after() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
			}
			return java.util.HexFormat.of().formatHex(sha.digest(), 0, 12);
		} catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException("JDK lacks SHA-256", e);
		}
	}

	/** The plan's actions as the journal names them. */
	public static Set<String> keys(Plan plan) {
		Set<String> keys = new java.util.HashSet<>();
		plan.actions().forEach(a -> keys.add(Journal.key(a.machine(), a.id())));
		return keys;
	}

	private MachineResult run(Plan.Machine machine, Plan plan, Journal journal, Set<String> done, SshClient ssh,
			Listener listener) throws IOException, InterruptedException {
		List<Plan.Action> actions = plan.actions().stream().filter(a -> a.machine().equals(machine.name())).toList();
		Map<String, String> facts = new LinkedHashMap<>();
		int completed = 0;
		int skipped = 0;
		try (Connections connections = new Connections(machine, ssh)) {
			for (Plan.Action action : actions) {
				if (Thread.currentThread().isInterrupted()) {
					throw new InterruptedException();
				}
				if (done.contains(Journal.key(machine.name(), action.id()))) {
					skipped++;
					continue;
				}
				String kind = action.kind().name();
				journal.record(machine.name(), action.id(), kind, Journal.Status.STARTED, action.detail());
				listener.action(machine.name(), action, Journal.Status.STARTED, action.detail());
				try {
					execute(action, connections, facts, listener);
				} catch (Failure e) {
					journal.record(machine.name(), action.id(), kind, Journal.Status.FAILED, e.getMessage());
					listener.action(machine.name(), action, Journal.Status.FAILED, e.getMessage());
					return new MachineResult(machine.name(), false, completed, skipped, action.id(), e.getMessage(),
							facts);
				}
				journal.record(machine.name(), action.id(), kind, Journal.Status.DONE, null);
				listener.action(machine.name(), action, Journal.Status.DONE, null);
				completed++;
			}
		}
		return new MachineResult(machine.name(), true, completed, skipped, null, null, facts);
	}

	/**
	 * Observes the machines: over the BMC power state, boot override, inventory and sensors; over SSH (when it
	 * answers) facts, interfaces and LLDP neighbours. A machine whose BMC cannot be reached is recorded as such.
	 */
	public Observation collect(String environment, List<Plan.Machine> machines) throws InterruptedException {
		try (SshClient ssh = new SshClient(sshOptions)) {
			FanOutReport<Plan.Machine, ObservedMachine> report = FanOut.run(machines, parallelism,
					machine -> observe(machine, ssh), null);
			List<ObservedMachine> observed = new ArrayList<>();
			for (Outcome<Plan.Machine, ObservedMachine> outcome : report.outcomes()) {
				observed.add(outcome.value() != null ? outcome.value()
						: Observations.unreachable(outcome.target().name(), Instant.now(),
								outcome.error() == null ? "cancelled" : message(outcome.error())));
			}
			return Observations.observation(environment, Instant.now(), observed);
		}
	}

	private ObservedMachine observe(Plan.Machine machine, SshClient sshClient) throws InterruptedException {
		Instant at = Instant.now();
		String power = null;
		String boot = null;
		Map<String, String> facts = new LinkedHashMap<>();
		List<SensorReading> sensors = new ArrayList<>();
		List<ObservedInterface> interfaces = new ArrayList<>();
		List<LldpNeighbour> neighbours = new ArrayList<>();
		try (Connections c = new Connections(machine, sshClient)) {
			if (machine.bmc() != null) {
				try {
					BmcClient bmc = c.bmc();
					power = bmc.powerState().name().toLowerCase(java.util.Locale.ROOT);
					BootOverride override = bmc.bootOverride();
					if (override != null && override.device() != BootDevice.NONE) {
						boot = override.device() == BootDevice.BIOS_SETUP ? "bios"
								: override.device().name().toLowerCase(java.util.Locale.ROOT);
					}
					var inventory = bmc.inventory();
					put(facts, "serial", inventory.serialNumber());
					put(facts, "model", inventory.model());
					put(facts, "manufacturer", inventory.manufacturer());
					for (org.underlay.bmc.Sensor sensor : bmc.sensors()) {
						sensors.add(Observations.sensor(sensor.name(),
								sensor.value().isPresent() ? sensor.value().getAsDouble() : null, sensor.unit(),
								sensor.status().name().toLowerCase(java.util.Locale.ROOT)));
					}
				} catch (BmcException | Failure e) {
					return Observations.unreachable(machine.name(), at, "BMC " + machine.bmc() + ": " + message(e));
				}
			}
			if (machine.ssh() != null && !"off".equals(power)) {
				try {
					c.ssh();
					facts.putAll(collect(c));
					interfaces.addAll(interfaces(exec(c, "ip -j addr", Listener.NONE).stdout()));
					// lldpctl exits non-zero where LLDP is not installed: then there is nothing to compare
					ExecResult lldpctl = exec(c, "lldpctl -f keyvalue", Listener.NONE);
					String lldp = lldpctl.exitStatus() == 0 ? lldpctl.stdout() : "";
					neighbours.addAll(neighbours(lldp));
				} catch (SshException | Failure e) {
					facts.put("ssh", "unreachable: " + message(e));
				}
			}
		}
		ObservedMachine observed = Observations.machine(machine.name(), at);
		observed.setPower(power);
		observed.setBootDevice(boot);
		Observations.facts(observed, facts);
		Observations.interfaces(observed, interfaces);
		observed.getSensors().addAll(sensors);
		Observations.neighbours(observed, neighbours);
		return observed;
	}

	/** {@code ip -j addr}: each interface's name, MAC and addresses (loopback left out). */
	public static List<ObservedInterface> interfaces(String json) {
		List<ObservedInterface> result = new ArrayList<>();
		try {
			var array = com.google.gson.JsonParser.parseString(json).getAsJsonArray();
			for (var element : array) {
				var link = element.getAsJsonObject();
				String name = link.has("ifname") ? link.get("ifname").getAsString() : null;
				if (name == null || name.equals("lo")) {
					continue;
				}
				String mac = link.has("address") ? link.get("address").getAsString() : null;
				List<String> addresses = new ArrayList<>();
				if (link.has("addr_info")) {
					for (var info : link.getAsJsonArray("addr_info")) {
						var address = info.getAsJsonObject();
						if (address.has("local")) {
							addresses.add(address.get("local").getAsString()
									+ (address.has("prefixlen") ? "/" + address.get("prefixlen").getAsInt() : ""));
						}
					}
				}
				result.add(Observations.nic(name, mac, addresses));
			}
		} catch (RuntimeException e) {
			// not JSON (an old iproute2): no interfaces observed rather than wrong ones
		}
		return result;
	}

	/** lldpctl's keyvalue output: lldp.ens1f0.chassis.name=tor-r01, lldp.ens1f0.port.ifname=Ethernet1. */
	public static List<LldpNeighbour> neighbours(String keyvalue) {
		Map<String, String> system = new LinkedHashMap<>();
		Map<String, String> port = new LinkedHashMap<>();
		for (String line : keyvalue.split("\n")) {
			String[] kv = line.split("=", 2);
			if (kv.length != 2 || !kv[0].startsWith("lldp.")) {
				continue;
			}
			String[] key = kv[0].split("\\.");
			if (key.length >= 4 && key[2].equals("chassis") && key[3].equals("name")) {
				system.put(key[1], kv[1].strip());
			} else if (key.length >= 4 && key[2].equals("port")
					&& (key[3].equals("ifname") || (key[3].equals("descr") && !port.containsKey(key[1])))) {
				port.put(key[1], kv[1].strip());
			}
		}
		List<LldpNeighbour> result = new ArrayList<>();
		system.forEach((local, name) -> result.add(Observations.neighbour(local, name, port.get(local))));
		return result;
	}

	private static void put(Map<String, String> facts, String key, String value) {
		if (value != null && !value.isBlank()) {
			facts.put(key, value.strip());
		}
	}

	/** An action that failed, with a message for the operator. */
	static final class Failure extends Exception {
		private static final long serialVersionUID = 1L;

		Failure(String message) {
			super(message);
		}
	}

	private void execute(Plan.Action action, Connections c, Map<String, String> facts, Listener listener)
			throws Failure, InterruptedException {
		switch (action.kind()) {
		case POWER -> bmc(c, bmc -> bmc.power(power(action.detail())));
		case BOOT -> bmc(c, bmc -> bmc.setBootOverride(boot(action.detail())));
		case REBOOT -> {
			c.dropSsh();
			bmc(c, bmc -> bmc.power(PowerAction.CYCLE));
		}
		case WAIT_SSH -> c.waitSsh(Duration.ofSeconds(Long.parseLong(action.detail().replaceAll("\\D+", ""))));
		case RUN -> run(c, action.detail(), listener);
		case SCRIPT -> script(c, action.detail(), listener);
		case COLLECT_FACTS -> facts.putAll(collect(c));
		case ASSERT_FACT -> check(action.detail(), facts);
		}
	}

	private interface BmcCall {
		void call(BmcClient bmc) throws BmcException;
	}

	private void bmc(Connections c, BmcCall call) throws Failure, InterruptedException {
		BmcException last = null;
		for (int attempt = 1; attempt <= attempts; attempt++) {
			try {
				call.call(c.bmc());
				return;
			} catch (BmcException e) {
				last = e;
				c.dropBmc();
				if (e.kind() == BmcException.Kind.CANCELLED) {
					throw new InterruptedException();
				}
				if (e.kind() != BmcException.Kind.UNREACHABLE && e.kind() != BmcException.Kind.TIMEOUT) {
					break;
				}
				Thread.sleep(500L * attempt);
			}
		}
		throw new Failure("BMC " + c.machine.bmc() + ": " + message(last));
	}

	private void run(Connections c, String command, Listener listener) throws Failure, InterruptedException {
		ExecResult result = exec(c, command, listener);
		if (result.exitStatus() != 0) {
			String stderr = result.stderr() == null ? "" : result.stderr().strip();
			String last = stderr.isEmpty() ? "" : ": " + stderr.lines().reduce((a, b) -> b).orElse("");
			throw new Failure("'" + command + "' exited with status " + result.exitStatus() + last);
		}
	}

	private ExecResult exec(Connections c, String command, Listener listener) throws Failure, InterruptedException {
		try {
			return c.ssh().exec(command, commandTimeout,
					org.underlay.ssh.OutputListener.lines(line -> listener.output(c.machine.name(), line)),
					org.underlay.ssh.OutputListener.lines(line -> listener.output(c.machine.name(), line)));
		} catch (SshException e) {
			c.dropSsh();
			if (e.kind() == SshException.Kind.CANCELLED) {
				throw new InterruptedException();
			}
			throw new Failure("SSH " + c.machine.ssh() + ": " + message(e));
		}
	}

	private void script(Connections c, String detail, Listener listener) throws Failure, InterruptedException {
		String[] words = detail.split(" ", 2);
		Path local = scripts == null ? Path.of(words[0]) : scripts.resolve(words[0]);
		if (!Files.isRegularFile(local)) {
			throw new Failure("script " + words[0] + " not found in the design folder (" + local + ")");
		}
		String remote = "/tmp/underlay-" + local.getFileName();
		try {
			c.ssh().upload(local, remote, commandTimeout);
		} catch (SshException e) {
			c.dropSsh();
			throw new Failure("SSH " + c.machine.ssh() + ": cannot upload " + words[0] + ": " + message(e));
		}
		run(c, "sh " + remote + (words.length > 1 ? " " + words[1] : ""), listener);
	}

	/** Facts a collect step gathers: host name, OS release, kernel, the installed image, interfaces. */
	private Map<String, String> collect(Connections c) throws Failure, InterruptedException {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("hostname", exec(c, "hostname", Listener.NONE).stdout().strip());
		for (String line : exec(c, "cat /etc/os-release", Listener.NONE).stdout().split("\n")) {
			if (line.startsWith("PRETTY_NAME=")) {
				facts.put("os.release", line.substring(12).replace("\"", ""));
			} else if (line.startsWith("VERSION_ID=")) {
				facts.put("os.version", line.substring(11).replace("\"", ""));
			}
		}
		facts.put("kernel", exec(c, "uname -r", Listener.NONE).stdout().strip());
		ExecResult image = exec(c, "cat /etc/underlay-image", Listener.NONE);
		if (image.exitStatus() == 0 && !image.stdout().isBlank()) {
			facts.put("os.image", image.stdout().strip());
		}
		return facts;
	}

	private static void check(String detail, Map<String, String> facts) throws Failure {
		Matcher m = ASSERTION.matcher(detail);
		if (!m.matches()) {
			throw new Failure("cannot read the assertion " + detail);
		}
		String fact = m.group(1);
		String expected = m.group(3).replaceAll("^\"|\"$", "");
		String actual = facts.get(fact);
		if (actual == null) {
			throw new Failure("fact " + fact + " was not collected (add 'collect facts' before the assertion)");
		}
		boolean holds = switch (m.group(2)) {
		case "==" -> actual.equals(expected);
		case "!=" -> !actual.equals(expected);
		default -> actual.contains(expected);
		};
		if (!holds) {
			throw new Failure("fact " + fact + " is \"" + actual + "\", expected " + m.group(2) + " \"" + expected + "\"");
		}
	}

	static PowerAction power(String detail) {
		return switch (detail) {
		case "on" -> PowerAction.ON;
		case "off" -> PowerAction.OFF;
		case "cycle" -> PowerAction.CYCLE;
		case "reset" -> PowerAction.HARD_RESET;
		default -> PowerAction.SOFT_SHUTDOWN;
		};
	}

	static BootOverride boot(String detail) {
		String[] words = detail.split(" ");
		BootDevice device = switch (words[0]) {
		case "pxe" -> BootDevice.PXE;
		case "disk" -> BootDevice.DISK;
		case "cdrom" -> BootDevice.CDROM;
		case "bios" -> BootDevice.BIOS_SETUP;
		default -> throw new IllegalArgumentException("no BMC boot device for " + words[0]);
		};
		boolean once = words.length > 1 && words[1].equals("once");
		return new BootOverride(device, !once, BootMode.UEFI);
	}

	static String message(Throwable e) {
		return e == null ? "failed" : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
	}

	/** A machine's BMC client and SSH session, opened when first needed and reopened after a failure. */
	private final class Connections implements AutoCloseable {
		private final Plan.Machine machine;
		private final SshClient sshClient;
		private BmcClient bmc;
		private SshSession ssh;

		Connections(Plan.Machine machine, SshClient sshClient) {
			this.machine = machine;
			this.sshClient = sshClient;
		}

		BmcClient bmc() throws BmcException, Failure {
			if (bmc == null) {
				Plan.Endpoint e = machine.bmc();
				if (e == null) {
					throw new Failure("the binding has no BMC endpoint");
				}
				BmcEndpoint endpoint = BmcEndpoints.of(e, bmcOptions, bmcTimeout);
				try (Secret secret = secret(e.credential())) {
					char[] password = secret.hasPassword() ? secret.password() : new char[0];
					try (Credentials login = new Credentials(secret.user().orElse("admin"), password)) {
						bmc = BmcDrivers.open(endpoint, login);
					} finally {
						java.util.Arrays.fill(password, '\0');
					}
				}
			}
			return bmc;
		}

		SshSession ssh() throws SshException, Failure {
			if (ssh == null) {
				Plan.Endpoint e = machine.ssh();
				if (e == null) {
					throw new Failure("the binding has no SSH endpoint");
				}
				try (Secret secret = secret(e.credential())) {
					ssh = sshClient.connect(SshEndpoint.of(e.host(), e.port(), e.user()), secret);
				}
			}
			return ssh;
		}

		/** Connects until SSH answers or the time is up (a machine booting, a host following its BMC's power). */
		void waitSsh(Duration timeout) throws Failure, InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			SshException last = null;
			dropSsh();
			while (System.nanoTime() < deadline) {
				try {
					ssh();
					return;
				} catch (SshException e) {
					last = e;
					if (e.kind() == SshException.Kind.AUTH_FAILED || e.kind() == SshException.Kind.HOST_KEY_CHANGED
							|| e.kind() == SshException.Kind.HOST_KEY_UNKNOWN) {
						break;
					}
					if (e.kind() == SshException.Kind.CANCELLED) {
						throw new InterruptedException();
					}
					Thread.sleep(300);
				}
			}
			throw new Failure("SSH " + machine.ssh() + " did not come up within " + timeout.toSeconds() + " s"
					+ (last == null ? "" : ": " + message(last)));
		}

		private Secret secret(String name) throws Failure {
			if (name == null) {
				throw new Failure("the binding names no credential");
			}
			try {
				return credentials.resolve(name);
			} catch (org.underlay.credentials.CredentialsException e) {
				throw new Failure(message(e));
			}
		}

		void dropBmc() {
			if (bmc != null) {
				try {
					bmc.close();
				} catch (Exception e) {
					// closing a broken client
				}
				bmc = null;
			}
		}

		void dropSsh() {
			if (ssh != null) {
				ssh.close();
				ssh = null;
			}
		}

		@Override
		public void close() {
			dropBmc();
			dropSsh();
		}
	}
}
