package org.underlay.lab;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The {@code lab} command of the headless command line: {@code lab up | down | status}. Errors are one line; exit
 * codes 0 (done) and 2 (bad usage, or the lab could not do it). Secrets are never printed: the output names the
 * credentials file instead.
 */
public final class LabCommand {

	public static final int OK = 0;
	public static final int FAILED = 2;

	public static final String USAGE = """
			usage: underlay lab <command>
			  lab up <design folder> [--site S] [--state DIR]   start the rehearsal lab of site S from its 'lab'
			                                                 environment: a simulated BMC per machine and an SSH
			                                                 host that lives while the machine is powered on
			  lab down [--state DIR]                         stop everything the lab started, free its ports
			  lab status [--state DIR]                       what runs, which endpoints answer
			DIR defaults to $UNDERLAY_LAB, else ~/.underlay/lab. Credentials for the bindings' names (lab-bmc,
			lab-ssh) are written to DIR/credentials (0600), known hosts to DIR/known_hosts, Redfish certificates to
			DIR/redfish-ca.pem, the binding as the lab runs it (fingerprints, host keys) to DIR/lab-binding.txt.
			Exit codes: 0 done, 2 bad usage or the lab failed.""";

	public int run(String[] args, PrintStream out, PrintStream err) {
		String[] a = args;
		if (a.length > 0 && a[0].equals("lab")) {
			a = Arrays.copyOfRange(a, 1, a.length);
		}
		if (a.length == 0) {
			err.println(USAGE);
			return FAILED;
		}
		String command = a[0];
		String folder = null;
		String site = null;
		Path state = Lab.defaultStateDir();
		try {
			for (int i = 1; i < a.length; i++) {
				switch (a[i]) {
				case "-h", "--help" -> {
					out.println(USAGE);
					return OK;
				}
				case "--site" -> site = value(a, ++i, "--site");
				case "--state" -> state = Path.of(value(a, ++i, "--state"));
				default -> {
					if (a[i].startsWith("-") || folder != null || !command.equals("up")) {
						throw new IllegalArgumentException("unexpected argument '" + a[i] + "'");
					}
					folder = a[i];
				}
				}
			}
		} catch (IllegalArgumentException e) {
			err.println("underlay lab " + command + ": " + e.getMessage());
			err.println(USAGE);
			return FAILED;
		}
		try {
			return switch (command) {
			case "up" -> up(folder, site, state, out, err);
			case "down" -> down(state, out, err);
			case "status" -> status(state, out);
			case "help", "-h", "--help" -> {
				out.println(USAGE);
				yield OK;
			}
			default -> {
				err.println("underlay lab: unknown command '" + command + "'");
				err.println(USAGE);
				yield FAILED;
			}
			};
		} catch (LabException e) {
			err.println("underlay lab " + command + ": " + e.getMessage());
			return FAILED;
		} catch (RuntimeException e) {
			err.println("underlay lab " + command + ": internal error: " + e);
			return FAILED;
		}
	}

	private static String value(String[] a, int i, String option) {
		if (i >= a.length) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return a[i];
	}

	private int up(String folder, String site, Path state, PrintStream out, PrintStream err) throws LabException {
		if (folder == null) {
			err.println("underlay lab up: name the design folder");
			err.println(USAGE);
			return FAILED;
		}
		long t0 = System.nanoTime();
		LabSpec spec = LabPlan.load(Path.of(folder), site);
		for (String note : spec.notes()) {
			err.println("underlay lab up: note: " + note);
		}
		Lab lab = Lab.up(spec, state);
		for (LabSpec.Machine m : spec.machines()) {
			out.printf(Locale.ROOT, "%-16s %-7s bmc %-22s ssh %s@%s:%d (powered off)%n", m.name(),
					m.bmcKind().protocol(), m.bmcAddress(), m.sshUser(), m.sshHost(), m.sshPort());
		}
		out.printf(Locale.ROOT, "lab up: site %s, %d machines in %.1f s; credentials %s, known hosts %s, Redfish CA %s, "
				+ "binding %s, state %s%n", spec.site(), spec.machines().size(), (System.nanoTime() - t0) / 1e9,
				lab.credentialsFile(), lab.knownHosts(), lab.redfishCa(), lab.bindingFile(), lab.stateDir());
		return OK;
	}

	private int down(Path state, PrintStream out, PrintStream err) throws LabException {
		long t0 = System.nanoTime();
		Lab.DownReport r = Lab.down(state);
		if (!r.wasUp()) {
			out.println("lab down: no lab in " + state.toAbsolutePath().normalize());
			return OK;
		}
		if (!r.busyPorts().isEmpty()) {
			err.println("underlay lab down: stopped " + r.stopped().size() + " processes, but ports are still in use "
					+ "by other processes: " + String.join(", ", r.busyPorts()));
			return FAILED;
		}
		out.printf(Locale.ROOT, "lab down: stopped %d processes in %.1f s; all ports free%n", r.stopped().size(),
				(System.nanoTime() - t0) / 1e9);
		return OK;
	}

	private int status(Path state, PrintStream out) throws LabException {
		LabStatus s = Lab.status(state);
		if (!s.recorded()) {
			out.println("lab status: no lab in " + s.stateDir());
			return OK;
		}
		for (LabStatus.Machine m : s.machines()) {
			out.printf(Locale.ROOT, "%-16s %-7s bmc %-22s %-4s ssh %-28s %s%n", m.name(), m.bmcKind(), m.bmcAddress(),
					m.bmcUp() ? "up" : "DOWN", m.sshAddress(), m.sshUp() ? "powered on" : "powered off");
		}
		List<LabStatus.Machine> dead = s.machines().stream().filter(m -> !m.bmcUp()).toList();
		out.printf(Locale.ROOT, "lab status: site %s, %d machines, %d powered on, agent %s, %d BMCs down; state %s%n",
				s.site(), s.machines().size(), s.machines().stream().filter(LabStatus.Machine::sshUp).count(),
				s.agentUp() ? "up" : "DOWN", dead.size(), s.stateDir());
		if (s.hosts() != null) {
			out.println("lab status: hosts " + (s.hosts().equals("sandboxed")
					? "run commands on disks of their own (/etc, /root, /tmp; a network boot reinstalls)"
					: "run commands without disks of their own, as nobody (" + s.hosts() + ")"));
		}
		return OK;
	}
}
