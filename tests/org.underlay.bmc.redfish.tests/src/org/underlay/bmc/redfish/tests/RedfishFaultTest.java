package org.underlay.bmc.redfish.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.underlay.bmc.redfish.tests.SimulatedBmc.admin;
import static org.underlay.bmc.redfish.tests.SimulatedBmc.config;
import static org.underlay.bmc.redfish.tests.SimulatedBmc.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.PowerState;
import org.underlay.bmc.redfish.RedfishClient;
import org.underlay.bmc.redfish.RedfishDriver;
import org.underlay.bmc.sim.redfish.RedfishSimulator;

/**
 * Faults end in the typed error within the endpoint's timeout: nothing listening, a peer that never answers,
 * garbage, wrong credentials, a BMC that dies mid-call, cancellation. No thread outlives its client, no password
 * reaches a message.
 */
class RedfishFaultTest {

	private static final Duration TIMEOUT = Duration.ofMillis(1500);
	private final RedfishDriver driver = new RedfishDriver();
	private final List<String> messages = new ArrayList<>();
	private RedfishSimulator sim;
	private final List<AutoCloseable> cleanup = new ArrayList<>();

	@AfterEach
	void tearDown() throws Exception {
		for (AutoCloseable c : cleanup) {
			c.close();
		}
		if (sim != null) {
			sim.stop();
		}
		for (String m : messages) {
			SimulatedBmc.assertNoSecret(m);
		}
	}

	private static BmcEndpoint endpoint(int port) {
		return SimulatedBmc.http(port).withTimeout(TIMEOUT);
	}

