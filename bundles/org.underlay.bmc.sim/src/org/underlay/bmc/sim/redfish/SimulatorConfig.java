package org.underlay.bmc.sim.redfish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a simulated Redfish BMC looks like: its systems, users, the reset types it supports and how it behaves
 * (power transition time, ETag enforcement, session cap, TLS). Immutable; build with {@link #builder()}.
 */
public final class SimulatorConfig {

    /** Redfish privilege roles as real BMCs predefine them. */
    public enum Role {
        /** Everything, including other users' sessions. */
        Administrator,
        /** Power and boot control, no account management. */
        Operator,
        /** Reads only. */
        ReadOnly
    }

    /** One computer system (and its chassis) behind the simulated BMC. */
    public record SystemSpec(String id, String serialNumber, String model, String manufacturer,
            String initialPowerState) {
        public SystemSpec {
            Objects.requireNonNull(id, "id");
            if (!id.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("system id must be a URI-safe name: " + id);
            }
            serialNumber = serialNumber == null ? "SIM-" + id : serialNumber;
            model = model == null ? "Underlay Simulated Server" : model;
            manufacturer = manufacturer == null ? "Underlay" : manufacturer;
            initialPowerState = initialPowerState == null ? "Off" : initialPowerState;
            if (!initialPowerState.equals("On") && !initialPowerState.equals("Off")) {
                throw new IllegalArgumentException("initial power state must be On or Off");
            }
        }

        public SystemSpec(String id) {
            this(id, null, null, null, null);
        }
    }

    /** An account of the BMC. The password never appears in {@link #toString()}. */
    public static final class User {
        private final String name;
        private final String password;
        private final Role role;

        public User(String name, String password, Role role) {
            this.name = Objects.requireNonNull(name, "name");
            this.password = Objects.requireNonNull(password, "password");
            this.role = Objects.requireNonNull(role, "role");
        }

        public String name() {
            return name;
        }

        String password() {
            return password;
        }

        public Role role() {
            return role;
        }

        @Override
        public String toString() {
            return "User[" + name + ", " + role + "]";
        }
    }

    /** Every ResetType of the Redfish schema this simulator models. */
    public static final List<String> ALL_RESET_TYPES = List.of("On", "ForceOff", "GracefulShutdown",
            "GracefulRestart", "ForceRestart", "Nmi", "ForceOn", "PushPowerButton", "PowerCycle");

    /** The boot override targets the simulated systems accept. */
    public static final List<String> BOOT_TARGETS = List.of("None", "Pxe", "Cd", "Usb", "Hdd", "BiosSetup",
            "Diags", "UefiShell", "UefiTarget");

    private final List<SystemSpec> systems;
    private final List<User> users;
    private final List<String> resetTypes;
    private final Duration powerTransitionDelay;
    private final boolean bootPatchRequiresIfMatch;
    private final int maxSessions;
    private final Duration sessionTimeout;
    private final boolean tls;
    private final String bindAddress;
    private final int port;

    private SimulatorConfig(Builder b) {
        this.systems = List.copyOf(b.systems);
        this.users = List.copyOf(b.users);
        this.resetTypes = List.copyOf(b.resetTypes);
        this.powerTransitionDelay = b.powerTransitionDelay;
        this.bootPatchRequiresIfMatch = b.bootPatchRequiresIfMatch;
        this.maxSessions = b.maxSessions;
        this.sessionTimeout = b.sessionTimeout;
        this.tls = b.tls;
        this.bindAddress = b.bindAddress;
        this.port = b.port;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<SystemSpec> systems() {
        return systems;
    }

    public List<User> users() {
        return users;
    }

    public List<String> resetTypes() {
        return resetTypes;
    }

    public Duration powerTransitionDelay() {
        return powerTransitionDelay;
    }

    public boolean bootPatchRequiresIfMatch() {
        return bootPatchRequiresIfMatch;
    }

    public int maxSessions() {
        return maxSessions;
    }

    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    public boolean tls() {
        return tls;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public int port() {
        return port;
    }

    @Override
    public String toString() {
        return "SimulatorConfig[systems=" + systems.size() + ", users=" + users + ", resetTypes=" + resetTypes
                + ", powerTransitionDelay=" + powerTransitionDelay + ", ifMatchRequired=" + bootPatchRequiresIfMatch
                + ", maxSessions=" + maxSessions + ", sessionTimeout=" + sessionTimeout + ", tls=" + tls + "]";
    }

    public static final class Builder {
        private final List<SystemSpec> systems = new ArrayList<>();
        private final List<User> users = new ArrayList<>();
        private final Set<String> resetTypes = new LinkedHashSet<>(List.of("On", "ForceOff", "GracefulShutdown",
                "GracefulRestart", "ForceRestart", "Nmi", "PushPowerButton", "PowerCycle"));
        private Duration powerTransitionDelay = Duration.ofMillis(500);
        private boolean bootPatchRequiresIfMatch;
        private int maxSessions = 4;
        private Duration sessionTimeout = Duration.ofMinutes(30);
        private boolean tls;
        private String bindAddress = "127.0.0.1";
        private int port;

        private Builder() {
        }

        public Builder system(SystemSpec system) {
            if (systems.stream().anyMatch(s -> s.id().equals(system.id()))) {
                throw new IllegalArgumentException("duplicate system id " + system.id());
            }
            systems.add(system);
            return this;
        }

        /** Adds systems "1" … "n" with generated serial numbers. */
        public Builder systems(int n) {
            for (int i = 1; i <= n; i++) {
                system(new SystemSpec(Integer.toString(i), String.format("SIM%06d", i), null, null, null));
            }
            return this;
        }

        public Builder user(String name, String password, Role role) {
            users.add(new User(name, password, role));
            return this;
        }

        /** The subset of {@link #ALL_RESET_TYPES} this BMC lists and accepts. */
        public Builder resetTypes(List<String> types) {
            for (String t : types) {
                if (!ALL_RESET_TYPES.contains(t)) {
                    throw new IllegalArgumentException("unknown ResetType " + t);
                }
            }
            resetTypes.clear();
            resetTypes.addAll(types);
            return this;
        }

        public Builder powerTransitionDelay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("negative delay");
            }
            this.powerTransitionDelay = delay;
            return this;
        }

        public Builder bootPatchRequiresIfMatch(boolean required) {
            this.bootPatchRequiresIfMatch = required;
            return this;
        }

        public Builder maxSessions(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxSessions must be at least 1");
            }
            this.maxSessions = max;
            return this;
        }

        /** A session unused for this long is gone, as on real BMCs (default 30 minutes). */
        public Builder sessionTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("session timeout must be positive");
            }
            this.sessionTimeout = timeout;
            return this;
        }

        /** Serve HTTPS with a freshly generated self-signed certificate for 127.0.0.1 / localhost. */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** Loopback by default; the rehearsal lab may bind an address inside its own network namespace. */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address);
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public SimulatorConfig build() {
            if (systems.isEmpty()) {
                systems(1);
            }
            if (users.isEmpty()) {
                throw new IllegalStateException("a simulated BMC needs at least one user");
            }
            return new SimulatorConfig(this);
        }
    }
}
