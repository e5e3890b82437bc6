package org.underlay.bmc;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Whether an IPMI BMC answers at all: a pre-session Get Channel Authentication Capabilities request (IPMI 1.5 framing,
 * no credentials), sent again every 50 ms until an answer comes. For whoever starts BMC simulators and must know
 * when one is up: the rehearsal lab, the benchmark, the test harness.
 */
public final class IpmiProbe {

	private static final byte[] PACKET = packet();

	private IpmiProbe() {
	}

	private static byte[] packet() {
		byte[] msg = { 0x20, 0x18, (byte) 0xC8, (byte) 0x81, 0x04, 0x38, (byte) 0x8E, 0x04, 0 };
		int sum = 0;
		for (int i = 3; i < msg.length - 1; i++) {
			sum += msg[i];
		}
		msg[msg.length - 1] = (byte) -sum;
		byte[] packet = new byte[14 + msg.length];
		packet[0] = 0x06;
		packet[2] = (byte) 0xFF;
		packet[3] = 0x07;
		packet[13] = (byte) msg.length;
		System.arraycopy(msg, 0, packet, 14, msg.length);
		return packet;
	}

	/**
	 * Asks until the BMC answers, the timeout passes or {@code keepTrying} says to give up (its process died).
	 *
	 * @return whether it answered
	 */
	public static boolean awaitAnswer(InetSocketAddress target, Duration timeout, BooleanSupplier keepTrying)
			throws IOException {
		long end = System.nanoTime() + timeout.toNanos();
		try (DatagramSocket s = new DatagramSocket()) {
			s.setSoTimeout(50);
			while (System.nanoTime() < end && keepTrying.getAsBoolean()) {
				s.send(new DatagramPacket(PACKET, PACKET.length, target));
				try {
					s.receive(new DatagramPacket(new byte[512], 512));
					return true;
				} catch (SocketTimeoutException e) {
					// not up yet
				}
			}
		}
		return false;
	}
}
