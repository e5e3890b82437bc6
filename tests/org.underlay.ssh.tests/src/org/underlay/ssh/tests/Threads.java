package org.underlay.ssh.tests;

import java.util.List;
import java.util.stream.Collectors;

/** Thread-leak checks: JSch names its reader threads "Connect thread ..."; the client timer "underlay-ssh-timer". */
final class Threads {

	private Threads() {
	}

	static List<String> sshThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
				.filter(n -> n.startsWith("Connect thread") || n.startsWith("underlay-ssh"))
				.sorted().collect(Collectors.toList());
	}

	/** Waits up to 3 s for all SSH threads to end and returns those still alive. */
	static List<String> awaitNoSshThreads() throws InterruptedException {
		long end = System.currentTimeMillis() + 3000;
		List<String> left = sshThreads();
		while (!left.isEmpty() && System.currentTimeMillis() < end) {
			Thread.sleep(20);
			left = sshThreads();
		}
		return left;
	}
}
