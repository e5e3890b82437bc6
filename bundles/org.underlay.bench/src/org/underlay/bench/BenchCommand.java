package org.underlay.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.underlay.bench.boot.BootBench;
import org.underlay.bench.design.DesignBench;
import org.underlay.bench.machines.FanOutBench;

/**
 * {@code underlay bench}: the language and drawing figures of synthetic designs ({@link DesignBench}), and
 * {@code underlay bench machines}: the machine-control fan-out against the field's tools ({@link FanOutBench}).
 * Exit codes as the rest of the command line: 0 success, 2 bad usage.
 */
public final class BenchCommand {

	private static final int OK = 0;
	private static final int USAGE = 2;

	static final String BENCH_USAGE = """
			usage: underlay bench [--per-file N] [--networks M] [devices...]
			Generates synthetic designs (default 1000 and 10000 devices, N devices per site file, default 1000, and
			one site of M networks and M addresses, default 100000 when no device counts are named, else none) and
			prints parse + link + validate time, peak heap, revalidation after one edit and drawing figures.
			'underlay bench machines --help': the machine-control benchmark.""";

	static final String BENCH_MACHINES_USAGE = """
			usage: underlay bench machines [N [parallelism]] [--ipmi|--ssh] [--unprepared]
			Starts N loopback BMCs (ipmi_sim) and N SSH hosts (sshd), default 50, and times one operation on all of
			them: Underlay's fan-out (parallelism default 16) against ipmitool, xargs, ipmipower, parallel-ssh,
			Ansible and ssh. --ipmi or --ssh runs one half. --unprepared skips the drivers' background preparation
			(crypto self-test, TLS defaults) that every command driving BMCs starts, to time a JVM's very first sweep.""";

	static final String BENCH_BOOT_USAGE = """
			usage: underlay bench boot [MiB [rounds]]
			Serves an image of MiB MiB (default 1024) from the boot service and from busybox httpd on loopback and
			times curl downloading it whole from each, interleaved, rounds times (default 5): MB/s, min/median/max.""";

	private final PrintStream out;
	private final PrintStream err;

	public BenchCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/** Runs {@code underlay bench ARGS}; returns the exit code. */
	public int run(String[] args) {
		if (args.length > 0 && args[0].equals("machines")) {
			return machines(Arrays.copyOfRange(args, 1, args.length));
		}
		if (args.length > 0 && args[0].equals("boot")) {
			return boot(Arrays.copyOfRange(args, 1, args.length));
		}
		if (wantsHelp(args)) {
			out.println(BENCH_USAGE);
			return OK;
		}
		for (String arg : args) {
			if (arg.startsWith("-") && !arg.equals("--per-file") && !arg.equals("--networks")) {
				err.println("underlay bench: unknown option '" + arg + "'");
				err.println(BENCH_USAGE);
				return USAGE;
			}
		}
		return new DesignBench(out, err).run(args);
	}

	/** {@code bench machines ...}: the machine-control fan-out against the field's tools. */
	private int machines(String[] args) {
		if (wantsHelp(args)) {
			out.println(BENCH_MACHINES_USAGE);
			return OK;
		}
		List<Integer> numbers = new ArrayList<>();
		boolean ipmi = true;
		boolean ssh = true;
		boolean prepare = true;
		for (String arg : args) {
			switch (arg) {
				case "--ipmi" -> ssh = false;
				case "--ssh" -> ipmi = false;
				case "--unprepared" -> prepare = false;
				default -> {
					if (!arg.matches("[0-9]{1,6}") || Integer.parseInt(arg) < 1 || numbers.size() == 2) {
						err.println("underlay bench machines: unexpected '" + arg + "'");
						err.println(BENCH_MACHINES_USAGE);
						return USAGE;
					}
					numbers.add(Integer.parseInt(arg));
				}
			}
		}
		if (!ipmi && !ssh) {
			err.println("underlay bench machines: --ipmi and --ssh exclude each other (neither runs both)");
			return USAGE;
		}
		int machines = numbers.size() > 0 ? numbers.get(0) : 50;
		int parallelism = numbers.size() > 1 ? numbers.get(1) : 16;
		try {
			return new FanOutBench(machines, parallelism, prepare).run(out, ssh, ipmi);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return USAGE;
		}
	}

	/** {@code bench boot [MiB [rounds]]}: the boot service's image throughput against busybox httpd. */
	private int boot(String[] args) {
		if (wantsHelp(args)) {
			out.println(BENCH_BOOT_USAGE);
			return OK;
		}
		if (args.length > 2 || Arrays.stream(args).anyMatch(a -> !a.matches("[1-9][0-9]{0,4}"))) {
			err.println(BENCH_BOOT_USAGE);
			return USAGE;
		}
		try {
			return new BootBench(out, err).run(args.length > 0 ? Integer.parseInt(args[0]) : 1024,
					args.length > 1 ? Integer.parseInt(args[1]) : 5);
		} catch (IOException e) {
			err.println("underlay bench boot: " + e.getMessage());
			return USAGE;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return USAGE;
		}
	}

	private static boolean wantsHelp(String[] args) {
		return Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
	}
}
