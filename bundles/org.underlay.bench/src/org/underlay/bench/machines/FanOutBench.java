package org.underlay.bench.machines;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.PowerState;
import org.underlay.credentials.Secret;
import org.underlay.bench.machines.LoopbackBmcs.Power;
import org.underlay.deploy.fanout.FanOut;
import org.underlay.deploy.fanout.FanOutReport;
import org.underlay.peers.Programs;
import org.underlay.ssh.ExecResult;
import org.underlay.ssh.HostKeyVerifier;
import org.underlay.ssh.SshClient;
import org.underlay.ssh.SshEndpoint;
import org.underlay.ssh.SshOptions;
import org.underlay.ssh.SshSession;

/**
 * The machine-control benchmark: in one run, on loopback peers it starts itself, it times
 * <ul>
 * <li>one command ({@code uname -r}) on N OpenSSH hosts: the {@link FanOut} executor with JSch vs
 * {@code parallel-ssh} (pssh), {@code ansible all -m command} and a sequential {@code ssh} loop — same key, same
 * known_hosts, the same curve25519-sha256 key exchange, the same {@code SetEnv SHLVL=1} host set-up for all;</li>
 * <li>chassis power status of N {@code ipmi_sim} BMCs: the native IPMI driver through {@link FanOut} vs a sequential
 * {@code ipmitool -I lanplus -C 3} loop, {@code xargs -P} with ipmitool and FreeIPMI's {@code ipmipower}.</li>
 * </ul>
 * A missing tool is reported and its row skipped. Entry point for the CLI: {@code new FanOutBench().run(out)};
 * standalone: {@code java ... org.underlay.bench.machines.FanOutBench [machines] [parallelism]}.
 */
public final class FanOutBench {

	private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(3);

	private final int machines;
	private final int parallelism;
	private final String command;
	private final boolean prepare;
	private volatile Duration preparedIn;

	/** 50 machines, parallelism 16, {@code uname -r}, drivers prepared. */
	public FanOutBench() {
		this(50, 16, true);
	}

	/**
	 * @param prepare whether the BMC drivers {@linkplain BmcDrivers#prepareInBackground() prepare in the background}
	 *        as the benchmark starts, as every command that drives BMCs does; {@code false} measures the first
	 *        sweep of a JVM that has loaded nothing yet
	 */
	public FanOutBench(int machines, int parallelism, boolean prepare) {
		if (machines < 1 || parallelism < 1) {
			throw new IllegalArgumentException("machines and parallelism must be positive");
		}
		this.machines = machines;
		this.parallelism = parallelism;
		this.command = "uname -r";
		this.prepare = prepare;
	}

	/** Arguments: [machines [parallelism [all|ssh|ipmi [unprepared]]]]. */
	public static void main(String[] args) throws Exception {
		int machines = args.length > 0 ? Integer.parseInt(args[0]) : 50;
		int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 16;
		String which = args.length > 2 ? args[2] : "all";
		boolean prepare = args.length <= 3 || !args[3].equals("unprepared");
		System.exit(new FanOutBench(machines, parallelism, prepare).run(System.out,
				which.equals("all") || which.equals("ssh"), which.equals("all") || which.equals("ipmi")));
	}

	/** One measured row. */
	private record Row(String tool, String settings, Duration time, int ok, String note, boolean required) {

		Row(String tool, String settings, Duration time, int ok, String note) {
			this(tool, settings, time, ok, note, true);
		}

		Row optional() {
			return new Row(tool, settings, time, ok, note, false);
		}
	}

	/**
	 * Runs both benchmarks and prints the tables.
	 *
	 * @return 0 if every measurement ran and every machine answered, 1 otherwise (missing tool, failures)
	 */
	public int run(PrintStream out) throws InterruptedException {
		return run(out, true, true);
	}

