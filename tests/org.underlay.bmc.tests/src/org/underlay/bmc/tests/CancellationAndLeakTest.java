package org.underlay.bmc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.underlay.bmc.tests.TestBmcs.assertFails;

import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.PowerState;
import org.underlay.testing.ipmi.IpmiSimulator;
import org.underlay.testing.net.UdpPeer;

/** Cancellation by interruption and by close(); no thread or socket survives a call, whatever its outcome. */
class CancellationAndLeakTest {

	private static final Duration LONG = Duration.ofSeconds(10);

	/** Interrupting the calling thread ends a call that would otherwise wait 10 s. */
	@Test
	void interruptCancelsWithinMilliseconds() throws Exception {
		try (UdpPeer hole = UdpPeer.blackhole()) {
			BmcEndpoint ep = TestBmcs.endpoint(hole.port(), LONG);
			AtomicReference<BmcException> failure = new AtomicReference<>();
			AtomicBoolean stillInterrupted = new AtomicBoolean();
			Thread caller = new Thread(() -> {
				try {
					BmcDrivers.open(ep, TestBmcs.admin()).close();
				} catch (BmcException e) {
					failure.set(e);
					stillInterrupted.set(Thread.currentThread().isInterrupted());
				}
			}, "bmc-caller");
			caller.start();
			Thread.sleep(300);
			long start = System.nanoTime();
			caller.interrupt();
			caller.join(2000);
			long millis = (System.nanoTime() - start) / 1_000_000;
			assertTrue(!caller.isAlive(), "call still running after interrupt");
			assertTrue(millis < 1000, "cancel took " + millis + " ms");
			assertEquals(Kind.CANCELLED, failure.get().kind());
			assertTrue(stillInterrupted.get(), "interrupt status is kept");
		}
	}

	/** Future.cancel(true), as the deploy engine would do it, against a session that hangs mid-call. */
	@Test
	void futureCancelEndsACallInASession() throws Exception {
		try (IpmiSimulator sim = IpmiSimulator.start("cancel", "C1")) {
			BmcEndpoint ep = TestBmcs.endpoint(sim.port(), LONG);
			ExecutorService pool = Executors.newSingleThreadExecutor();
			try (BmcClient c = BmcDrivers.open(ep, TestBmcs.admin())) {
				sim.setChassisDelay(Duration.ofSeconds(3));
				CompletableFuture<BmcException> outcome = new CompletableFuture<>();
				Future<?> call = pool.submit(() -> {
					try {
						c.powerState();
						outcome.complete(null);
					} catch (BmcException e) {
						outcome.complete(e);
					}
				});
				Thread.sleep(300);
				long start = System.nanoTime();
				call.cancel(true);
				BmcException e = outcome.get(2, TimeUnit.SECONDS);
				long millis = (System.nanoTime() - start) / 1_000_000;
				assertEquals(Kind.CANCELLED, e.kind());
				assertTrue(millis < 1000, "cancel took " + millis + " ms");
				sim.setChassisDelay(Duration.ZERO);
				// the client stays usable: the late answer of the cancelled request is ignored
				Thread.sleep(3000);
				assertEquals(PowerState.OFF, c.powerState());
			} finally {
				pool.shutdownNow();
			}
		}
	}

	/** close() from another thread ends a call in flight with CANCELLED. */
	@Test
	void closeFromAnotherThreadCancels() throws Exception {
		try (IpmiSimulator sim = IpmiSimulator.start("close", "C2")) {
			BmcClient c = BmcDrivers.open(TestBmcs.endpoint(sim.port(), LONG), TestBmcs.admin());
			sim.setChassisDelay(Duration.ofSeconds(3));
			CountDownLatch started = new CountDownLatch(1);
			CompletableFuture<BmcException> outcome = CompletableFuture.supplyAsync(() -> {
				started.countDown();
				try {
					c.powerState();
					return null;
				} catch (BmcException e) {
					return e;
				}
			});
			started.await();
			Thread.sleep(300);
			long start = System.nanoTime();
			c.close();
			BmcException e = outcome.get(2, TimeUnit.SECONDS);
			assertTrue((System.nanoTime() - start) / 1_000_000 < 1000);
			assertEquals(Kind.CANCELLED, e.kind());
			assertFails(Kind.CANCELLED, Duration.ofMillis(500), c::powerState);
			sim.setChassisDelay(Duration.ZERO);
		}
	}

