package org.underlay.boot;

import java.util.Map;

/**
 * What the installer of one machine reported to the boot service: its last status ({@code booting},
 * {@code installing}, {@code installed}, {@code failed: <reason>}), its inventory and its log. Thread-safe; read
 * while the installer writes.
 */
public final class MachineReport {

	/** Longest log kept per machine; older text is dropped first. */
	private static final int MAX_LOG = 1 << 20;

	final String token;
	private String status = "waiting";
	private Map<String, String> inventory = Map.of();
	private final StringBuilder log = new StringBuilder();

	MachineReport(String token) {
		this.token = token;
	}

	public synchronized String status() {
		return status;
	}

	synchronized void status(String status) {
		this.status = status;
		notifyAll();
	}

	public synchronized Map<String, String> inventory() {
		return inventory;
	}

	synchronized void inventory(Map<String, String> inventory) {
		this.inventory = Map.copyOf(inventory);
	}

	public synchronized String log() {
		return log.toString();
	}

	synchronized void appendLog(String text) {
		log.append(text);
		if (log.length() > MAX_LOG) {
			log.delete(0, log.length() - MAX_LOG);
		}
	}

	/** Whether the installer said it is done, one way or the other. */
	public synchronized boolean finished() {
		return status.equals("installed") || status.startsWith("failed");
	}

	/**
	 * Waits until the installer reports {@code installed} or a failure, at most {@code millis}; returns the status
	 * then (still the last one on a timeout).
	 */
	public synchronized String awaitFinished(long millis) throws InterruptedException {
		long deadline = System.currentTimeMillis() + millis;
		while (!finished()) {
			long left = deadline - System.currentTimeMillis();
			if (left <= 0) {
				break;
			}
			wait(left);
		}
		return status;
	}
}
