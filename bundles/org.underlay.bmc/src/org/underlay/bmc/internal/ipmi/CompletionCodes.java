package org.underlay.bmc.internal.ipmi;

import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.BmcException.Kind;

/** IPMI completion codes (spec table 5-2) as typed errors. */
final class CompletionCodes {

	private CompletionCodes() {
	}

	static String describe(int code) {
		return switch (code) {
			case 0x80 -> "parameter not supported";
			case 0xC0 -> "node busy";
			case 0xC1 -> "command not supported";
			case 0xC2 -> "command not supported on this LUN";
			case 0xC3 -> "timeout while processing the command";
			case 0xC4 -> "out of space";
			case 0xC5 -> "reservation cancelled or invalid";
			case 0xC6 -> "request data truncated";
			case 0xC7 -> "request data length invalid";
			case 0xC8 -> "request data field length limit exceeded";
			case 0xC9 -> "parameter out of range";
			case 0xCA -> "cannot return the number of requested bytes";
			case 0xCB -> "requested sensor, data or record not present";
			case 0xCC -> "invalid data field in request";
			case 0xCD -> "command illegal for this sensor or record type";
			case 0xCE -> "response could not be provided";
			case 0xCF -> "duplicated request";
			case 0xD0 -> "SDR repository in update mode";
			case 0xD1 -> "device in firmware update mode";
			case 0xD2 -> "BMC initialization in progress";
			case 0xD3 -> "destination unavailable";
			case 0xD4 -> "insufficient privilege level";
			case 0xD5 -> "command not supported in the present state";
			case 0xD6 -> "command sub-function disabled or unavailable";
			case 0xFF -> "unspecified error";
			default -> "unknown completion code";
		};
	}

	static Kind kind(int code) {
		return switch (code) {
			case 0xD4 -> Kind.AUTH_FAILED;
			case 0x80, 0xC1, 0xC2, 0xC9, 0xCB, 0xCC, 0xCD, 0xD5, 0xD6 -> Kind.UNSUPPORTED;
			case 0xC3 -> Kind.TIMEOUT;
			default -> Kind.PROTOCOL;
		};
	}

	static BmcException error(BmcEndpoint endpoint, String what, int code, int privilege) {
		String hint = code == 0xD4 ? "; the session runs at " + Privilege.name(privilege)
				+ " privilege: use a user with more rights or ask for a higher privilege" : "";
		return new BmcException(kind(code), endpoint.address() + ": " + what + " failed: " + describe(code) + " ("
				+ LanplusSession.hex(code) + ")" + hint);
	}
}
