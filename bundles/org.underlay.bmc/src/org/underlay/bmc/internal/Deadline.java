package org.underlay.bmc.internal;

import java.time.Duration;

/**
 * An absolute point in {@link System#nanoTime()} time that bounds one SPI call, for the drivers of both protocols.
 */
public final class Deadline {

	private final long at;
	private final long budgetMillis;

	private Deadline(long at, long budgetMillis) {
		this.at = at;
		this.budgetMillis = budgetMillis;
	}

	public static Deadline after(Duration duration) {
		return new Deadline(System.nanoTime() + duration.toNanos(), duration.toMillis());
	}

	/** The earlier of this deadline and {@code nanos} from now; messages keep this deadline's budget. */
	public Deadline atMost(long nanos) {
		return new Deadline(Math.min(at, System.nanoTime() + nanos), budgetMillis);
	}

	public long nanos() {
		return at;
	}

	public long remainingNanos() {
		return at - System.nanoTime();
	}

	public boolean expired() {
		return remainingNanos() <= 0;
	}

	/** The whole budget, for messages. */
	public long budgetMillis() {
		return budgetMillis;
	}
}
