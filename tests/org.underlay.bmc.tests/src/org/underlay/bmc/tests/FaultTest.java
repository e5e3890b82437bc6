package org.underlay.bmc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.underlay.bmc.tests.TestBmcs.assertFails;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.PowerState;
import org.underlay.bmc.internal.ipmi.IpmiLanplusClient;
import org.underlay.testing.ipmi.IpmiSimulator;
import org.underlay.testing.net.UdpPeer;

/**
 * Each fault gives its typed error within the endpoint's timeout; lost datagrams are retransmitted. Garbage and
 * forged answers: {@link ForgedDatagramTest}.
 */
class FaultTest {

	private static final Duration SHORT = Duration.ofMillis(1500);
	/** Allowed lateness beyond the timeout: one poll slice plus scheduling on a loaded machine. */
	private static final Duration SLACK = Duration.ofMillis(750);

	private static int unusedUdpPort() throws Exception {
		try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			return s.getLocalPort();
		}
	}

	@Test
	void nobodyListeningIsUnreachable() throws Exception {
		BmcEndpoint ep = TestBmcs.endpoint(unusedUdpPort(), SHORT);
		// ICMP port unreachable arrives at once on loopback: far below the timeout
		var e = assertFails(Kind.UNREACHABLE, Duration.ofMillis(1000),
				() -> BmcDrivers.open(ep, TestBmcs.admin()));
		assertTrue(e.getMessage().contains("nothing listens"), e.getMessage());
	}

	@Test
	void unknownHostIsUnreachable() {
		BmcEndpoint ep = BmcEndpoint.ipmi("bmc.invalid", 623).withTimeout(SHORT);
		assertFails(Kind.UNREACHABLE, SHORT.plus(Duration.ofSeconds(5)), () -> {
			try {
				BmcDrivers.open(ep, TestBmcs.admin());
			} catch (BmcException ex) {
				// the message names the endpoint, which is not 127.0.0.1 here: re-throw with the check adapted
				assertTrue(ex.getMessage().contains("bmc.invalid"), ex.getMessage());
				throw new BmcException(ex.kind(), "127.0.0.1 " + ex.getMessage());
			}
		});
	}

	@Test
	void peerThatNeverAnswersIsTimeoutWithRetransmissions() {
		try (UdpPeer hole = UdpPeer.blackhole()) {
			BmcEndpoint ep = TestBmcs.endpoint(hole.port(), SHORT).withOption("ipmi.retransmitMillis", "300");
			long start = System.nanoTime();
			var e = assertFails(Kind.TIMEOUT, SHORT.plus(SLACK), () -> BmcDrivers.open(ep, TestBmcs.admin()));
			long millis = (System.nanoTime() - start) / 1_000_000;
			assertTrue(millis >= SHORT.toMillis() - 50, "gave up early after " + millis + " ms");
			assertTrue(hole.received() >= 4, "retransmitted: " + hole.received() + " datagrams");
			assertTrue(e.getMessage().contains("no answer"), e.getMessage());
		}
	}

	@Test
	void simulatorKilledMidCall() throws Exception {
		try (IpmiSimulator sim = IpmiSimulator.start("killed", "K1")) {
			BmcEndpoint ep = TestBmcs.endpoint(sim.port(), Duration.ofSeconds(3))
					.withOption("ipmi.retransmitMillis", "200");
			try (BmcClient c = BmcDrivers.open(ep, TestBmcs.admin())) {
				sim.setChassisDelay(Duration.ofSeconds(2)); // the next power status hangs in the BMC ...
				ExecutorService pool = Executors.newSingleThreadExecutor();
				try {
					long start = System.nanoTime();
					Future<PowerState> call = pool.submit(c::powerState);
					Thread.sleep(400);
					sim.kill(); // ... and the BMC dies meanwhile
					var ex = assertFails(Kind.UNREACHABLE, Duration.ofSeconds(4), () -> {
						try {
							call.get();
						} catch (ExecutionException wrapped) {
							throw wrapped.getCause();
						}
					});
					long millis = (System.nanoTime() - start) / 1_000_000;
					assertTrue(millis < 3000 + SLACK.toMillis(), "took " + millis + " ms: " + ex.getMessage());
				} finally {
					pool.shutdownNow();
				}
			}
		}
	}

	@Test
	void hungBmcMidSessionIsTimeout() throws Exception {
		try (IpmiSimulator sim = IpmiSimulator.start("hung", "H1")) {
			BmcEndpoint ep = TestBmcs.endpoint(sim.port(), SHORT).withOption("ipmi.retransmitMillis", "300");
			try (BmcClient c = BmcDrivers.open(ep, TestBmcs.admin())) {
				sim.setChassisDelay(Duration.ofSeconds(4));
				assertFails(Kind.TIMEOUT, SHORT.plus(SLACK), c::powerState);
				sim.setChassisDelay(Duration.ZERO);
			}
		}
	}

	/** A proxy drops the first datagrams of session setup; retransmission gets through. */
	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 4 })
	void lostDatagramsDuringLoginAreRetransmitted(int drops) throws Exception {
		try (IpmiSimulator sim = IpmiSimulator.start("lossy" + drops, "L" + drops);
				UdpPeer.LossyProxy proxy = UdpPeer.lossyProxy(sim.port(), drops)) {
			BmcEndpoint ep = TestBmcs.endpoint(proxy.port(), Duration.ofSeconds(5))
					.withOption("ipmi.retransmitMillis", "200");
			try (BmcClient c = BmcDrivers.open(ep, TestBmcs.admin())) {
				assertEquals(PowerState.OFF, c.powerState());
			}
			assertEquals(drops, proxy.dropped());
		}
	}

	/**
	 * One login step lost, request or answer: 1 Get Channel Authentication Capabilities, 2 Open Session, 3 RAKP 1,
	 * 4 RAKP 3, 5 Set Session Privilege Level, 6 the first command. A lost answer means the BMC did the step
	 * and sees it again.
	 */
	@ParameterizedTest
	@CsvSource({ "1, request", "2, request", "3, request", "4, request", "5, request", "6, request",
			"1, answer", "2, answer", "3, answer", "4, answer", "5, answer", "6, answer" })
	void eachLoginStepSurvivesALostDatagram(int step, String direction) throws Exception {
		try (IpmiSimulator sim = IpmiSimulator.start("step" + step + direction, "S" + step);
				UdpPeer.LossyProxy proxy = UdpPeer.lossyProxy(sim.port(), 0)) {
			if ("request".equals(direction)) {
				proxy.dropNumbered(Set.of(step), Set.of());
			} else {
				proxy.dropNumbered(Set.of(), Set.of(step));
			}
			BmcEndpoint ep = TestBmcs.endpoint(proxy.port(), Duration.ofSeconds(5))
					.withOption("ipmi.retransmitMillis", "200");
			try (BmcClient c = BmcDrivers.open(ep, TestBmcs.admin())) {
				assertEquals(PowerState.OFF, c.powerState());
				assertEquals(PowerState.OFF, c.powerState());
			}
			assertEquals(1, proxy.dropped());
		}
	}

	/** Datagrams lost in an established session, on the way to the BMC. */
	@Test
	void lostDatagramsInSessionAreRetransmitted() throws Exception {
		try (IpmiSimulator sim = IpmiSimulator.start("lossy-session", "LS");
				UdpPeer.LossyProxy proxy = UdpPeer.lossyProxy(sim.port(), 0)) {
			BmcEndpoint ep = TestBmcs.endpoint(proxy.port(), Duration.ofSeconds(5))
					.withOption("ipmi.retransmitMillis", "200");
			try (BmcClient c = BmcDrivers.open(ep, TestBmcs.admin())) {
				proxy.dropNext(3);
				long start = System.nanoTime();
				assertEquals(PowerState.OFF, c.powerState());
				long millis = (System.nanoTime() - start) / 1_000_000;
				assertEquals(3, proxy.dropped());
				assertTrue(millis >= 550, "three retransmissions take at least 3 x 200 ms, took " + millis);
				assertEquals(PowerAction.values().length, 5);
				assertEquals(1, ((IpmiLanplusClient) c).sessionsOpened());
			}
		}
	}
}
