package org.underlay.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A peer this JVM started as a process (an ipmi_sim, an sshd), with its log file. Stopped by its PID and the PIDs of
 * its descendants (per-connection sshd, chassis-control hooks, simulated hosts), never by name.
 */
public abstract class PeerProcess implements AutoCloseable {

	private final Process process;
	private final Path log;

	protected PeerProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	public Process process() {
		return process;
	}

	public long pid() {
		return process.pid();
	}

	public boolean isAlive() {
		return process.isAlive();
	}

	/** The file its standard output and error go to. */
	public Path logFile() {
		return log;
	}

	/** Everything it logged so far ("" if nothing). */
	public String log() {
		try {
			return Files.exists(log) ? Files.readString(log) : "";
		} catch (IOException e) {
			return "(log unreadable: " + e + ")";
		}
	}

	/** SIGKILL to it and its descendants, then waits (5 s at most each) until they are gone: a peer that dies. */
	public void kill() {
		List<ProcessHandle> descendants = descendants();
		process.destroyForcibly();
		descendants.forEach(ProcessHandle::destroyForcibly);
		awaitExit(process.toHandle());
		descendants.forEach(PeerProcess::awaitExit);
	}

	/** SIGTERM, SIGKILL if it still runs after {@code grace}; its descendants get SIGKILL. */
	public void stop(Duration grace) {
		if (!process.isAlive()) {
			return;
		}
		List<ProcessHandle> descendants = descendants();
		process.destroy();
		try {
			if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				process.waitFor(5, TimeUnit.SECONDS);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		descendants.forEach(ProcessHandle::destroyForcibly);
	}

	/** {@link #stop(Duration)} with 2 s of grace. Files stay. */
	@Override
	public void close() {
		stop(Duration.ofSeconds(2));
	}

	private List<ProcessHandle> descendants() {
		List<ProcessHandle> all = new ArrayList<>();
		process.descendants().forEach(all::add);
		return all;
	}

	private static void awaitExit(ProcessHandle p) {
		try {
			p.onExit().get(5, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} catch (Exception e) {
			// gone, or stuck in the kernel: nothing more to do
		}
	}
}