	/** Runs the call, expects a BmcException of {@code kind} within the timeout (plus scheduling slack). */
	private BmcException expect(BmcException.Kind kind, Duration within, ThrowingCall call) {
		long t0 = System.nanoTime();
		BmcException e = assertThrows(BmcException.class, call::run);
		long ms = (System.nanoTime() - t0) / 1_000_000;
		messages.add(e.getMessage());
		messages.add(e.toString());
		for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
			messages.add(String.valueOf(c));
		}
		assertEquals(kind, e.kind(), e.getMessage());
		assertTrue(ms <= within.toMillis(), kind + " after " + ms + " ms, more than " + within.toMillis());
		assertTrue(e.getMessage().contains("redfish://127.0.0.1:"), "names the BMC: " + e.getMessage());
		System.out.println(kind + " in " + ms + " ms: " + e.getMessage());
		return e;
	}

	@FunctionalInterface
	interface ThrowingCall {
		void run() throws Exception;
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return s.getLocalPort();
		}
	}

	@Test
	void nothingListeningIsUnreachable() throws Exception {
		int port = freePort();
		expect(BmcException.Kind.UNREACHABLE, Duration.ofMillis(1000), () -> driver.open(endpoint(port), admin()));
	}

	@Test
	void aPeerThatNeverAnswersIsATimeout() throws Exception {
		ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		cleanup.add(silent);
		List<Socket> accepted = new ArrayList<>();
		Thread acceptor = new Thread(() -> {
			try {
				while (true) {
					accepted.add(silent.accept());
				}
			} catch (IOException e) {
				// closed by the test
			}
		}, "silent-peer");
		acceptor.start();
		cleanup.add(() -> {
			silent.close();
			for (Socket s : accepted) {
				s.close();
			}
			acceptor.join(2000);
		});
		expect(BmcException.Kind.TIMEOUT, TIMEOUT.plusMillis(500), () -> driver.open(endpoint(silent.getLocalPort()),
				admin()));
	}

	@Test
	void aStallingBmcMidSessionIsATimeoutAndTheSessionIsStillDeleted() throws Exception {
		sim = RedfishSimulator.start(config().build());
		BmcClient c = driver.open(endpoint(sim.port()), admin());
		sim.setFault(RedfishSimulator.Fault.STALL);
		expect(BmcException.Kind.TIMEOUT, TIMEOUT.plusMillis(500), c::powerState);
		sim.setFault(RedfishSimulator.Fault.NONE);
		assertEquals(PowerState.OFF, c.powerState(), "the client is usable after a timeout");
		c.close();
		assertEquals(0, sim.sessionCount());
	}

	@Test
	void garbageIsAProtocolError() throws Exception {
		sim = RedfishSimulator.start(config().build());
		sim.setFault(RedfishSimulator.Fault.GARBAGE);
		expect(BmcException.Kind.PROTOCOL, TIMEOUT, () -> driver.open(endpoint(sim.port()), admin()));

		// not even HTTP: a service that greets with its own banner
		ServerSocket banner = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		cleanup.add(banner);
		Thread t = new Thread(() -> {
			try {
				while (true) {
					try (Socket s = banner.accept(); OutputStream out = s.getOutputStream()) {
						out.write("SSH-2.0-OpenSSH_9.2\r\n\u0000\u0001garbage\r\n\r\n".getBytes(StandardCharsets.UTF_8));
						out.flush();
						Thread.sleep(100);
					}
				}
			} catch (IOException | InterruptedException e) {
				// closed by the test
			}
		}, "banner-peer");
		t.start();
		expect(BmcException.Kind.PROTOCOL, TIMEOUT, () -> driver.open(endpoint(banner.getLocalPort()), admin()));
		banner.close();
		t.join(2000);
	}

	@Test
	void wrongPasswordIsAuthFailed() throws Exception {
		sim = RedfishSimulator.start(config().build());
		Credentials wrong = SimulatedBmc.wrongPassword();
		BmcException e = expect(BmcException.Kind.AUTH_FAILED, TIMEOUT, () -> driver.open(endpoint(sim.port()),
				wrong));
		assertTrue(e.getMessage().contains("'admin'"), e.getMessage());
		messages.add(wrong.toString());
		assertEquals(0, sim.sessionsCreated());
		expect(BmcException.Kind.AUTH_FAILED, TIMEOUT, () -> driver.open(endpoint(sim.port())
				.withOption(RedfishDriver.AUTH, "basic"), wrong));
	}

	@Test
	void bmcStoppedMidCall() throws Exception {
		sim = RedfishSimulator.start(config().build());
		BmcEndpoint ep = endpoint(sim.port()).withTimeout(Duration.ofSeconds(5));
		RedfishClient c = driver.openRedfish(ep, admin());
		cleanup.add(c);
		sim.setFault(RedfishSimulator.Fault.STALL);
		CompletableFuture.runAsync(() -> {
			try {
				Thread.sleep(300);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			sim.stop();
		});
		// the connection breaks long before the 5 s timeout
		expect(BmcException.Kind.UNREACHABLE, Duration.ofMillis(2500), c::powerState);
		expect(BmcException.Kind.UNREACHABLE, Duration.ofMillis(1000), c::powerState);
	}

	@Test
	void bmcStoppedWhileWaitingForPower() throws Exception {
		sim = RedfishSimulator.start(config().powerTransitionDelay(Duration.ofSeconds(30)).build());
		RedfishClient c = driver.openRedfish(endpoint(sim.port()), admin());
		cleanup.add(c);
		c.power(PowerAction.ON);
		CompletableFuture.runAsync(() -> {
			try {
				Thread.sleep(400);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			sim.stop();
		});
		expect(BmcException.Kind.UNREACHABLE, Duration.ofMillis(2000), () -> c.awaitPowerState(PowerState.ON,
				Duration.ofSeconds(20)));
	}

	@Test
	void interruptionCancelsAStalledCall() throws Exception {
		sim = RedfishSimulator.start(config().build());
		BmcClient c = driver.open(endpoint(sim.port()).withTimeout(Duration.ofSeconds(10)), admin());
		sim.setFault(RedfishSimulator.Fault.STALL);
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Future<BmcException.Kind> f = pool.submit(() -> {
				try {
					c.powerState();
					return null;
				} catch (BmcException e) {
					messages.add(e.getMessage());
					assertTrue(Thread.currentThread().isInterrupted(), "interrupt status kept");
					return e.kind();
				}
			});
			Thread.sleep(300);
			long t0 = System.nanoTime();
			pool.shutdownNow();
			assertTrue(pool.awaitTermination(2, TimeUnit.SECONDS));
			long ms = (System.nanoTime() - t0) / 1_000_000;
			assertEquals(BmcException.Kind.CANCELLED, f.get());
			assertTrue(ms < 500, "cancelled after " + ms + " ms");
		} finally {
			pool.shutdownNow();
		}
		sim.setFault(RedfishSimulator.Fault.NONE);
		c.close();
		assertEquals(0, sim.sessionCount(), "logged out after the cancellation");
	}

	@Test
	void closeFromAnotherThreadCancelsTheCallInFlight() throws Exception {
		sim = RedfishSimulator.start(config().build());
		BmcClient c = driver.open(endpoint(sim.port()).withTimeout(Duration.ofSeconds(10)), admin());
		sim.setFault(RedfishSimulator.Fault.STALL);
		CompletableFuture<BmcException.Kind> call = CompletableFuture.supplyAsync(() -> {
			try {
				c.powerState();
				return null;
			} catch (BmcException e) {
				return e.kind();
			}
		});
		Thread.sleep(300);
		long t0 = System.nanoTime();
		sim.setFault(RedfishSimulator.Fault.NONE);
		c.close();
		assertEquals(BmcException.Kind.CANCELLED, call.get(2, TimeUnit.SECONDS));
		long ms = (System.nanoTime() - t0) / 1_000_000;
		assertTrue(ms < 1500, "close took " + ms + " ms");
		assertEquals(0, sim.sessionCount(), "close logged out");
	}

	@Test
	void noThreadOutlivesItsClients() throws Exception {
		sim = RedfishSimulator.start(config().build());
		int port = freePort();
		System.gc();
		long before = clientThreads();
		// closed clients stay referenced: closing alone must release their threads
		List<BmcClient> closed = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			try (BmcClient c = driver.open(endpoint(sim.port()), admin())) {
				c.powerState();
				c.sensors();
				closed.add(c);
			}
			assertThrows(BmcException.class, () -> driver.open(endpoint(port), admin()));
		}
		sim.setFault(RedfishSimulator.Fault.GARBAGE);
		for (int i = 0; i < 5; i++) {
			assertThrows(BmcException.class, () -> driver.open(endpoint(sim.port()), admin()));
		}
		sim.setFault(RedfishSimulator.Fault.NONE);
		assertEquals(0, sim.sessionCount());
		// java.net.http on Java 17 ends a client's selector thread once the client is unreachable
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		long now = clientThreads();
		while (now > before && System.nanoTime() < deadline) {
			System.gc();
			Thread.sleep(200);
			now = clientThreads();
		}
		assertTrue(now <= before, "client threads before: " + before + ", after: " + now + " " + names());
		assertEquals(25, closed.size());
	}

	private static long clientThreads() {
		return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
				.filter(n -> n.startsWith("redfish-") && !n.startsWith("redfish-sim") || n.startsWith("HttpClient-"))
				.count();
	}

	private static List<String> names() {
		return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
	}

	@Test
	void noPasswordInToStrings() throws Exception {
		sim = RedfishSimulator.start(config().build());
		Credentials creds = admin();
		try (BmcClient c = driver.open(endpoint(sim.port()), creds)) {
			messages.add(c.toString());
			messages.add(creds.toString());
			messages.add(c.endpoint().toString());
			messages.add(c.capabilities().toString());
			assertNotNull(c.inventory());
		}
	}
}
