package org.underlay.bmc.sim.redfish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a simulated Redfish BMC looks like: its systems and managers, users, the reset types it supports and how it
 * behaves (power transition time, ETags, sessions, HTTP version, TLS). Immutable; build with {@link #builder()}.
 * The behaviours combine freely; {@link Personality} names the combinations real services show.
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

	/**
	 * A manager (the BMC itself, or an enclosure manager) and the computer systems it runs, listed in its
	 * {@code Links.ManagerForServers}.
	 */
	public record ManagerSpec(String id, List<String> systemIds) {
		public ManagerSpec {
			Objects.requireNonNull(id, "id");
			if (!id.matches("[A-Za-z0-9._-]+")) {
				throw new IllegalArgumentException("manager id must be a URI-safe name: " + id);
			}
			systemIds = List.copyOf(systemIds);
		}
	}

	/** How the service offers Redfish sessions (DSP0266, "Session management"). */
	public enum Sessions {
		/** A SessionService, linked from the service root, that opens sessions on POST (the default). */
		OFFERED,
		/**
		 * No SessionService and no {@code Links.Sessions} in the service root: HTTP Basic authentication only. A
		 * request for the session collection is authenticated first, like any other (401 without credentials).
		 */
		ABSENT,
		/** SessionService and {@code Links.Sessions} are listed, but POST to the session collection answers 405. */
		CREATION_NOT_ALLOWED,
		/** SessionService and {@code Links.Sessions} are listed, but POST to the session collection answers 404. */
		CREATION_NOT_FOUND,
		/**
		 * SessionService and {@code Links.Sessions} are listed, but POST to the session collection answers 401 to any
		 * credentials: the service is set up for Basic authentication only.
		 */
		CREATION_UNAUTHORIZED
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

	/** The manager every system belongs to unless managers are given. */
	public static final String DEFAULT_MANAGER_ID = "BMC";

	private final List<SystemSpec> systems;
	private final List<ManagerSpec> managers;
	private final List<User> users;
	private final List<String> resetTypes;
	private final Duration powerTransitionDelay;
	private final boolean bootPatchRequiresIfMatch;
	private final int maxSessions;
	private final Duration sessionTimeout;
	private final boolean tls;
	private final String bindAddress;
	private final int port;
	private final Sessions sessions;
	private final boolean etags;
	private final boolean http10;
	private final Duration resetLatency;
	private final boolean bootOnceStoredAsContinuous;
	private final boolean resetsIgnored;

	private SimulatorConfig(Builder b, List<ManagerSpec> managers) {
		this.systems = List.copyOf(b.systems);
		this.managers = List.copyOf(managers);
		this.users = List.copyOf(b.users);
		this.resetTypes = List.copyOf(b.resetTypes);
		this.powerTransitionDelay = b.powerTransitionDelay;
		this.bootPatchRequiresIfMatch = b.bootPatchRequiresIfMatch;
		this.maxSessions = b.maxSessions;
		this.sessionTimeout = b.sessionTimeout;
		this.tls = b.tls;
		this.bindAddress = b.bindAddress;
		this.port = b.port;
		this.sessions = b.sessions;
		this.etags = b.etags;
		this.http10 = b.http10;
		this.resetLatency = b.resetLatency;
		this.bootOnceStoredAsContinuous = b.bootOnceStoredAsContinuous;
		this.resetsIgnored = b.resetsIgnored;
	}

	public static Builder builder() {
		return new Builder();
	}

	public List<SystemSpec> systems() {
		return systems;
	}

	/** The managers; each system belongs to at least one. */
	public List<ManagerSpec> managers() {
		return managers;
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

	public Sessions sessions() {
		return sessions;
	}

	/** Whether systems carry an ETag (header and {@code @odata.etag}) and a PATCH honours If-Match. */
	public boolean etags() {
		return etags;
	}

	/** Whether every answer is HTTP/1.0 with {@code Connection: close} (one request per connection). */
	public boolean http10() {
		return http10;
	}

	/** How long an accepted reset waits before the system starts to act on it. */
	public Duration resetLatency() {
		return resetLatency;
	}

	public boolean bootOnceStoredAsContinuous() {
		return bootOnceStoredAsContinuous;
	}

	/** Whether an accepted ComputerSystem.Reset is answered 204 and then never carried out. */
	public boolean resetsIgnored() {
		return resetsIgnored;
	}

	@Override
	public String toString() {
		return "SimulatorConfig[systems=" + systems.size() + ", managers=" + managers.size() + ", users=" + users
				+ ", resetTypes=" + resetTypes + ", powerTransitionDelay=" + powerTransitionDelay + ", resetLatency="
				+ resetLatency + ", etags=" + etags + ", ifMatchRequired=" + bootPatchRequiresIfMatch + ", sessions="
				+ sessions + ", maxSessions=" + maxSessions + ", sessionTimeout=" + sessionTimeout + ", http10="
				+ http10 + ", bootOnceStoredAsContinuous=" + bootOnceStoredAsContinuous + ", resetsIgnored="
				+ resetsIgnored + ", tls=" + tls + "]";
	}

	public static final class Builder {
		private final List<SystemSpec> systems = new ArrayList<>();
		private final List<ManagerSpec> managers = new ArrayList<>();
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
		private Sessions sessions = Sessions.OFFERED;
		private boolean etags = true;
		private boolean http10;
		private Duration resetLatency = Duration.ZERO;
		private boolean bootOnceStoredAsContinuous;
		private boolean resetsIgnored;

		private Builder() {
		}

		/**
		 * Applies the presets' settings now, in order; a setting made after this call overrides a preset's. See
		 * {@link Personality} for what each models.
		 */
		public Builder personality(Personality... personalities) {
			for (Personality p : personalities) {
				p.applyTo(this);
			}
			return this;
		}

		boolean hasSystems() {
			return !systems.isEmpty();
		}

		List<String> currentResetTypes() {
			return List.copyOf(resetTypes);
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

		/**
		 * Adds a manager running the given systems (its {@code Links.ManagerForServers}). Without any, one manager
		 * {@value SimulatorConfig#DEFAULT_MANAGER_ID} runs every system.
		 */
		public Builder manager(String id, String... systemIds) {
			if (managers.stream().anyMatch(m -> m.id().equals(id))) {
				throw new IllegalArgumentException("duplicate manager id " + id);
			}
			managers.add(new ManagerSpec(id, List.of(systemIds)));
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

		public Builder sessions(Sessions sessions) {
			this.sessions = Objects.requireNonNull(sessions);
			return this;
		}

		/** {@code false}: no ETag header, no {@code @odata.etag}, and If-Match is ignored (default {@code true}). */
		public Builder etags(boolean etags) {
			this.etags = etags;
			return this;
		}

		/**
		 * {@code true}: every answer is HTTP/1.0 with {@code Connection: close}, and the connection is closed after
		 * it (a small front end before the JDK's HTTP/1.1 server rewrites each exchange).
		 */
		public Builder http10(boolean http10) {
			this.http10 = http10;
			return this;
		}

		/**
		 * How long an accepted reset waits before the system starts acting on it: the BMC answers 204 at once and
		 * the power state does not change until then (default zero).
		 */
		public Builder resetLatency(Duration latency) {
			if (latency.isNegative()) {
				throw new IllegalArgumentException("negative latency");
			}
			this.resetLatency = latency;
			return this;
		}

		/** {@code true}: a PATCH of {@code BootSourceOverrideEnabled: Once} is stored as {@code Continuous}. */
		public Builder bootOnceStoredAsContinuous(boolean continuous) {
			this.bootOnceStoredAsContinuous = continuous;
			return this;
		}

		/** {@code true}: ComputerSystem.Reset answers 204 for a listed type and changes nothing. */
		public Builder resetsIgnored(boolean ignored) {
			this.resetsIgnored = ignored;
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
			if (bootPatchRequiresIfMatch && !etags) {
				throw new IllegalStateException("a BMC without ETags cannot require If-Match");
			}
			List<ManagerSpec> all = managers.isEmpty() ? List.of(new ManagerSpec(DEFAULT_MANAGER_ID,
					systems.stream().map(SystemSpec::id).toList())) : managers;
			for (ManagerSpec m : all) {
				for (String id : m.systemIds()) {
					if (systems.stream().noneMatch(s -> s.id().equals(id))) {
						throw new IllegalStateException("manager " + m.id() + " runs an unknown system " + id);
					}
				}
			}
			for (SystemSpec s : systems) {
				if (all.stream().noneMatch(m -> m.systemIds().contains(s.id()))) {
					throw new IllegalStateException("no manager runs system " + s.id());
				}
			}
			return new SimulatorConfig(this, all);
		}
	}
}
