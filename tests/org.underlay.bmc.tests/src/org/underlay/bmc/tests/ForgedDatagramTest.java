package org.underlay.bmc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.underlay.bmc.tests.TestBmcs.assertFails;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.PowerState;
import org.underlay.bmc.internal.ipmi.IpmiLanplusClient;
import org.underlay.testing.ipmi.IpmiSimulator;
import org.underlay.testing.net.UdpPeer;

/**
 * Anyone on the path can send the console a datagram. One that is not the genuine answer — garbage, a wrong
 * length, a bad AuthCode, another session's, a replay of an earlier answer — is dropped, and the call goes on
 * waiting for the real answer within its deadline; only if none comes is it a TIMEOUT. A proxy in front of a real
 * ipmi_sim injects them just before each of the BMC's answers.
 */
class ForgedDatagramTest {

	private static final Duration SHORT = Duration.ofMillis(1500);
	private static final Duration SLACK = Duration.ofMillis(750);
	private static final HexFormat HEX = HexFormat.of();
	private static final int RETRANSMIT_MILLIS = 1500;

	/** Not RMCP, truncated headers, a length beyond the packet, IPMI 1.5 with a bad checksum, an MD2 session. */
	private static final String[] GARBAGE = {
			"48656c6c6f2c20776f726c64",
			"060000",
			"060000ff",
			"0600ff0706000000000000000000ffff",
			"0600ff0702000000000000000000000000000000",
			"0600ff0700000000000000000000082018c881040100" };

	private static byte[][] garbage() {
		byte[][] out = new byte[GARBAGE.length][];
		for (int i = 0; i < GARBAGE.length; i++) {
			out[i] = HEX.parseHex(GARBAGE[i]);
		}
		return out;
	}

	/** A genuine in-session answer with one bit of its AuthCode (the last byte) flipped. */
	private static byte[] badAuthCode(byte[] answer) {
		byte[] p = answer.clone();
		p[p.length - 1] ^= 0x01;
		return p;
	}

	/** A genuine answer with one bit of its (encrypted) payload flipped: the AuthCode no longer matches. */
	private static byte[] tamperedPayload(byte[] answer) {
		byte[] p = answer.clone();
		p[20] ^= 0x40;
		return p;
	}

	/** Cut short: the trailer and AuthCode are gone. */
	private static byte[] truncated(byte[] answer) {
		return Arrays.copyOf(answer, answer.length - 7);
	}

	/** The same bytes addressed to another session. */
	private static byte[] otherSession(byte[] answer) {
		byte[] p = answer.clone();
		p[6] ^= 0x5A;
		return p;
	}

	@FunctionalInterface
	private interface Call<T> {
		T run() throws Exception;
	}

	/** Runs a call and checks it took less than the retransmit interval: the genuine answer was not lost. */
	private static <T> T withoutRetransmission(Call<T> call) throws Exception {
		long start = System.nanoTime();
		T result = call.run();
		long millis = (System.nanoTime() - start) / 1_000_000;
		assertTrue(millis < RETRANSMIT_MILLIS, "the genuine answer was taken at once, not after a retransmission: "
				+ millis + " ms");
		return result;
	}

	private static BmcEndpoint through(UdpPeer proxy) {
		return TestBmcs.endpoint(proxy.port(), Duration.ofSeconds(5)).withOption("ipmi.retransmitMillis",
				String.valueOf(RETRANSMIT_MILLIS));
	}

	@Test
	void loginSurvivesGarbageBeforeEveryAnswer() throws Exception {
		try (IpmiSimulator sim = IpmiSimulator.start("garbage-login", "GL");
				UdpPeer.LossyProxy proxy = UdpPeer.lossyProxy(sim.port(), 0)) {
			proxy.injectBeforeEveryAnswer(garbage());
			try (BmcClient c = BmcDrivers.open(through(proxy), TestBmcs.admin())) {
				assertEquals(PowerState.OFF, c.powerState());
			}
			assertTrue(proxy.injected() >= 6 * GARBAGE.length, "injected " + proxy.injected());
		}
	}

