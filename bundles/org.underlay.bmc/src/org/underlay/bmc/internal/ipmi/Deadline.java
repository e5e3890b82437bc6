package org.underlay.bmc.internal.ipmi;

import java.time.Duration;

/** An absolute point in {@link System#nanoTime()} time that bounds one SPI call. */
final class Deadline {

    private final long at;
    private final long budgetMillis;

    private Deadline(long at, long budgetMillis) {
        this.at = at;
        this.budgetMillis = budgetMillis;
    }

    static Deadline after(Duration duration) {
        return new Deadline(System.nanoTime() + duration.toNanos(), duration.toMillis());
    }

    /** The earlier of this deadline and {@code nanos} from now; messages keep this deadline's budget. */
    Deadline atMost(long nanos) {
        return new Deadline(Math.min(at, System.nanoTime() + nanos), budgetMillis);
    }

    long nanos() {
        return at;
    }

    long remainingNanos() {
        return at - System.nanoTime();
    }

    boolean expired() {
        return remainingNanos() <= 0;
    }

    /** The whole budget, for messages. */
    long budgetMillis() {
        return budgetMillis;
    }
}
