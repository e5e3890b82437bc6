package org.underlay.bmc.internal.ipmi;

import static org.underlay.bmc.internal.ipmi.RmcpPlusCodec.get32;
import static org.underlay.bmc.internal.ipmi.RmcpPlusCodec.put32;

import java.security.SecureRandom;
import java.util.Arrays;

import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.internal.Deadline;
import org.underlay.bmc.internal.ipmi.RmcpPlusCodec.Dropped;
import org.underlay.bmc.internal.ipmi.RmcpPlusCodec.Inbound;

/**
 * The RMCP+ session setup (IPMI 2.0 spec 13.17 to 13.24): Open Session proposing exactly the suite's algorithms,
 * then RAKP 1/2 (the BMC proves it knows the password) and RAKP 3/4 (we prove it), deriving the session integrity
 * key and K1/K2. An answer that does not belong to this handshake (another message tag or console session ID, too
 * short) is dropped like any stray datagram; a well-formed refusal ends the login with a typed error.
 *
 * <p>RAKP messages carry HMACs of the password that would allow an offline guess: nothing here logs them, and
 * RAKP 3 with our proof is only sent once the BMC's RAKP 2 proof checked out.
 */
final class RakpHandshake {

	private static final int PAYLOAD_OPEN_SESSION_REQUEST = 0x10;
	private static final int PAYLOAD_OPEN_SESSION_RESPONSE = 0x11;
	private static final int PAYLOAD_RAKP1 = 0x12;
	private static final int PAYLOAD_RAKP2 = 0x13;
	private static final int PAYLOAD_RAKP3 = 0x14;
	private static final int PAYLOAD_RAKP4 = 0x15;
	/** RAKP 1 role bit: look the user up by name only (what ipmitool and FreeIPMI send). */
	private static final int NAME_ONLY_LOOKUP = 0x10;

	/** The BMC's session ID and the session keys (null for a suite without authentication). */
	record Result(int bmcSessionId, byte[] k1, byte[] k2) {
	}

	private final LanplusSession session;
	private final RmcpPlusCodec codec;
	private final CipherSuite suite;
	private final int privilege;
	private final byte[] userName;
	private final byte[] kuid;
	private final SecureRandom random;
	private final int consoleSessionId;
	private int bmcSessionId;

	RakpHandshake(LanplusSession session, RmcpPlusCodec codec, byte[] userName, byte[] kuid, SecureRandom random) {
		this.session = session;
		this.codec = codec;
		this.suite = session.suite();
		this.privilege = session.privilege();
		this.userName = userName;
		this.kuid = kuid;
		this.random = random;
		this.consoleSessionId = codec.consoleSessionId();
	}

	Result run(Deadline deadline, long retransmitNanos) throws BmcException {
		bmcSessionId = openSession(deadline);

		// RAKP 1 / 2: the BMC proves it knows the password (Kuid).
		byte[] consoleRandom = new byte[16];
		random.nextBytes(consoleRandom);
		int role = privilege | NAME_ONLY_LOOKUP;
		byte[][] rakp2 = rakp12(consoleRandom, role, deadline);
		byte[] bmcRandom = Arrays.copyOfRange(rakp2[0], 0, 16);
		byte[] bmcGuid = Arrays.copyOfRange(rakp2[0], 16, 32);
		if (suite.authenticated()) {
			byte[] expected = IpmiCrypto.rakp2AuthCode(suite, kuid, consoleSessionId, bmcSessionId, consoleRandom,
					bmcRandom, bmcGuid, role, userName);
			if (!IpmiCrypto.same(expected, rakp2[1])) {
				sendRakp3Failure();
				throw new BmcException(Kind.AUTH_FAILED, session.endpoint().address() + " refused the login of user '"
						+ session.user() + "': wrong password (the BMC's RAKP 2 proof does not match)");
			}
		}

		// RAKP 3 / 4: we prove it; both derive the session keys.
		byte[] rakp3Code = suite.authenticated()
				? IpmiCrypto.rakp3AuthCode(suite, kuid, bmcRandom, consoleSessionId, role, userName)
				: new byte[0];
		// If RAKP 4 is lost, the BMC has activated the session and ignores a repeated RAKP 3. So wait for it only
		// two retransmit intervals, then go on optimistically: the session keys need no RAKP 4, and the BMC's
		// integrity-protected answer to Set Session Privilege Level proves it holds the same keys.
		byte[] icv = null;
		try {
			icv = rakp34(rakp3Code, deadline.atMost(2 * retransmitNanos));
		} catch (BmcException e) {
			if (e.kind() != Kind.TIMEOUT || deadline.expired()) {
				throw e;
			}
			LanplusSession.LOG.fine(() -> session.endpoint().address()
					+ ": no RAKP 4; assuming it was lost and the session is active");
		}
		if (!suite.authenticated()) {
			return new Result(bmcSessionId, null, null);
		}
		byte[] sik = IpmiCrypto.sessionIntegrityKey(suite, kuid, consoleRandom, bmcRandom, role, userName);
		try {
			if (icv != null && !IpmiCrypto.same(IpmiCrypto.rakp4Icv(suite, sik, consoleRandom, bmcSessionId, bmcGuid),
					icv)) {
				throw new BmcException(Kind.AUTH_FAILED, session.endpoint().address() + ": session keys do not match"
						+ " (RAKP 4); the BMC probably requires a BMC key (Kg), which this driver does not send");
			}
			return new Result(bmcSessionId, IpmiCrypto.additionalKey(suite, sik, 1),
					IpmiCrypto.additionalKey(suite, sik, 2));
		} finally {
			Arrays.fill(sik, (byte) 0);
		}
	}

