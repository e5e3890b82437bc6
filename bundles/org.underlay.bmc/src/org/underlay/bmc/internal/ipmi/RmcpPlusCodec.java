package org.underlay.bmc.internal.ipmi;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * RMCP and RMCP+ framing of one console session (IPMI 2.0 spec 13.6, 13.28, 13.29): IPMI 1.5 pre-session packets,
 * RMCP+ packets with the suite's AES-CBC-128 confidentiality and integrity trailer, and the checks every inbound
 * datagram passes before anyone reads it: framing, lengths, session ID, AuthCode, decryption and the session
 * sequence number {@link SequenceWindow window}. A datagram that fails one is {@link Dropped}: anyone on the path
 * can send one, so it never decides the outcome of a call.
 *
 * <p>Holds the session keys K1 and K2 from {@link #activate} until {@link #wipe}. Not thread-safe.
 */
final class RmcpPlusCodec {

	static final int AUTH_TYPE_NONE = 0x00;
	static final int AUTH_TYPE_RMCP_PLUS = 0x06;
	static final int PAYLOAD_IPMI = 0x00;

	/** Why a datagram was dropped, for logs and the timeout message; never quotes the datagram. */
	static final class Dropped extends Exception {

		private static final long serialVersionUID = 1L;

		Dropped(String reason) {
			super(reason, null, false, false);
		}
	}

	/** A received packet: payload type (-1 for IPMI 1.5 framing), decrypted and integrity-checked payload. */
	record Inbound(int type, byte[] payload) {
	}

	private final CipherSuite suite;
	private final SecureRandom random;
	private final SequenceWindow window = new SequenceWindow();
	private boolean active;
	private int consoleSessionId;
	private byte[] k1;
	private byte[] k2;

	RmcpPlusCodec(CipherSuite suite, SecureRandom random) {
		this.suite = suite;
		this.random = random;
	}

	/** Starts a new session: no keys yet, sequence numbers afresh, in-session packets dropped until activated. */
	void begin(int newConsoleSessionId) {
		wipe();
		active = false;
		consoleSessionId = newConsoleSessionId;
		window.reset();
	}

	/** The session is active: in-session packets are protected with these keys (null for suites without them). */
	void activate(byte[] integrityKey, byte[] confidentialityKey) {
		k1 = integrityKey;
		k2 = confidentialityKey;
		active = true;
	}

	void deactivate() {
		active = false;
	}

	boolean active() {
		return active;
	}

	int consoleSessionId() {
		return consoleSessionId;
	}

	void wipe() {
		if (k1 != null) {
			Arrays.fill(k1, (byte) 0);
			k1 = null;
		}
		if (k2 != null) {
			Arrays.fill(k2, (byte) 0);
			k2 = null;
		}
	}

	// ---------------------------------------------------------------------------------------------- outbound

	private static byte[] rmcpHeader() {
		return new byte[] { 0x06, 0x00, (byte) 0xFF, 0x07 };
	}

	/** IPMI 1.5 framing without a session (Get Channel Authentication Capabilities). */
	static byte[] v15Packet(byte[] msg) {
		byte[] p = new byte[4 + 10 + msg.length];
		System.arraycopy(rmcpHeader(), 0, p, 0, 4);
		p[4] = AUTH_TYPE_NONE;
		// sequence 0, session ID 0
		p[13] = (byte) msg.length;
		System.arraycopy(msg, 0, p, 14, msg.length);
		return p;
	}

	/** RMCP+ packet; protected in-session messages get the suite's encryption and integrity trailer. */
	byte[] v2Packet(int payloadType, int sessionId, int sequence, byte[] payload, boolean protect) {
		int type = payloadType;
		byte[] body = payload;
		boolean integrity = protect && suite.integrity() && k1 != null;
		if (protect && suite.encrypted() && k2 != null) {
			byte[] iv = new byte[16];
			random.nextBytes(iv);
			body = IpmiCrypto.encryptAesCbc128(k2, iv, payload);
			type |= 0x80;
		}
		if (integrity) {
			type |= 0x40;
		}
		int headerEnd = 16;
		int payloadEnd = headerEnd + body.length;
		int pad = 0;
		int length = payloadEnd;
		if (integrity) {
			// AuthType .. Next Header must be a multiple of 4 bytes
			pad = (4 - (payloadEnd - 4 + 2) % 4) % 4;
			length = payloadEnd + pad + 2 + suite.icvLength;
		}
		byte[] p = new byte[length];
		System.arraycopy(rmcpHeader(), 0, p, 0, 4);
		p[4] = AUTH_TYPE_RMCP_PLUS;
		p[5] = (byte) type;
		put32(p, 6, sessionId);
		put32(p, 10, sequence);
		p[14] = (byte) body.length;
		p[15] = (byte) (body.length >>> 8);
		System.arraycopy(body, 0, p, headerEnd, body.length);
		if (integrity) {
			Arrays.fill(p, payloadEnd, payloadEnd + pad, (byte) 0xFF);
			p[payloadEnd + pad] = (byte) pad;
			p[payloadEnd + pad + 1] = 0x07;
			int codeAt = payloadEnd + pad + 2;
			byte[] code = IpmiCrypto.integrity(suite, k1, p, 4, codeAt);
			System.arraycopy(code, 0, p, codeAt, code.length);
		}
		return p;
	}

	// ---------------------------------------------------------------------------------------------- inbound

	/**
	 * Checks and opens a datagram. Pre-session packets (IPMI 1.5 framing, RMCP+ session setup payloads) are only
	 * checked for framing: the handshake matches them by message tag and session IDs. In-session packets must be
	 * for this active session, carry a valid AuthCode (suites with integrity), decrypt, and bring a session
	 * sequence number the window accepts, which is then recorded.
	 *
	 * @throws Dropped if the datagram is none of these
	 */
	Inbound parse(byte[] p) throws Dropped {
		if (p.length < 5 || p[0] != 0x06 || (p[3] & 0x7F) != 0x07) {
			throw new Dropped("not an RMCP/IPMI packet (" + p.length + " bytes)");
		}
		int authType = p[4] & 0x0F;
		if (authType == AUTH_TYPE_NONE) {
			if (p.length < 14 || p.length < 14 + (p[13] & 0xFF)) {
				throw new Dropped("truncated IPMI 1.5 packet");
			}
			return new Inbound(-1, Arrays.copyOfRange(p, 14, 14 + (p[13] & 0xFF)));
		}
		if (authType != AUTH_TYPE_RMCP_PLUS) {
			throw new Dropped("IPMI 1.5 session packet (auth type " + authType + ")");
		}
		if (p.length < 16) {
			throw new Dropped("truncated RMCP+ header");
		}
		int type = p[5] & 0x3F;
		int sessionId = get32(p, 6);
		int length = (p[14] & 0xFF) | (p[15] & 0xFF) << 8;
		int payloadEnd = 16 + length;
		if (payloadEnd > p.length) {
			throw new Dropped("RMCP+ payload length " + length + " beyond the packet's end");
		}
		if (type != PAYLOAD_IPMI) {
			if (sessionId != 0) {
				throw new Dropped("session setup payload with a session ID");
			}
			return new Inbound(type, Arrays.copyOfRange(p, 16, payloadEnd));
		}
		if (!active || sessionId != consoleSessionId) {
			throw new Dropped("packet for another session");
		}
		if (suite.integrity()) {
			checkIntegrity(p, payloadEnd);
		}
		int sequence = get32(p, 10);
		String refused = window.check(sequence);
		if (refused != null) {
			throw new Dropped(refused);
		}
		byte[] payload = Arrays.copyOfRange(p, 16, payloadEnd);
		if (suite.encrypted()) {
			if ((p[5] & 0x80) == 0) {
				throw new Dropped("session message not encrypted");
			}
			try {
				payload = IpmiCrypto.decryptAesCbc128(k2, payload);
			} catch (IllegalArgumentException e) {
				throw new Dropped("session message does not decrypt (" + e.getMessage() + ")");
			}
		}
		window.record(sequence);
		return new Inbound(type, payload);
	}

	private void checkIntegrity(byte[] p, int payloadEnd) throws Dropped {
		if ((p[5] & 0x40) == 0) {
			throw new Dropped("session message without integrity protection");
		}
		int codeAt = p.length - suite.icvLength;
		if (codeAt - 2 < payloadEnd || (p[codeAt - 1] & 0xFF) != 0x07
				|| codeAt - 2 - (p[codeAt - 2] & 0xFF) != payloadEnd) {
			throw new Dropped("malformed session trailer");
		}
		byte[] expected = IpmiCrypto.integrity(suite, k1, p, 4, codeAt);
		if (!IpmiCrypto.same(expected, Arrays.copyOfRange(p, codeAt, p.length))) {
			throw new Dropped("session message failed its integrity check (AuthCode)");
		}
	}

	static void put32(byte[] b, int at, int value) {
		b[at] = (byte) value;
		b[at + 1] = (byte) (value >>> 8);
		b[at + 2] = (byte) (value >>> 16);
		b[at + 3] = (byte) (value >>> 24);
	}

	static int get32(byte[] b, int at) {
		return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
	}
}
