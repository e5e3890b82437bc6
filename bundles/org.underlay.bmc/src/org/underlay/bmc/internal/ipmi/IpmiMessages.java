package org.underlay.bmc.internal.ipmi;

import java.util.Arrays;

/** IPMI LAN message framing (IPMI 2.0 spec 13.8): addresses, netFn/LUN, sequence, two checksums. */
public final class IpmiMessages {

	static final int BMC_ADDRESS = 0x20;
	static final int CONSOLE_ADDRESS = 0x81;

	private IpmiMessages() {
	}

	static int checksum(byte[] bytes, int from, int to) {
		int sum = 0;
		for (int i = from; i < to; i++) {
			sum += bytes[i];
		}
		return (-sum) & 0xFF;
	}

	/** rsAddr, netFn/rsLUN, chk1, rqAddr, rqSeq/rqLUN, cmd, data..., chk2. */
	public static byte[] request(int netFn, int command, int rqSeq, byte[] data) {
		byte[] msg = new byte[7 + data.length];
		msg[0] = (byte) BMC_ADDRESS;
		msg[1] = (byte) (netFn << 2);
		msg[2] = (byte) checksum(msg, 0, 2);
		msg[3] = (byte) CONSOLE_ADDRESS;
		msg[4] = (byte) (rqSeq << 2);
		msg[5] = (byte) command;
		System.arraycopy(data, 0, msg, 6, data.length);
		msg[msg.length - 1] = (byte) checksum(msg, 3, msg.length - 1);
		return msg;
	}

	/**
	 * Parses a response message.
	 *
	 * @return the response, or {@code null} if it does not answer (netFn, command, rqSeq)
	 * @throws IllegalArgumentException if it is malformed (length, checksums)
	 */
	static IpmiResponse response(byte[] msg, int netFn, int command, int rqSeq) {
		if (msg.length < 8) {
			throw new IllegalArgumentException("IPMI message of " + msg.length + " bytes");
		}
		if (checksum(msg, 0, 2) != (msg[2] & 0xFF) || checksum(msg, 3, msg.length - 1) != (msg[msg.length - 1] & 0xFF)) {
			throw new IllegalArgumentException("IPMI message checksum mismatch");
		}
		int responseNetFn = (msg[1] & 0xFF) >>> 2;
		int seq = (msg[4] & 0xFF) >>> 2;
		int cmd = msg[5] & 0xFF;
		if ((msg[0] & 0xFF) != CONSOLE_ADDRESS || responseNetFn != (netFn | 1) || seq != rqSeq || cmd != command) {
			return null;
		}
		return new IpmiResponse(netFn, command, msg[6] & 0xFF, Arrays.copyOfRange(msg, 7, msg.length - 1));
	}
}
