package org.underlay.bmc.sim.redfish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Named presets of {@link SimulatorConfig.Builder} settings that reproduce what third-party Redfish services do, so a
 * client can be tried against each before it meets the real thing. They combine
 * ({@code builder.personality(NO_ETAG, HTTP_1_0)}); a setting made on the builder after a preset overrides it.
 * Standalone: {@code Main --personality no-etag,http-1-0}.
 */
public enum Personality {

	/**
	 * A service with no SessionService: the service root has neither {@code SessionService} nor
	 * {@code Links.Sessions}, and every request authenticates with HTTP Basic. DSP0266 makes sessions mandatory,
	 * but small and early implementations (embedded BMC firmware, Redfish front ends of hypervisors and
	 * emulators) serve Basic authentication only. A POST without credentials to the usual session collection path
	 * answers 401, as any request without credentials does, which a client must not take for a wrong password.
	 */
	NO_SESSION_SERVICE(b -> b.sessions(SimulatorConfig.Sessions.ABSENT)),

	/**
	 * The SessionService and {@code Links.Sessions} are advertised, but creating a session is refused with
	 * 405 Method Not Allowed: session login switched off by configuration while Basic authentication works with the
	 * same account.
	 */
	SESSION_LOGIN_NOT_ALLOWED(b -> b.sessions(SimulatorConfig.Sessions.CREATION_NOT_ALLOWED)),

	/**
	 * As {@link #SESSION_LOGIN_NOT_ALLOWED}, but the POST to the session collection answers 404 Not Found: the link
	 * is advertised and the resource that would create sessions is not implemented.
	 */
	SESSION_LOGIN_NOT_FOUND(b -> b.sessions(SimulatorConfig.Sessions.CREATION_NOT_FOUND)),

	/**
	 * The SessionService and {@code Links.Sessions} are advertised, but the POST to the session collection answers
	 * 401 Unauthorized to any credentials, while the same account succeeds over Basic authentication: a service
	 * configured for Basic authentication only that still lists its SessionService (with
	 * {@code ServiceEnabled: false}).
	 */
	SESSION_LOGIN_UNAUTHORIZED(b -> b.sessions(SimulatorConfig.Sessions.CREATION_UNAUTHORIZED)),

	/**
	 * No ETags: neither an {@code ETag} header nor {@code @odata.etag} (DSP0266 says a service "should" support
	 * them), and If-Match on a PATCH is ignored. A client that insists on an ETag cannot change a boot override.
	 */
	NO_ETAG(b -> b.bootPatchRequiresIfMatch(false).etags(false)),

	/**
	 * Every answer is HTTP/1.0 with {@code Connection: close} and the connection ends after it, as from the small
	 * embedded web servers of older BMCs: no keep-alive, one TCP (and TLS) connection per request.
	 */
	HTTP_1_0(b -> b.http10(true)),

	/**
	 * {@code PowerCycle} is missing from {@code ResetType@Redfish.AllowableValues}, as on many Dell iDRAC and HPE
	 * iLO firmware levels, which list {@code ForceOff}, {@code On}, {@code ForceRestart}, {@code GracefulShutdown},
	 * {@code PushPowerButton}, {@code Nmi}, ... but no power cycle. Everything else of the current list stays.
	 */
	NO_POWER_CYCLE(Personality::withoutPowerCycle),

	/**
	 * Slow, asynchronous power control: the reset is answered 204 at once, the reported PowerState stays as it was
	 * for two seconds (the BMC queues the request for the host's power controller) and every transition then
	 * takes three seconds ({@code PoweringOn} ... {@code On}), as on servers whose BMC hands power requests to a
	 * job queue. A client has to poll for the state it asked for. Set
	 * {@link SimulatorConfig.Builder#resetLatency} and {@link SimulatorConfig.Builder#powerTransitionDelay} after
	 * this preset for other times.
	 */
	SLOW_POWER(b -> b.resetLatency(Duration.ofSeconds(2)).powerTransitionDelay(Duration.ofSeconds(3))),

	/**
	 * A PATCH of {@code BootSourceOverrideEnabled: Once} is accepted (204) and stored as {@code Continuous}, which a
	 * GET then reports: the override stays for every later boot. Seen on virtual BMCs that map the override onto a
	 * persistent boot order.
	 */
	BOOT_ONCE_BECOMES_CONTINUOUS(b -> b.bootOnceStoredAsContinuous(true)),

	/**
	 * One service for several computer systems: four systems {@code node1} ... {@code node4} and two managers,
	 * {@code bmc1} running node1 and node2, {@code bmc2} running node3 and node4 (each in its
	 * {@code Links.ManagerForServers}), as a multi-node or blade enclosure's manager or a virtual BMC in front of
	 * a hypervisor presents them. A client has to be told which system it drives. Needs a builder without systems.
	 */
	MULTI_SYSTEM(Personality::severalSystems),

	/**
	 * ComputerSystem.Reset answers 204 for a listed ResetType and nothing happens: the power state and
	 * {@code LastResetTime} stay, as with a BMC whose path to the host's power and reset lines is stuck. Only
	 * evidence read back afterwards tells the restart did not happen.
	 */
	IGNORED_RESET(b -> b.resetsIgnored(true));

	private final Consumer<SimulatorConfig.Builder> settings;

	Personality(Consumer<SimulatorConfig.Builder> settings) {
		this.settings = settings;
	}

	void applyTo(SimulatorConfig.Builder b) {
		settings.accept(b);
	}

	private static void withoutPowerCycle(SimulatorConfig.Builder b) {
		List<String> types = new ArrayList<>(b.currentResetTypes());
		types.remove("PowerCycle");
		b.resetTypes(types);
	}

	private static void severalSystems(SimulatorConfig.Builder b) {
		if (b.hasSystems()) {
			throw new IllegalStateException("MULTI_SYSTEM brings its own systems; add no others before it");
		}
		for (int i = 1; i <= 4; i++) {
			b.system(new SimulatorConfig.SystemSpec("node" + i, String.format("MULTI%04d", i), null, null, null));
		}
		b.manager("bmc1", "node1", "node2").manager("bmc2", "node3", "node4");
	}

	/** The preset named {@code name}: the constant's name, any case, {@code -} for {@code _} ("no-etag"). */
	public static Personality named(String name) {
		try {
			return valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("unknown personality " + name + " (known: " + names() + ")");
		}
	}

	/** Every preset's name in the form {@link #named} and {@code --personality} take. */
	public static String names() {
		return String.join(", ", Arrays.stream(values()).map(Personality::optionName).toList());
	}

	/** "no-session-service". */
	public String optionName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}
}
