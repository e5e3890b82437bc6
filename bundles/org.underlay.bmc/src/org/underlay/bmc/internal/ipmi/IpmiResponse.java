package org.underlay.bmc.internal.ipmi;

/** One IPMI response message: completion code and the data after it. */
record IpmiResponse(int netFn, int command, int completionCode, byte[] data) {

	boolean ok() {
		return completionCode == 0;
	}

	int u8(int index) {
		return data[index] & 0xFF;
	}
}
