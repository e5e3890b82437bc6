package org.underlay.bmc.sim.redfish;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A Redfish BMC simulator: an HTTP(S) server on a loopback port that behaves like a real BMC in the ways a client
 * depends on (sessions and Basic auth, reset types the BMC lists, power transitions that take time, ETags on PATCH,
 * LastResetTime, sensors, managers). Used by tests and by the rehearsal lab; {@link Main} runs it as a standalone
 * process. {@link Personality} presets make it behave like particular third-party services:
 *
 * <pre>
 * RedfishSimulator.start(SimulatorConfig.builder().user("admin", pw, Role.Administrator)
 *         .personality(Personality.NO_SESSION_SERVICE, Personality.HTTP_1_0).build());
 * </pre>
 *
 * <p>Everything a test wants to observe (power state, boot override, reset requests, open sessions) is readable
 * through this object; {@link #setFault(Fault)} makes the BMC misbehave the way broken BMCs do.
 */
public final class RedfishSimulator implements AutoCloseable {

	/** How the simulated BMC answers requests. */
	public enum Fault {
		/** Behaves like a healthy BMC. */
		NONE,
		/** Accepts the request and never answers (until the simulator is stopped). */
		STALL,
		/** Answers every request with 200 and a body that is not JSON. */
		GARBAGE
	}

	/** The boot override of a system as the BMC holds it. */
	public record BootOverride(String target, String enabled, String mode) {
	}

	/** A reset request received on {@code ComputerSystem.Reset}, accepted or refused. */
	public record ResetRequest(Instant at, String systemId, String resetType, String user, int httpStatus) {
		public boolean accepted() {
			return httpStatus / 100 == 2;
		}
	}

	static {
		// without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
		// ~40 ms extra per request on a kept-alive connection (read once, when the first JDK server is created)
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	final SimulatorConfig config;
	final Object lock = new Object();
	/** Power states entered and not yet told to the listener (guarded by {@link #lock}). */
	private final List<String[]> entered = new ArrayList<>();
	private volatile BiConsumer<String, String> powerListener;
	final Map<String, SimulatedSystem> systems = new LinkedHashMap<>();
	final SessionStore sessions;
	final List<ResetRequest> resets = new ArrayList<>();
	final AtomicInteger requests = new AtomicInteger();
	final AtomicInteger loginAttempts = new AtomicInteger();
	final CountDownLatch stopped = new CountDownLatch(1);
	volatile Fault fault = Fault.NONE;
	private final HttpServer server;
	/** HTTP/1.0 personality: the front end clients talk to; {@link #server} then listens on loopback behind it. */
	private final Http10FrontEnd frontEnd;
	private final ExecutorService executor;
	private final X509Certificate certificate;

	private RedfishSimulator(SimulatorConfig config) throws IOException {
		this.config = config;
		for (SimulatorConfig.SystemSpec s : config.systems()) {
			SimulatedSystem system = new SimulatedSystem(s, config.powerTransitionDelay(), config.resetLatency(),
					System::nanoTime);
			system.onEnter = state -> entered.add(new String[] { s.id(), state });
			systems.put(s.id(), system);
		}
		this.sessions = new SessionStore(config);
		InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(config.bindAddress()),
				config.port());
		SSLContext tls = null;
		if (config.tls()) {
			try {
				SelfSignedCertificate cert = SelfSignedCertificate.generate("Underlay simulated BMC");
				tls = cert.serverContext();
				this.certificate = cert.certificate;
			} catch (GeneralSecurityException e) {
				throw new IOException("cannot create the simulator's TLS certificate: " + e.getMessage(), e);
			}
		} else {
			this.certificate = null;
		}
		if (config.http10()) {
			// the JDK server speaks only HTTP/1.1: it serves on loopback and the front end answers the clients
			this.server = HttpServer.create(Http10FrontEnd.backendAddress(), 64);
			this.frontEnd = new Http10FrontEnd(address, tls, server.getAddress());
		} else if (tls != null) {
			HttpsServer https = HttpsServer.create(address, 64);
			https.setHttpsConfigurator(new HttpsConfigurator(tls));
			this.server = https;
			this.frontEnd = null;
		} else {
			this.server = HttpServer.create(address, 64);
			this.frontEnd = null;
		}
		AtomicInteger n = new AtomicInteger();
		int port = listening().getPort();
		ThreadFactory threads = r -> {
			Thread t = new Thread(r, "redfish-sim-" + port + "-" + n.incrementAndGet());
			t.setDaemon(true);
			return t;
		};
		// handler threads end when idle: a lab with many simulated BMCs keeps one dispatcher thread per BMC
		ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				threads);
		pool.allowCoreThreadTimeOut(true);
		this.executor = pool;
		server.setExecutor(executor);
		server.createContext("/", new RedfishHandler(this));
	}

	/** Starts a simulator; it listens when this returns. */
	public static RedfishSimulator start(SimulatorConfig config) throws IOException {
		RedfishSimulator sim = new RedfishSimulator(config);
		sim.server.start();
		if (sim.frontEnd != null) {
			sim.frontEnd.start();
		}
		return sim;
	}

	/** The address clients connect to. */
	private InetSocketAddress listening() {
		return frontEnd != null ? frontEnd.address() : server.getAddress();
	}

	public SimulatorConfig config() {
		return config;
	}

	public int port() {
		return listening().getPort();
	}

	/** {@code http(s)://127.0.0.1:PORT} — the address to give a Redfish client. */
	public URI baseUri() {
		String host = listening().getAddress().getHostAddress();
		if (host.contains(":")) {
			host = "[" + host + "]";
		}
		return URI.create((certificate != null ? "https" : "http") + "://" + host + ":" + port());
	}

	/** The self-signed certificate served over TLS (empty for plain HTTP). */
	public Optional<X509Certificate> certificate() {
		return Optional.ofNullable(certificate);
	}

	/** The certificate in PEM form, for clients that take a CA file. */
	public String certificatePem() {
		if (certificate == null) {
			throw new IllegalStateException("the simulator serves plain HTTP");
		}
		return SelfSignedCertificate.pem(certificate);
	}

	public List<String> systemIds() {
		return List.copyOf(systems.keySet());
	}

	/** The managers' ids. */
	public List<String> managerIds() {
		return config.managers().stream().map(SimulatorConfig.ManagerSpec::id).toList();
	}

	/** The ids of the managers that run {@code systemId}. */
	List<String> managersOf(String systemId) {
		return config.managers().stream().filter(m -> m.systemIds().contains(systemId))
				.map(SimulatorConfig.ManagerSpec::id).toList();
	}

	private SimulatedSystem system(String id) {
		SimulatedSystem s = systems.get(id);
		if (s == null) {
			throw new IllegalArgumentException("no system " + id);
		}
		return s;
	}

	public String powerState(String systemId) {
		try {
			synchronized (lock) {
				return system(systemId).powerState();
			}
		} finally {
			firePowerChanges();
		}
	}

	/**
	 * Tells {@code listener} (system id, state) of every power state a system enters, outside the simulator's lock:
	 * for a change a Redfish request makes, before the simulator answers that request — a lab host can go down with
	 * its power before the client hears that the power went.
	 */
	public void onPowerChange(BiConsumer<String, String> listener) {
		this.powerListener = listener;
	}

	/** Tells the listener what was entered since; called by request handling and queries after the lock is free. */
	void firePowerChanges() {
		List<String[]> changes;
		synchronized (lock) {
			if (entered.isEmpty()) {
				return;
			}
			changes = new ArrayList<>(entered);
			entered.clear();
		}
		BiConsumer<String, String> listener = powerListener;
		if (listener != null) {
			for (String[] c : changes) {
				listener.accept(c[0], c[1]);
			}
		}
	}

	/** Sets a power state at once, without a transition (setting up a test or a lab scenario). */
	public void setPowerState(String systemId, String state) {
		if (!List.of("On", "Off").contains(state)) {
			throw new IllegalArgumentException("On or Off");
		}
		synchronized (lock) {
			system(systemId).forcePowerState(state);
		}
	}

	public BootOverride bootOverride(String systemId) {
		synchronized (lock) {
			SimulatedSystem s = system(systemId);
			return new BootOverride(s.bootTarget(), s.bootEnabled(), s.bootMode());
		}
	}

	public String indicatorLed(String systemId) {
		synchronized (lock) {
			return system(systemId).indicatorLed();
		}
	}

	/**
	 * The boot source override the system's last boot used ({@code "Pxe"}, {@code "Hdd"}, ...), or {@code "None"}
	 * when it booted without one: what a simulated host starts from (the rehearsal lab installs its image on a
	 * network boot).
	 */
	public String lastBootTarget(String systemId) {
		synchronized (lock) {
			return system(systemId).lastBootTarget();
		}
	}

	/**
	 * The system's {@code LastResetTime} as the BMC reports it: set when the simulator starts and whenever the
	 * system begins a power-on or restart (never by a reset the BMC ignores).
	 */
	public String lastResetTime(String systemId) {
		synchronized (lock) {
			return system(systemId).lastResetTime();
		}
	}

	/** How many times the system has come up (entered On from another state). */
	public int bootCount(String systemId) {
		synchronized (lock) {
			return system(systemId).bootCount();
		}
	}

	public List<ResetRequest> resetHistory() {
		synchronized (lock) {
			return List.copyOf(resets);
		}
	}

	/** Sessions currently open. */
	public int sessionCount() {
		return sessions.count();
	}

	/** Sessions created since start. */
	public int sessionsCreated() {
		return sessions.created();
	}

	/** POST requests to the session collection since start, whatever their outcome. */
	public int loginAttempts() {
		return loginAttempts.get();
	}

	/** Requests received since start. */
	public int requestCount() {
		return requests.get();
	}

	public void setFault(Fault fault) {
		this.fault = fault;
	}

	/** Stops listening, drops open connections and ends the simulator's threads. */
	public void stop() {
		stopped.countDown();
		if (frontEnd != null) {
			frontEnd.stop();
		}
		server.stop(0);
		executor.shutdownNow();
		try {
			executor.awaitTermination(5, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		stop();
	}

	@Override
	public String toString() {
		return "RedfishSimulator[" + baseUri() + ", " + systems.size() + " systems]";
	}
}
