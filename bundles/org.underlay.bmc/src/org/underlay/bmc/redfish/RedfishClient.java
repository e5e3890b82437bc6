package org.underlay.bmc.redfish;

import static org.underlay.bmc.redfish.RedfishJson.array;
import static org.underlay.bmc.redfish.RedfishJson.link;
import static org.underlay.bmc.redfish.RedfishJson.links;
import static org.underlay.bmc.redfish.RedfishJson.object;
import static org.underlay.bmc.redfish.RedfishJson.string;
import static org.underlay.bmc.redfish.RedfishJson.strings;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.BootDevice;
import org.underlay.bmc.BootMode;
import org.underlay.bmc.BootOverride;
import org.underlay.bmc.Capabilities;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.InsecureOption;
import org.underlay.bmc.Inventory;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.PowerState;
import org.underlay.bmc.Sensor;
import org.underlay.bmc.internal.Deadline;
import org.underlay.bmc.redfish.RedfishHttp.Reply;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * A Redfish session with one BMC and one of its computer systems. Opened by {@link RedfishDriver}; see the options
 * there. Logs out (DELETE of the session) on {@link #close()}, also when opening fails half-way. Calls are
 * serialized and each is bounded by the endpoint's timeout; the work is done by {@link RedfishLogin},
 * {@link SystemSelection}, {@link SystemPower}, {@link SystemBoot} and {@link ChassisReadings}.
 */
public final class RedfishClient implements BmcClient {

	private static final String SERVICE_ROOT = "/redfish/v1/";

	private final BmcEndpoint endpoint;
	private final RedfishHttp http;
	private final RedfishLogin login;
	private final RedfishResources resources;
	private final ReentrantLock lock = new ReentrantLock();
	private final AtomicBoolean closed = new AtomicBoolean();
	private JsonObject root;
	private String systemPath;
	private SystemPower power;
	private SystemBoot boot;
	private ChassisReadings chassis;

	private RedfishClient(BmcEndpoint endpoint, RedfishHttp http, Credentials credentials, String authMode) {
		this.endpoint = endpoint;
		this.http = http;
		this.login = new RedfishLogin(http, credentials, authMode);
		this.resources = new RedfishResources(http, login);
	}

	static RedfishClient open(BmcEndpoint endpoint, Credentials credentials) throws BmcException {
		String scheme = endpoint.option(RedfishDriver.SCHEME, "https").toLowerCase(Locale.ROOT);
		if (!scheme.equals("https") && !scheme.equals("http")) {
			throw new BmcException(Kind.UNSUPPORTED, endpoint.address() + ": unknown Redfish scheme '" + scheme
					+ "' (https, or http where the binding says insecure-http)");
		}
		if (scheme.equals("http") && !endpoint.allows(InsecureOption.PLAIN_HTTP)) {
			throw new BmcException(Kind.INSECURE_REFUSED, endpoint.address() + ": plain HTTP would send the "
					+ "password and the session token unprotected; write insecure-http in the binding to allow it, "
					+ "or reach the BMC over HTTPS");
		}
		String authMode = endpoint.option(RedfishDriver.AUTH, "auto");
		if (!List.of("auto", "session", "basic").contains(authMode)) {
			throw new BmcException(Kind.UNSUPPORTED, endpoint.address() + ": unknown Redfish authentication '"
					+ authMode + "' (auto, session or basic)");
		}
		RedfishTls tls = scheme.equals("https") ? RedfishTls.of(endpoint) : null;
		String host = endpoint.host().indexOf(':') >= 0 ? "[" + endpoint.host() + "]" : endpoint.host();
		URI base = URI.create(scheme + "://" + host + ":" + endpoint.port());
		RedfishClient c = new RedfishClient(endpoint, new RedfishHttp(endpoint, base, tls), credentials, authMode);
		boolean ok = false;
		try {
			c.connect(Deadline.after(endpoint.timeout()));
			ok = true;
			return c;
		} finally {
			if (!ok) {
				c.close();
			}
		}
	}

	private void connect(Deadline dl) throws BmcException {
		Reply r = http.sendUnauthenticated("GET", SERVICE_ROOT, null, dl, "read the service root");
		if (r.status() == 404 || r.json() == null || !r.ok()) {
			throw new BmcException(r.status() == 404 ? Kind.UNSUPPORTED : Kind.PROTOCOL, address()
					+ ": no Redfish service root at " + SERVICE_ROOT + " (HTTP " + r.status() + ")");
		}
		root = r.json();
		if (link(root, "Systems") == null) {
			throw new BmcException(Kind.UNSUPPORTED, address() + ": the Redfish service lists no Systems");
		}
		login.login(root, dl);
		systemPath = SystemSelection.select(resources, root, endpoint, dl);
		power = new SystemPower(resources, systemPath);
		boot = new SystemBoot(resources, systemPath);
		chassis = new ChassisReadings(resources, root, systemPath);
	}

	@FunctionalInterface
	private interface Call<T> {
		T run(Deadline dl) throws BmcException;
	}

	private <T> T call(String what, Call<T> body) throws BmcException {
		return call(what, endpoint.timeout(), body);
	}

	private <T> T call(String what, Duration budget, Call<T> body) throws BmcException {
		if (closed.get()) {
			throw new BmcException(Kind.CANCELLED, address() + ": " + what + " on a closed client");
		}
		try {
			if (!lock.tryLock(budget.toNanos(), TimeUnit.NANOSECONDS)) {
				throw new BmcException(Kind.TIMEOUT, address() + ": " + what + ": another call on this client did "
						+ "not finish within " + budget.toMillis() + " ms");
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw http.cancelled(what);
		}
		try {
			if (closed.get()) {
				throw new BmcException(Kind.CANCELLED, address() + ": " + what + " on a closed client");
			}
			return body.run(Deadline.after(budget));
		} finally {
			lock.unlock();
		}
	}

	@Override
	public BmcEndpoint endpoint() {
		return endpoint;
	}

	private String address() {
		return endpoint.address();
	}

	@Override
	public PowerState powerState() throws BmcException {
		return call("read the power state", dl -> power.toPowerState(power.rawPowerState(dl)));
	}

	/** The Redfish PowerState as the BMC reports it: On, Off, PoweringOn, PoweringOff, Paused. */
	public String redfishPowerState() throws BmcException {
		return call("read the power state", power::rawPowerState);
	}

	/**
	 * Waits until the BMC reports exactly {@code target} (not a transition towards it), polling; each poll is
	 * bounded by the endpoint's timeout, the whole wait by {@code max}.
	 */
	public void awaitPowerState(PowerState target, Duration max) throws BmcException {
		String wanted = target == PowerState.ON ? "On" : "Off";
		long end = System.nanoTime() + max.toNanos();
		String last = null;
		while (true) {
			long left = end - System.nanoTime();
			if (left <= 0) {
				throw new BmcException(Kind.TIMEOUT, address() + ": power state still " + last + " after "
						+ max.toMillis() + " ms of waiting for " + wanted);
			}
			Duration budget = Duration.ofNanos(Math.min(left, endpoint.timeout().toNanos()));
			try {
				last = call("wait for power " + wanted, budget, power::rawPowerState);
			} catch (BmcException e) {
				if (e.kind() == Kind.TIMEOUT && end - System.nanoTime() <= 0 && last != null) {
					// the poll was cut by the end of the wait, not by a silent BMC
					throw new BmcException(Kind.TIMEOUT, address() + ": power state still " + last + " after "
							+ max.toMillis() + " ms of waiting for " + wanted);
				}
				throw e;
			}
			if (last.equals(wanted)) {
				return;
			}
			try {
				Thread.sleep(Math.max(1, Math.min(200, (end - System.nanoTime()) / 1_000_000)));
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw http.cancelled("wait for power " + wanted);
			}
		}
	}

	@Override
	public void power(PowerAction action) throws BmcException {
		String what = "power " + action.name().toLowerCase(Locale.ROOT).replace('_', ' ');
		call(what, dl -> {
			power.power(action, what, dl);
			return null;
		});
	}

	/** "ResetType PowerCycle": the listed reset type {@link #power} would send; empty when the BMC lists none. */
	@Override
	public Optional<String> operation(PowerAction action) throws BmcException {
		return call("read the reset types", dl -> power.resetType(action, dl).map(t -> "ResetType " + t));
	}

	/** The system's LastResetTime: it changes with every restart and power-on the BMC carries out. */
	@Override
	public Optional<String> restartMarker() throws BmcException {
		return call("read the last reset time", power::lastResetTime);
	}

	@Override
	public BootOverride bootOverride() throws BmcException {
		return call("read the boot override", boot::bootOverride);
	}

	@Override
	public void setBootOverride(BootOverride override) throws BmcException {
		call("set the boot override", dl -> {
			boot.setBootOverride(override, dl);
			return null;
		});
	}

	@Override
	public List<Sensor> sensors() throws BmcException {
		return call("read the sensors", chassis::sensors);
	}

	@Override
	public Inventory inventory() throws BmcException {
		return call("read the inventory", chassis::inventory);
	}

	@Override
	public void identify(Duration duration) throws BmcException {
		if (duration != null && !duration.isZero()) {
			throw new BmcException(Kind.UNSUPPORTED, address() + ": Redfish has no timed identify; switch it on "
					+ "without a duration and off with a zero duration");
		}
		call("switch the identify LED", dl -> {
			boot.indicator(duration == null, dl);
			return null;
		});
	}

	@Override
	public Capabilities capabilities() throws BmcException {
		return call("read the capabilities", dl -> {
			JsonObject s = resources.get(systemPath, dl, "read the computer system");
			JsonObject reset = SystemPower.resetAction(s);
			List<String> allowed = reset == null ? List.of() : power.allowedResetTypes(reset, dl);
			Set<PowerAction> actions = EnumSet.noneOf(PowerAction.class);
			if (reset != null) {
				for (PowerAction a : PowerAction.values()) {
					SystemPower.choose(a, allowed).ifPresent(t -> actions.add(a));
				}
			}
			JsonObject bootSettings = object(s, "Boot");
			Set<BootDevice> devices = EnumSet.noneOf(BootDevice.class);
			Set<BootMode> modes = EnumSet.noneOf(BootMode.class);
			if (bootSettings != null) {
				JsonArray targets = array(bootSettings, "BootSourceOverrideTarget@Redfish.AllowableValues");
				for (BootDevice d : BootDevice.values()) {
					if (targets == null || strings(targets).contains(SystemBoot.redfishTarget(d))) {
						devices.add(d);
					}
				}
				JsonArray m = array(bootSettings, "BootSourceOverrideMode@Redfish.AllowableValues");
				if (bootSettings.has("BootSourceOverrideMode")) {
					if (m == null || strings(m).contains("UEFI")) {
						modes.add(BootMode.UEFI);
					}
					if (m == null || strings(m).contains("Legacy")) {
						modes.add(BootMode.LEGACY);
					}
				} else {
					modes.add(BootMode.UEFI);
				}
			}
			Map<String, String> details = new LinkedHashMap<>();
			details.put("redfishVersion", String.valueOf(string(root, "RedfishVersion")));
			putIfPresent(details, "product", string(root, "Product"));
			putIfPresent(details, "vendor", string(root, "Vendor"));
			details.put("system", systemPath);
			details.put("auth", login.usingSession() ? "session" : "basic");
			details.put("resetTypes", allowed == null ? "not listed" : String.join(",", allowed));
			boolean sensors = false;
			for (String c : chassis.chassisPaths(dl)) {
				JsonObject ch = resources.get(c, dl, "read the chassis");
				sensors |= ch.has("Thermal") || ch.has("Power");
			}
			List<String> managedBy = links(array(object(s, "Links"), "ManagedBy"));
			if (!managedBy.isEmpty()) {
				Reply mr = resources.exchange("GET", managedBy.get(0), null, null, dl, "read the manager");
				if (mr.ok() && mr.json() != null) {
					putIfPresent(details, "firmware", string(mr.json(), "FirmwareVersion"));
					putIfPresent(details, "managerModel", string(mr.json(), "Model"));
				}
			}
			boolean identify = s.has("LocationIndicatorActive") || s.has("IndicatorLED");
			return new Capabilities("redfish", actions, devices, modes, sensors, true, identify, details);
		});
	}

	private static void putIfPresent(Map<String, String> m, String k, String v) {
		if (v != null) {
			m.put(k, v);
		}
	}

	/** Sessions this client holds on the BMC: the session resource, or null with Basic auth. */
	public String sessionUri() {
		return login.sessionUri();
	}

	@Override
	public void close() {
		if (closed.getAndSet(true)) {
			return;
		}
		// end a call in flight on another thread, then log out (bounded) and release threads
		http.abort();
		boolean locked = false;
		try {
			locked = lock.tryLock(2, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		try {
			login.logout(endpoint.timeout().compareTo(Duration.ofSeconds(3)) < 0 ? endpoint.timeout()
					: Duration.ofSeconds(3));
		} finally {
			http.clearAuthentication();
			http.shutdown();
			login.forget();
			if (locked) {
				lock.unlock();
			}
		}
	}

	@Override
	public String toString() {
		return "RedfishClient[" + address() + ", user=" + login.user() + ", system=" + systemPath + ", auth="
				+ (login.usingSession() ? "session" : "basic") + (closed.get() ? ", closed" : "") + "]";
	}
}
