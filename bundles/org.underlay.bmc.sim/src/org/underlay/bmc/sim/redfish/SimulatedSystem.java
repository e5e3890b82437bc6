package org.underlay.bmc.sim.redfish;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * State of one simulated computer system. Power transitions are a queue of timed steps that is advanced lazily on
 * every access, so a simulator needs no timer thread. All methods are called with the simulator's lock held.
 */
final class SimulatedSystem {

    private record Step(long dueNanos, String state) {
    }

    final SimulatorConfig.SystemSpec spec;
    private final LongSupplier clock;
    private final long delayNanos;
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

    SimulatedSystem(SimulatorConfig.SystemSpec spec, Duration delay, LongSupplier clock) {
        this.spec = spec;
        this.clock = clock;
        this.delayNanos = delay.toNanos();
        this.powerState = spec.initialPowerState();
    }

    String powerState() {
        advance();
        return powerState;
    }

    private void advance() {
        long now = clock.getAsLong();
        while (!pending.isEmpty() && pending.peekFirst().dueNanos() - now <= 0) {
            enter(pending.removeFirst().state());
        }
    }

    /** Called (under the simulator's lock) with every power state entered. */
    java.util.function.Consumer<String> onEnter = state -> {
    };

    private void enter(String state) {
        boolean booted = state.equals("On") && !powerState.equals("On");
        boolean changed = !state.equals(powerState);
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

    /** Schedules states one transition delay apart after entering {@code now} immediately. */
    private void schedule(String now, String... later) {
        pending.clear();
        enter(now);
        long due = clock.getAsLong();
        for (String s : later) {
            due += delayNanos;
            pending.addLast(new Step(due, s));
        }
        if (delayNanos == 0) {
            advance();
        }
    }

    /** Applies an accepted ResetType. */
    void reset(String type) {
        advance();
        boolean on = !powerState.equals("Off");
        switch (type) {
            case "On", "ForceOn" -> {
                if (!on) {
                    schedule("PoweringOn", "On");
                }
            }
            case "ForceOff" -> schedule("Off");
            case "GracefulShutdown" -> {
                if (on) {
                    schedule("PoweringOff", "Off");
                }
            }
            case "GracefulRestart" -> {
                if (on) {
                    schedule("PoweringOff", "PoweringOn", "On");
                } else {
                    schedule("PoweringOn", "On");
                }
            }
            case "ForceRestart", "PowerCycle" -> {
                // the host goes down at once and comes back after the boot time
                pending.clear();
                enter("Off");
                schedule("PoweringOn", "On");
            }
            case "PushPowerButton" -> {
                if (on) {
                    schedule("PoweringOff", "Off");
                } else {
                    schedule("PoweringOn", "On");
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
        powerState = state;
        version++;
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