	@Test
	void forgeriesAndReplaysBeforeTheAnswerAreDropped() throws Exception {
		try (IpmiSimulator sim = IpmiSimulator.start("forged", "FG");
				UdpPeer.LossyProxy proxy = UdpPeer.lossyProxy(sim.port(), 0)) {
			try (BmcClient c = BmcDrivers.open(through(proxy), TestBmcs.admin())) {
				assertEquals(PowerState.OFF, c.powerState());
				byte[] last = proxy.answer(proxy.answers());
				proxy.injectBeforeEveryAnswer(badAuthCode(last), tamperedPayload(last), truncated(last),
						otherSession(last), last, HEX.parseHex(GARBAGE[0]));
				assertEquals(PowerState.OFF, withoutRetransmission(c::powerState));
				sim.setPower(true);
				assertEquals(PowerState.ON, withoutRetransmission(c::powerState));
				assertEquals("9.08", withoutRetransmission(c::capabilities).details().get("firmware"));
				assertEquals(1, ((IpmiLanplusClient) c).sessionsOpened());
			}
			assertTrue(proxy.injected() >= 6 * 4, "injected " + proxy.injected());
		}
	}

	/**
	 * The request sequence number of an IPMI message has 6 bits: the 64th request after one carries the same number.
	 * An answer recorded then and replayed now (valid AuthCode, same command) would pass for the answer: only the
	 * session sequence number, far behind the window, tells it is stale.
	 */
	@Test
	void staleAnswerToAnEarlierRequestOfTheSameNumberIsRejected() throws Exception {
		try (IpmiSimulator sim = IpmiSimulator.start("stale", "ST");
				UdpPeer.LossyProxy proxy = UdpPeer.lossyProxy(sim.port(), 0)) {
			try (BmcClient c = BmcDrivers.open(through(proxy), TestBmcs.admin())) {
				sim.setPower(true);
				assertEquals(PowerState.ON, c.powerState());
				byte[] poweredOn = proxy.answer(proxy.answers());
				for (int i = 0; i < 63; i++) {
					c.powerState();
				}
				sim.setPower(false);
				proxy.injectBeforeNextAnswer(poweredOn);
				assertEquals(PowerState.OFF, c.powerState(), "a replayed answer was taken for the real one");
				assertEquals(1, proxy.injected());
			}
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2, 3, 4, 5 })
	void onlyGarbageIsTimeoutNotProtocol(int which) {
		try (UdpPeer garbage = UdpPeer.answering(HEX.parseHex(GARBAGE[which]))) {
			BmcEndpoint ep = TestBmcs.endpoint(garbage.port(), SHORT).withOption("ipmi.retransmitMillis", "300");
			long start = System.nanoTime();
			var e = assertFails(Kind.TIMEOUT, SHORT.plus(SLACK), () -> BmcDrivers.open(ep, TestBmcs.admin()));
			long millis = (System.nanoTime() - start) / 1_000_000;
			assertTrue(millis >= SHORT.toMillis() - 50, "gave up early, after " + millis + " ms: " + e.getMessage());
			assertTrue(e.getMessage().contains("dropped"), e.getMessage());
		}
	}

	@Test
	void onlyForgeriesInSessionIsTimeoutNamingWhy() throws Exception {
		try (IpmiSimulator sim = IpmiSimulator.start("forged-only", "FO");
				UdpPeer.LossyProxy proxy = UdpPeer.lossyProxy(sim.port(), 0)) {
			BmcEndpoint ep = TestBmcs.endpoint(proxy.port(), SHORT).withOption("ipmi.retransmitMillis", "300");
			try (BmcClient c = BmcDrivers.open(ep, TestBmcs.admin())) {
				c.powerState();
				proxy.injectBeforeEveryAnswer(badAuthCode(proxy.answer(proxy.answers())));
				proxy.swallowAnswers(true);
				var e = assertFails(Kind.TIMEOUT, SHORT.plus(SLACK), c::powerState);
				assertTrue(e.getMessage().contains("integrity"), e.getMessage());
				assertTrue(e.getMessage().contains("dropped"), e.getMessage());
				proxy.swallowAnswers(false);
				proxy.injectBeforeEveryAnswer();
				assertEquals(PowerState.OFF, c.powerState(), "the session is still good");
			}
		}
	}

	@Test
	void garbageIsNeverQuotedInMessages() {
		byte[] marker = "SECRET-LOOKING-BYTES".getBytes(StandardCharsets.US_ASCII);
		try (UdpPeer garbage = UdpPeer.answering(marker)) {
			var e = assertFails(Kind.TIMEOUT, SHORT.plus(SLACK),
					() -> BmcDrivers.open(TestBmcs.endpoint(garbage.port(), SHORT), TestBmcs.admin()));
			assertTrue(!e.getMessage().contains("SECRET"), e.getMessage());
		}
	}
}