	@Test
	void alreadyInterruptedThreadSendsNothing() {
		try (UdpPeer hole = UdpPeer.blackhole()) {
			Thread.currentThread().interrupt();
			try {
				assertFails(Kind.CANCELLED, Duration.ofMillis(500),
						() -> BmcDrivers.open(TestBmcs.endpoint(hole.port(), LONG), TestBmcs.admin()));
				assertTrue(Thread.interrupted(), "interrupt status kept (and cleared here)");
			} finally {
				Thread.interrupted();
			}
			assertEquals(0, hole.received());
		}
	}

	private static Set<Thread> liveThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
				.filter(t -> !t.getName().startsWith(UdpPeer.THREAD_PREFIX))
				// the JDK's process reaper serves the simulators, not the driver
				.filter(t -> !t.getName().startsWith("process reaper"))
				.filter(t -> !t.getName().startsWith("ForkJoinPool")).collect(Collectors.toSet());
	}

	private static long openFileDescriptors() {
		String[] fds = new File("/proc/self/fd").list();
		return fds == null ? -1 : fds.length;
	}

	/** Successes, every fault and cancellations, many times: afterwards no extra thread and no extra socket. */
	@Test
	void noThreadOrSocketLeaks() throws Exception {
		try (IpmiSimulator sim = IpmiSimulator.start("leak", "LK");
				UdpPeer hole = UdpPeer.blackhole();
				UdpPeer garbage = UdpPeer.answering("junk".getBytes())) {
			Duration shortTimeout = Duration.ofMillis(400);
			// warm up class loading and JDK-internal threads
			try (BmcClient c = TestBmcs.open(sim)) {
				c.powerState();
			}
			Set<Thread> before = liveThreads();
			long fdsBefore = openFileDescriptors();
			int unreachablePort;
			try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
				unreachablePort = s.getLocalPort();
			}
			for (int round = 0; round < 10; round++) {
				try (BmcClient c = TestBmcs.open(sim)) {
					c.powerState();
					c.sensors();
				}
				assertEquals(Kind.AUTH_FAILED, assertThrows(BmcException.class, () -> BmcDrivers
						.open(TestBmcs.endpoint(sim), TestBmcs.wrongPassword(IpmiSimulator.ADMIN))).kind());
				assertEquals(Kind.TIMEOUT, assertThrows(BmcException.class,
						() -> BmcDrivers.open(TestBmcs.endpoint(hole.port(), shortTimeout), TestBmcs.admin())).kind());
				assertEquals(Kind.TIMEOUT, assertThrows(BmcException.class, () -> BmcDrivers
						.open(TestBmcs.endpoint(garbage.port(), shortTimeout), TestBmcs.admin())).kind());
				assertEquals(Kind.UNREACHABLE, assertThrows(BmcException.class, () -> BmcDrivers
						.open(TestBmcs.endpoint(unreachablePort, shortTimeout), TestBmcs.admin())).kind());
				BmcClient unclosed = TestBmcs.open(sim);
				unclosed.powerState();
				unclosed.close();
			}
			Set<Thread> after = liveThreads();
			after.removeAll(before);
			assertTrue(after.isEmpty(), "threads left behind: " + after);
			long fdsAfter = openFileDescriptors();
			assertTrue(fdsAfter <= fdsBefore, "file descriptors: " + fdsBefore + " before, " + fdsAfter + " after");
		}
	}
}
