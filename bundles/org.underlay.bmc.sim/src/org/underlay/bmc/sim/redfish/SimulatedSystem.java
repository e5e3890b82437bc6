package org.underlay.bmc.sim.redfish;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * State of one simulated computer system. Power transitions are a queue of timed steps that is advanced lazily on
 * every access, so a simulator needs no timer thread. All methods are called with the simulator's lock held.
 */
final class SimulatedSystem {

	/** Enters {@code state}, or (with {@code resetType}) carries out a reset that was accepted earlier. */
	private record Step(long dueNanos, String state, String resetType) {
	}

	/** Redfish DateTime (ISO 8601 with offset); milliseconds so that two restarts in one second still differ. */
	private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx")
			.withZone(ZoneOffset.UTC);

	final SimulatorConfig.SystemSpec spec;
	private final LongSupplier clock;
	private final long delayNanos;
	private final long latencyNanos;
	private final Deque<Step> pending = new ArrayDeque<>();
	private String powerState;
	private String bootTarget = "None";
	private String bootEnabled = "Disabled";
	private String bootMode = "UEFI";
	private String indicatorLed = "Off";
	private String assetTag = "";
	private long version = 1;
	private int bootCount;
	/** The override target the last boot used ("None" when it booted without one). */
	private String lastBootTarget = "None";
	/** When the system last began a power-on or restart (ComputerSystem LastResetTime, v1.12); never repeats. */
	private Instant lastResetTime = Instant.now();

	SimulatedSystem(SimulatorConfig.SystemSpec spec, Duration delay, Duration resetLatency, LongSupplier clock) {
		this.spec = spec;
		this.clock = clock;
		this.delayNanos = delay.toNanos();
		this.latencyNanos = resetLatency.toNanos();
		this.powerState = spec.initialPowerState();
	}

	String powerState() {
		advance();
		return powerState;
	}

	private void advance() {
		long now = clock.getAsLong();
		while (!pending.isEmpty() && pending.peekFirst().dueNanos() - now <= 0) {
			Step step = pending.removeFirst();
			if (step.resetType() != null) {
				carryOut(step.resetType(), step.dueNanos());
			} else {
				enter(step.state());
			}
		}
	}

	/** Called (under the simulator's lock) with every power state entered. */
	Consumer<String> onEnter = state -> {
	};

	private void enter(String state) {
		boolean booted = state.equals("On") && !powerState.equals("On");
		boolean changed = !state.equals(powerState);
		if (changed && (state.equals("PoweringOn") || booted && !powerState.equals("PoweringOn"))) {
			markReset();
		}
		powerState = state;
		if (changed) {
			onEnter.accept(state);
		}
		version++;
		if (booted) {
			bootCount++;
			lastBootTarget = bootEnabled.equals("Disabled") ? "None" : bootTarget;
			// a one-time override is consumed by the boot it applies to, as on real BMCs
			if (bootEnabled.equals("Once")) {
				bootEnabled = "Disabled";
			}
		}
	}

	private void markReset() {
		Instant now = Instant.now();
		lastResetTime = now.isAfter(lastResetTime) ? now : lastResetTime.plusMillis(1);
	}

	/** Schedules states one transition delay apart from {@code start}, after entering {@code now} immediately. */
	private void schedule(long start, String now, String... later) {
		pending.clear();
		enter(now);
		long due = start;
		for (String s : later) {
			due += delayNanos;
			pending.addLast(new Step(due, s, null));
		}
		advance();
	}

	/** Applies an accepted ResetType, after the reset latency if there is one. */
	void reset(String type) {
		advance();
		if (latencyNanos > 0) {
			// the BMC has queued the request; nothing changes until it reaches the host
			pending.clear();
			pending.addLast(new Step(clock.getAsLong() + latencyNanos, null, type));
			return;
		}
		carryOut(type, clock.getAsLong());
	}

	private void carryOut(String type, long start) {
		boolean on = !powerState.equals("Off");
		switch (type) {
			case "On", "ForceOn" -> {
				if (!on) {
					schedule(start, "PoweringOn", "On");
				}
			}
			case "ForceOff" -> schedule(start, "Off");
			case "GracefulShutdown" -> {
				if (on) {
					schedule(start, "PoweringOff", "Off");
				}
			}
			case "GracefulRestart" -> {
				if (on) {
					schedule(start, "PoweringOff", "PoweringOn", "On");
				} else {
					schedule(start, "PoweringOn", "On");
				}
			}
			case "ForceRestart", "PowerCycle" -> {
				// the host goes down at once and comes back after the boot time
				pending.clear();
				enter("Off");
				schedule(start, "PoweringOn", "On");
			}
			case "PushPowerButton" -> {
				if (on) {
					schedule(start, "PoweringOff", "Off");
				} else {
					schedule(start, "PoweringOn", "On");
				}
			}
			case "Nmi" -> {
				// a diagnostic interrupt: no power change
			}
			default -> throw new IllegalArgumentException(type);
		}
	}

	/** Sets the power state at once (test/lab setup), dropping pending transitions. */
	void forcePowerState(String state) {
		pending.clear();
		if (state.equals("On") && !powerState.equals("On")) {
			markReset();
		}
		powerState = state;
		version++;
	}

	/** LastResetTime as the BMC reports it. */
	String lastResetTime() {
		advance();
		return DATE_TIME.format(lastResetTime);
	}

	String etag() {
		advance();
		return "\"" + spec.id() + "-" + version + "\"";
	}

	void setBoot(String target, String enabled, String mode) {
		if (target != null) {
			bootTarget = target;
		}
		if (enabled != null) {
			bootEnabled = enabled;
		}
		if (mode != null) {
			bootMode = mode;
		}
		version++;
	}

	void setIndicatorLed(String value) {
		indicatorLed = value;
		version++;
	}

	void setAssetTag(String value) {
		assetTag = value;
		version++;
	}

	String bootTarget() {
		advance();
		return bootTarget;
	}

	String bootEnabled() {
		advance();
		return bootEnabled;
	}

	String bootMode() {
		return bootMode;
	}

	String indicatorLed() {
		return indicatorLed;
	}

	String assetTag() {
		return assetTag;
	}

	String lastBootTarget() {
		advance();
		return lastBootTarget;
	}

	int bootCount() {
		advance();
		return bootCount;
	}
}