	/** Runs the SSH and/or the IPMI benchmark; same return value as {@link #run(PrintStream)}. */
	public int run(PrintStream out, boolean withSsh, boolean withIpmi) throws InterruptedException {
		long t0 = System.nanoTime();
		CompletableFuture<Void> prepared = prepare ? BmcDrivers.prepareInBackground()
				: CompletableFuture.completedFuture(null);
		prepared.thenRun(() -> {
			if (prepare) {
				preparedIn = Duration.ofNanos(System.nanoTime() - t0);
			}
		});
		out.printf(Locale.ROOT, "Machine-control fan-out on loopback: %d machines, parallelism %d, %d CPUs, Java %s%n",
				machines, parallelism, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
		boolean complete = true;
		// IPMI first: its first sweep is this JVM's first use of the crypto (SSH's JSch would warm it up)
		if (withIpmi) {
			complete &= ipmi(out, Power.HOST_PROCESS, true);
			out.println();
			complete &= ipmi(out, Power.STATE_FILE_HOOK, false);
		}
		if (withSsh) {
			out.println();
			complete &= ssh(out);
		}
		return complete ? 0 : 1;
	}

	// ---- SSH ----

	private boolean ssh(PrintStream out) throws InterruptedException {
		out.printf(Locale.ROOT, "%nSSH: '%s' on %d OpenSSH sshd (%s); one ed25519 client key, known_hosts checked,"
				+ " kex %s for every tool, SetEnv SHLVL=1%n", command, machines, version("ssh", "-V"),
				LoopbackSshHosts.KEX);
		LoopbackSshHosts hosts;
		long t0 = System.nanoTime();
		try {
			hosts = LoopbackSshHosts.start(machines);
		} catch (IOException e) {
			out.println("  cannot run the SSH benchmark: " + e.getMessage());
			return false;
		}
		out.printf(Locale.ROOT, "  (%d sshd started in %.1f s)%n", machines, (System.nanoTime() - t0) / 1e9);
		List<Row> rows = new ArrayList<>();
		boolean complete = true;
		try {
			rows.add(executorSsh(hosts, parallelism, "first run"));
			rows.add(executorSsh(hosts, parallelism, "warm"));
			if (parallelism != machines) {
				rows.add(executorSsh(hosts, machines, "warm"));
			}
			Optional<Path> pssh = Programs.find("parallel-ssh").or(() -> Programs.find("pssh"));
			if (pssh.isPresent()) {
				List<String> cmd = List.of(pssh.get().toString(), "-h", hosts.psshHosts().toString(), "-p",
						Integer.toString(parallelism), "-t", "60", "-x", "-F " + hosts.sshConfig(), command);
				rows.add(tool("parallel-ssh " + version(pssh.get().toString(), "--version"), "-p " + parallelism, cmd,
						Map.of(), null, "[SUCCESS]"));
			} else {
				rows.add(missing("parallel-ssh", "install pssh"));
			}
			Optional<Path> ansible = Programs.find("ansible");
			if (ansible.isPresent()) {
				Path adir = hosts.directory().resolve("ansible");
				Files.createDirectories(adir);
				Map<String, String> env = Map.of("ANSIBLE_CONFIG", adir.resolve("none.cfg").toString(),
						"ANSIBLE_SSH_ARGS", "-F " + hosts.sshConfig(),
						"ANSIBLE_HOST_KEY_CHECKING", "True",
						"ANSIBLE_LOCAL_TEMP", adir.resolve("tmp").toString(),
						"ANSIBLE_NOCOLOR", "1",
						"ANSIBLE_RETRY_FILES_ENABLED", "False");
				List<String> cmd = List.of(ansible.get().toString(), "all", "-i", hosts.ansibleInventory().toString(),
						"-m", "command", "-a", command, "-f", Integer.toString(parallelism));
				rows.add(tool(version(ansible.get().toString(), "--version"),
						"-m command -f " + parallelism, cmd, env, adir, "| CHANGED |"));
			} else {
				rows.add(missing("ansible", "install ansible-core"));
			}
			Optional<Path> ssh = Programs.find("ssh");
			if (ssh.isPresent()) {
				rows.add(sequentialSsh(ssh.get(), hosts));
			} else {
				rows.add(missing("ssh", "install openssh-client"));
			}
		} catch (IOException e) {
			out.println("  SSH benchmark failed: " + e.getMessage());
			complete = false;
		} finally {
			hosts.close();
		}
		complete &= print(out, rows);
		for (Row ours : rows.subList(0, 2)) {
			out.printf(Locale.ROOT, "  targets (%s): >= 5x ansible: %s; within 1.2x of parallel-ssh: %s%n", ours.note(),
					verdict(rows, ours, "ansible", 5.0), verdictWithin(rows, ours, "parallel-ssh", 1.2));
		}
		return complete;
	}

	private Row executorSsh(LoopbackSshHosts hosts, int p, String note) throws InterruptedException {
		SshOptions options = SshOptions.defaults().withKnownHosts(hosts.knownHosts())
				.withHostKeyVerifier(HostKeyVerifier.REJECT_UNKNOWN).withKex(LoopbackSshHosts.KEX)
				.withConnectTimeout(Duration.ofSeconds(20));
		List<SshEndpoint> endpoints = hosts.ports().stream()
				.map(port -> SshEndpoint.of("127.0.0.1", port, hosts.user())).collect(Collectors.toList());
		try (SshClient client = new SshClient(options);
				Secret key = Secret.builder("bench-key").keyFile(hosts.clientKey()).build()) {
			long t0 = System.nanoTime();
			FanOutReport<SshEndpoint, ExecResult> r = FanOut.run(endpoints, p, ep -> {
				try (SshSession s = client.connect(ep, key)) {
					return s.exec(command, Duration.ofSeconds(30));
				}
			}, null);
			Duration d = Duration.ofNanos(System.nanoTime() - t0);
			int ok = (int) r.succeeded().stream().filter(o -> o.value().exitStatus() == 0
					&& !o.value().stdout().isBlank()).count();
			String err = r.failed().isEmpty() ? "" : "; first error: " + r.failed().get(0).error();
			return new Row("underlay FanOut + JSch", "parallelism " + p, d, ok, note + err);
		}
	}

	private Row sequentialSsh(Path ssh, LoopbackSshHosts hosts) throws IOException, InterruptedException {
		long t0 = System.nanoTime();
		int ok = 0;
		for (int port : hosts.ports()) {
			Tools.Run r = Tools.run(List.of(ssh.toString(), "-F", hosts.sshConfig().toString(), "-p",
					Integer.toString(port), "127.0.0.1", command), Map.of(), null, null, TOOL_TIMEOUT);
			if (r.exitCode() == 0 && !r.output().isBlank()) {
				ok++;
			}
		}
		return new Row("ssh loop (sequential)", "one ssh per host", Duration.ofNanos(System.nanoTime() - t0), ok, "");
	}

	// ---- IPMI ----

	private boolean ipmi(PrintStream out, Power power, boolean firstSweep) throws InterruptedException {
		out.printf(Locale.ROOT, "IPMI: chassis power status of %d ipmi_sim BMCs (openipmi), lanplus, cipher suite 3,"
				+ " power state %s%n", machines, power == Power.HOST_PROCESS
						? "answered from memory (ipmi_sim's host-process model, as a real BMC)"
						: "read by a shell hook per request (one sh per request in every simulator)");
		LoopbackBmcs bmcs;
		long t0 = System.nanoTime();
		try {
			bmcs = LoopbackBmcs.start(machines, power);
		} catch (IOException e) {
			out.println("  cannot run the IPMI benchmark: " + e.getMessage());
			return false;
		}
		out.printf(Locale.ROOT, "  (%d ipmi_sim started in %.1f s)%n", machines, (System.nanoTime() - t0) / 1e9);
		List<Row> rows = new ArrayList<>();
		boolean complete = true;
		char[] password = bmcs.password();
		try {
			if (firstSweep) {
				Duration p = preparedIn;
				out.println(!prepare ? "  (drivers not prepared: the first sweep loads and initialises the crypto)"
						: p == null ? "  (drivers still preparing in the background as the first sweep starts)"
								: String.format(Locale.ROOT, "  (drivers prepared in the background in %.2f s,"
										+ " while the simulators started)", seconds(p)));
				rows.add(executorIpmi(bmcs, parallelism, prepare ? "fresh JVM: first run, driver prepared"
						: "fresh JVM: first run, unprepared"));
			}
			rows.add(executorIpmi(bmcs, parallelism, "warm"));
			if (parallelism != machines) {
				rows.add(executorIpmi(bmcs, machines, "warm"));
			}
			Optional<Path> ipmitool = Programs.find("ipmitool");
			// ipmitool -E reads the password from IPMI_PASSWORD: not on a command line, never printed
			Map<String, String> env = Map.of("IPMI_PASSWORD", new String(password));
			if (ipmitool.isPresent()) {
				String version = version(ipmitool.get().toString(), "-V");
				long s0 = System.nanoTime();
				int ok = 0;
				for (int port : bmcs.ports()) {
					Tools.Run r = Tools.run(ipmitoolArgs(ipmitool.get(), Integer.toString(port)), env, null, null,
							TOOL_TIMEOUT);
					ok += count(r.output(), "Chassis Power is");
				}
				rows.add(new Row(version + " loop (sequential)", "-I lanplus -C 3",
						Duration.ofNanos(System.nanoTime() - s0), ok, ""));
				Optional<Path> xargs = Programs.find("xargs");
				if (xargs.isPresent()) {
					Path ports = bmcs.directory().resolve("ports");
					Files.writeString(ports, bmcs.ports().stream().map(String::valueOf)
							.collect(Collectors.joining("\n", "", "\n")));
					List<String> cmd = new ArrayList<>(List.of(xargs.get().toString(), "-P",
							Integer.toString(parallelism), "-I{}"));
					cmd.addAll(ipmitoolArgs(ipmitool.get(), "{}"));
					rows.add(tool("xargs -P " + parallelism + " " + version, "-I lanplus -C 3", cmd, env, null,
							"Chassis Power is", ports));
				} else {
					rows.add(missing("xargs", "install findutils"));
				}
			} else {
				rows.add(missing("ipmitool", "install ipmitool"));
			}
			Optional<Path> ipmipower = Programs.find("ipmipower");
			if (ipmipower.isPresent()) {
				String hostList = bmcs.ports().stream().map(port -> "127.0.0.1:" + port)
						.collect(Collectors.joining(","));
				List<String> cmd = List.of(ipmipower.get().toString(), "-D", "LAN_2_0", "-I", "3", "-u",
						LoopbackBmcs.USER, "-p", new String(password), "-h", hostList, "--stat", "-W", "opensesspriv");
				// an extra reference (not one of the targets): its failures do not fail the benchmark
				rows.add(tool("FreeIPMI " + version(ipmipower.get().toString(), "--version"),
						"--stat, one process", cmd, Map.of(), null, ": o").optional());
			} else {
				rows.add(missing("ipmipower", "optional: install freeipmi-tools"));
			}
		} catch (IOException e) {
			out.println("  IPMI benchmark failed: " + e.getMessage());
			complete = false;
		} finally {
			Arrays.fill(password, '\0');
			bmcs.close();
		}
		complete &= print(out, rows);
		for (Row ours : rows.subList(0, firstSweep ? 2 : 1)) {
			out.printf(Locale.ROOT, "  targets (%s): >= 10x sequential ipmitool: %s; >= 1.5x xargs: %s%n",
					ours.note(), verdict(rows, ours, "loop (sequential)", 10.0), verdict(rows, ours, "xargs", 1.5));
		}
		return complete;
	}

	private Row executorIpmi(LoopbackBmcs bmcs, int p, String note) throws InterruptedException {
		char[] password = bmcs.password();
		try {
			long t0 = System.nanoTime();
			FanOutReport<Integer, PowerState> r = FanOut.run(bmcs.ports(), p, port -> {
				try (Credentials c = new Credentials(LoopbackBmcs.USER, password);
						BmcClient bmc = BmcDrivers.open(BmcEndpoint.ipmi("127.0.0.1", port)
								.withTimeout(Duration.ofSeconds(10)), c)) {
					return bmc.powerState();
				}
			}, null);
			Duration d = Duration.ofNanos(System.nanoTime() - t0);
			String err = r.failed().isEmpty() ? "" : "; first error: " + r.failed().get(0).error();
			return new Row("underlay FanOut + native IPMI", "parallelism " + p, d, r.succeeded().size(), note + err);
		} finally {
			Arrays.fill(password, '\0');
		}
	}

	private static List<String> ipmitoolArgs(Path ipmitool, String port) {
		return List.of(ipmitool.toString(), "-I", "lanplus", "-C", "3", "-H", "127.0.0.1", "-p", port, "-U",
				LoopbackBmcs.USER, "-E", "chassis", "power", "status");
	}

	// ---- helpers ----

	private Row tool(String name, String settings, List<String> cmd, Map<String, String> env, Path dir,
			String okMarker) throws IOException, InterruptedException {
		return tool(name, settings, cmd, env, dir, okMarker, null);
	}

	private Row tool(String name, String settings, List<String> cmd, Map<String, String> env, Path dir,
			String okMarker, Path stdin) throws IOException, InterruptedException {
		Tools.Run r = Tools.run(cmd, env, stdin, dir, TOOL_TIMEOUT);
		int ok = count(r.output(), okMarker);
		String note = r.exitCode() == 0 ? "" : "exit " + r.exitCode();
		return new Row(name, settings, r.elapsed(), ok, note);
	}

	private static Row missing(String tool, String hint) {
		return new Row(tool, "not installed (" + hint + ")", null, 0, "");
	}

	private static int count(String text, String marker) {
		int n = 0;
		for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + marker.length())) {
			n++;
		}
		return n;
	}

	private boolean print(PrintStream out, List<Row> rows) {
		boolean complete = true;
		Duration ref = rows.isEmpty() ? null : rows.get(0).time();
		out.printf(Locale.ROOT, "  %-44s %-22s %9s %7s %9s  %s%n", "tool", "settings", "time", "ok", "ours x",
				"note");
		for (Row r : rows) {
			if (r.time() == null) {
				out.printf(Locale.ROOT, "  %-44s %s%n", r.tool(), r.settings());
				if (r.required() && !r.settings().contains("optional")) {
					complete = false;
				}
				continue;
			}
			String ratio = ref == null ? "" : String.format(Locale.ROOT, "%.2f", seconds(r.time()) / seconds(ref));
			out.printf(Locale.ROOT, "  %-44s %-22s %8.2fs %3d/%-3d %9s  %s%n", r.tool(), r.settings(),
					seconds(r.time()), r.ok(), machines, ratio, r.note());
			if (r.ok() != machines && r.required()) {
				complete = false;
			}
		}
		out.println("  ('ours x' = that row's time / the first row's time: how many times faster the executor's"
				+ " first row is)");
		return complete;
	}

	private static String verdict(List<Row> rows, Row ours, String toolPart, double factor) {
		Optional<Row> other = rows.stream().filter(r -> r.tool().contains(toolPart) && r.time() != null).findFirst();
		if (other.isEmpty() || ours.time() == null) {
			return "n/a";
		}
		double x = seconds(other.get().time()) / seconds(ours.time());
		return String.format(Locale.ROOT, "%.1fx (%s)", x, x >= factor ? "met" : "NOT met");
	}

	private static String verdictWithin(List<Row> rows, Row ours, String toolPart, double factor) {
		Optional<Row> other = rows.stream().filter(r -> r.tool().contains(toolPart) && r.time() != null).findFirst();
		if (other.isEmpty() || ours.time() == null) {
			return "n/a";
		}
		double x = seconds(ours.time()) / seconds(other.get().time());
		return String.format(Locale.ROOT, "ours takes %.2fx its time (%s)", x, x <= factor ? "met" : "NOT met");
	}

	private static double seconds(Duration d) {
		return d.toNanos() / 1e9;
	}

	/** First line of a tool's version output, or its name. */
	private static String version(String tool, String flag) {
		try {
			Path exe = tool.contains("/") ? Path.of(tool) : Programs.find(tool).orElse(null);
			if (exe == null) {
				return tool + " (not installed)";
			}
			Tools.Run r = Tools.run(List.of(exe.toString(), flag), Map.of(), null, null, Duration.ofSeconds(20));
			String first = r.output().lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
			return first.isEmpty() ? exe.getFileName().toString() : first;
		} catch (IOException e) {
			return tool;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return tool;
		}
	}
}
