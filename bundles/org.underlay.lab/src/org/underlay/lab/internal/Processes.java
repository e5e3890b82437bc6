package org.underlay.lab.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Processes and ports the lab owns. A recorded PID is only ever signalled when the process still carries the lab's
 * state directory on its command line and (when recorded) started at the recorded time: a PID reused by someone
 * else's process is left alone.
 */
public final class Processes {

	private Processes() {
	}

	/** The live process behind a recorded PID if it is still the lab's own, else empty. */
	public static Optional<ProcessHandle> owned(LabState.Proc proc, String stateDir) {
		if (proc == null || proc.pid <= 0) {
			return Optional.empty();
		}
		return owned(proc.pid, proc.startedAt, stateDir);
	}

	public static Optional<ProcessHandle> owned(long pid, long startedAt, String stateDir) {
		Optional<ProcessHandle> handle = ProcessHandle.of(pid);
		if (handle.isEmpty() || !handle.get().isAlive()) {
			return Optional.empty();
		}
		if (startedAt > 0) {
			long actual = handle.get().info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
			if (actual != 0 && Math.abs(actual - startedAt) > 1000) {
				return Optional.empty();
			}
		}
		String cmdline = commandLine(pid);
		return cmdline != null && cmdline.contains(stateDir) ? handle : Optional.empty();
	}

	/** The full command line (argv joined by spaces, argv[0] included) from /proc, or null. */
	public static String commandLine(long pid) {
		try {
			byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
			return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
		} catch (IOException e) {
			return null;
		}
	}

	/**
	 * The live processes of the lab in {@code stateDir}: its agent, each IPMI machine's ipmi_sim and simulated host;
	 * with {@code descendants}, the descendants of the agent and of each ipmi_sim before it (all that {@code down}
	 * stops).
	 */
	public static List<ProcessHandle> ofLab(Path stateDir, LabState state, boolean descendants) {
		String owner = stateDir.toString();
		List<ProcessHandle> all = new ArrayList<>();
		Consumer<ProcessHandle> add = p -> {
			if (descendants) {
				p.descendants().forEach(all::add);
			}
			all.add(p);
		};
		owned(state.agent, owner).ifPresent(add);
		for (LabState.MachineState m : state.machines) {
			owned(m.bmc, owner).ifPresent(add);
			Path hostPid = stateDir.resolve(m.dir).resolve("chassis").resolve("host.pid");
			try {
				if (Files.exists(hostPid)) {
					owned(Long.parseLong(Files.readString(hostPid).strip()), 0, owner).ifPresent(all::add);
				}
			} catch (IOException | NumberFormatException e) {
				// no host
			}
		}
		return all.stream().distinct().toList();
	}

	/** Resident memory of a process in KiB (VmRSS), or 0. */
	public static long rssKib(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		} catch (IOException | NumberFormatException e) {
			// gone
		}
		return 0;
	}

	/** TERM to all, then KILL to those still alive after {@code graceMillis}; returns how many were signalled. */
	public static int stop(List<ProcessHandle> processes, long graceMillis) {
		for (ProcessHandle p : processes) {
			p.destroy();
		}
		long end = System.currentTimeMillis() + graceMillis;
		for (ProcessHandle p : processes) {
			while (p.isAlive() && System.currentTimeMillis() < end) {
				sleep(20);
			}
			if (p.isAlive()) {
				p.destroyForcibly();
			}
		}
		long hardEnd = System.currentTimeMillis() + 5000;
		for (ProcessHandle p : processes) {
			while (p.isAlive() && System.currentTimeMillis() < hardEnd) {
				sleep(20);
			}
		}
		return processes.size();
	}

	public static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