	/** Open Session: propose exactly the suite's algorithms. */
	private int openSession(Deadline deadline) throws BmcException {
		return session.exchange("Open Session", attempt -> {
			byte[] p = new byte[32];
			p[0] = (byte) session.nextTag();
			p[1] = (byte) privilege;
			put32(p, 4, consoleSessionId);
			algorithmPayload(p, 8, 0x00, suite.authAlgorithm);
			algorithmPayload(p, 16, 0x01, suite.integrityAlgorithm);
			algorithmPayload(p, 24, 0x02, suite.confidentialityAlgorithm);
			return codec.v2Packet(PAYLOAD_OPEN_SESSION_REQUEST, 0, 0, p, false);
		}, in -> {
			if (!answers(in, PAYLOAD_OPEN_SESSION_RESPONSE, "Open Session")) {
				return null;
			}
			if (in.payload().length < 36) {
				throw new Dropped("Open Session response of " + in.payload().length + " bytes");
			}
			byte[] p = in.payload();
			if ((p[16] & 0x3F) != suite.authAlgorithm || (p[24] & 0x3F) != suite.integrityAlgorithm
					|| (p[32] & 0x3F) != suite.confidentialityAlgorithm) {
				throw new BmcException(Kind.UNSUPPORTED, session.endpoint().address() + " answered Open Session with"
						+ " other algorithms than cipher suite " + suite.id + " proposes");
			}
			return get32(p, 8);
		}, deadline);
	}

	/** @return Rc | GUIDc, and the BMC's key exchange auth code */
	private byte[][] rakp12(byte[] consoleRandom, int role, Deadline deadline) throws BmcException {
		return session.exchange("RAKP 1", attempt -> {
			byte[] p = new byte[28 + userName.length];
			p[0] = (byte) session.nextTag();
			put32(p, 4, bmcSessionId);
			System.arraycopy(consoleRandom, 0, p, 8, 16);
			p[24] = (byte) role;
			p[27] = (byte) userName.length;
			System.arraycopy(userName, 0, p, 28, userName.length);
			return codec.v2Packet(PAYLOAD_RAKP1, 0, 0, p, false);
		}, in -> {
			if (!answers(in, PAYLOAD_RAKP2, "RAKP 2")) {
				return null;
			}
			int authLength = suite.authenticated() ? suite.hmacLength : 0;
			if (in.payload().length < 40 + authLength) {
				throw new Dropped("RAKP 2 message of " + in.payload().length + " bytes");
			}
			return new byte[][] { Arrays.copyOfRange(in.payload(), 8, 40),
					Arrays.copyOfRange(in.payload(), 40, 40 + authLength) };
		}, deadline);
	}

	/** @return the BMC's integrity check value */
	private byte[] rakp34(byte[] rakp3Code, Deadline deadline) throws BmcException {
		return session.exchange("RAKP 3", attempt -> {
			byte[] p = new byte[8 + rakp3Code.length];
			p[0] = (byte) session.nextTag();
			put32(p, 4, bmcSessionId);
			System.arraycopy(rakp3Code, 0, p, 8, rakp3Code.length);
			return codec.v2Packet(PAYLOAD_RAKP3, 0, 0, p, false);
		}, in -> {
			if (!answers(in, PAYLOAD_RAKP4, "RAKP 4")) {
				return null;
			}
			int icvLength = suite.authenticated() ? suite.icvLength : 0;
			if (in.payload().length < 8 + icvLength) {
				throw new Dropped("RAKP 4 message of " + in.payload().length + " bytes");
			}
			return Arrays.copyOfRange(in.payload(), 8, 8 + icvLength);
		}, deadline);
	}

	/**
	 * Whether a setup message answers the request in flight: its type, our message tag and (where present) our
	 * console session ID. A refusal (non-zero status) for us ends the login.
	 *
	 * @throws Dropped if it is another type's or session's message, or too short to tell
	 */
	private boolean answers(Inbound in, int type, String step) throws BmcException, Dropped {
		byte[] p = in.payload();
		if (in.type() != type || p.length < 2 || (p[0] & 0xFF) != session.tag()) {
			return false;
		}
		int status = p[1] & 0xFF;
		// some BMCs put no console session ID (zero) in a refusal
		if (p.length >= 8 && get32(p, 4) != consoleSessionId && (status == 0 || get32(p, 4) != 0)) {
			throw new Dropped(step + " message for another console session");
		}
		if (status != 0) {
			throw session.rmcpStatus(step, status);
		}
		if (p.length < 8) {
			throw new Dropped(step + " message of " + p.length + " bytes");
		}
		return true;
	}

	private static void algorithmPayload(byte[] p, int at, int type, int algorithm) {
		p[at] = (byte) type;
		p[at + 3] = 0x08;
		p[at + 4] = (byte) algorithm;
	}

	/** Tells the BMC the RAKP 2 check failed so it frees the session slot at once (best effort, no answer). */
	private void sendRakp3Failure() {
		byte[] p = new byte[8];
		p[0] = (byte) session.nextTag();
		p[1] = 0x0F; // invalid integrity check value
		put32(p, 4, bmcSessionId);
		session.sendQuietly(codec.v2Packet(PAYLOAD_RAKP3, 0, 0, p, false));
	}
}
