package org.underlay.bmc.internal.ipmi;

import org.underlay.bmc.BmcException.Kind;

/** RMCP+ and RAKP message status codes (IPMI 2.0 spec table 13-15). */
final class RmcpPlusStatus {

	private RmcpPlusStatus() {
	}

	static String describe(int status) {
		return switch (status) {
			case 0x01 -> "the BMC has no resources for another session";
			case 0x02 -> "invalid session ID";
			case 0x03 -> "invalid payload type";
			case 0x04 -> "authentication algorithm not supported";
			case 0x05 -> "integrity algorithm not supported";
			case 0x06 -> "no matching authentication payload";
			case 0x07 -> "no matching integrity payload";
			case 0x08 -> "inactive session ID";
			case 0x09 -> "invalid role";
			case 0x0A -> "unauthorized role or privilege level requested";
			case 0x0B -> "no resources for a session at the requested role";
			case 0x0C -> "invalid user name length";
			case 0x0D -> "unauthorized name (unknown or disabled user)";
			case 0x0E -> "unauthorized GUID";
			case 0x0F -> "invalid integrity check value (wrong password?)";
			case 0x10 -> "confidentiality algorithm not supported";
			case 0x11 -> "no cipher suite match with the proposed algorithms";
			case 0x12 -> "illegal or unrecognized parameter";
			default -> "unknown status";
		};
	}

	static Kind kind(int status) {
		return switch (status) {
			case 0x04, 0x05, 0x06, 0x07, 0x10, 0x11 -> Kind.UNSUPPORTED;
			case 0x09, 0x0A, 0x0C, 0x0D, 0x0E, 0x0F -> Kind.AUTH_FAILED;
			default -> Kind.PROTOCOL;
		};
	}
}
