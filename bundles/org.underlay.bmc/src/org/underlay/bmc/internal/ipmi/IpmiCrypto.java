package org.underlay.bmc.internal.ipmi;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The RMCP+ key exchange and session protection (IPMI 2.0 spec sections 13.28-13.32), with the JDK's crypto.
 * Session IDs enter every HMAC as the 4 little-endian bytes they have on the wire.
 */
public final class IpmiCrypto {

	/** IPMI 2.0 user passwords (and Kg) are up to 20 bytes, zero-padded. */
	public static final int KEY_LENGTH = 20;
	private static final int AES_BLOCK = 16;

	private IpmiCrypto() {
	}

	public static byte[] hmac(String algorithm, byte[] key, byte[]... parts) {
		try {
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec(key, algorithm));
			for (byte[] part : parts) {
				mac.update(part);
			}
			return mac.doFinal();
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("JDK lacks " + algorithm, e);
		}
	}

	static byte[] le32(int value) {
		return new byte[] { (byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24) };
	}

	/** ROLEm | ULENGTHm | UNAMEm as used by RAKP 2, RAKP 3 and the SIK. */
	private static byte[] roleAndName(int role, byte[] userName) {
		byte[] out = new byte[2 + userName.length];
		out[0] = (byte) role;
		out[1] = (byte) userName.length;
		System.arraycopy(userName, 0, out, 2, userName.length);
		return out;
	}

	/** Key exchange auth code the BMC sends in RAKP 2: HMAC_Kuid(SIDm, SIDc, Rm, Rc, GUIDc, ROLEm, ULENGTHm, UNAMEm). */
	public static byte[] rakp2AuthCode(CipherSuite suite, byte[] kuid, int consoleSessionId, int bmcSessionId,
			byte[] consoleRandom, byte[] bmcRandom, byte[] bmcGuid, int role, byte[] userName) {
		return hmac(suite.hmac, kuid, le32(consoleSessionId), le32(bmcSessionId), consoleRandom, bmcRandom, bmcGuid,
				roleAndName(role, userName));
	}

	/** Key exchange auth code the console sends in RAKP 3: HMAC_Kuid(Rc, SIDm, ROLEm, ULENGTHm, UNAMEm). */
	public static byte[] rakp3AuthCode(CipherSuite suite, byte[] kuid, byte[] bmcRandom, int consoleSessionId,
			int role, byte[] userName) {
		return hmac(suite.hmac, kuid, bmcRandom, le32(consoleSessionId), roleAndName(role, userName));
	}

	/** Session integrity key: HMAC_Kg(Rm, Rc, ROLEm, ULENGTHm, UNAMEm); Kg is Kuid when the BMC has no BMC key. */
	public static byte[] sessionIntegrityKey(CipherSuite suite, byte[] kg, byte[] consoleRandom, byte[] bmcRandom,
			int role, byte[] userName) {
		return hmac(suite.hmac, kg, consoleRandom, bmcRandom, roleAndName(role, userName));
	}

	/** RAKP 4 integrity check value: HMAC_SIK(Rm, SIDc, GUIDc) truncated to the suite's ICV length. */
	public static byte[] rakp4Icv(CipherSuite suite, byte[] sik, byte[] consoleRandom, int bmcSessionId,
			byte[] bmcGuid) {
		return Arrays.copyOf(hmac(suite.hmac, sik, consoleRandom, le32(bmcSessionId), bmcGuid), suite.icvLength);
	}

	/** K1 (n = 1, integrity) or K2 (n = 2, confidentiality): HMAC_SIK over the constant n repeated hmac-length times. */
	public static byte[] additionalKey(CipherSuite suite, byte[] sik, int n) {
		byte[] constant = new byte[suite.hmacLength];
		Arrays.fill(constant, (byte) n);
		return hmac(suite.hmac, sik, constant);
	}

	/** The AuthCode of one message: HMAC_K1 over the bytes from AuthType/Format to Next Header, truncated. */
	public static byte[] integrity(CipherSuite suite, byte[] k1, byte[] packet, int from, int to) {
		try {
			Mac mac = Mac.getInstance(suite.hmac);
			mac.init(new SecretKeySpec(k1, suite.hmac));
			mac.update(packet, from, to - from);
			return Arrays.copyOf(mac.doFinal(), suite.icvLength);
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("JDK lacks " + suite.hmac, e);
		}
	}

	/**
	 * AES-CBC-128 payload (spec 13.29): IV followed by the encryption of data | pad 01 02 03 .. | pad length, padded
	 * so the encrypted part is a multiple of 16 bytes. The key is the first 16 bytes of K2.
	 */
	public static byte[] encryptAesCbc128(byte[] k2, byte[] iv, byte[] data) {
		int padLength = (AES_BLOCK - (data.length + 1) % AES_BLOCK) % AES_BLOCK;
		byte[] plain = new byte[data.length + padLength + 1];
		System.arraycopy(data, 0, plain, 0, data.length);
		for (int i = 0; i < padLength; i++) {
			plain[data.length + i] = (byte) (i + 1);
		}
		plain[plain.length - 1] = (byte) padLength;
		try {
			Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
			aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k2, 0, AES_BLOCK, "AES"), new IvParameterSpec(iv));
			byte[] encrypted = aes.doFinal(plain);
			byte[] out = new byte[AES_BLOCK + encrypted.length];
			System.arraycopy(iv, 0, out, 0, AES_BLOCK);
			System.arraycopy(encrypted, 0, out, AES_BLOCK, encrypted.length);
			return out;
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("JDK lacks AES/CBC/NoPadding", e);
		}
	}

	/**
	 * Reverses {@link #encryptAesCbc128}.
	 *
	 * @throws IllegalArgumentException if the length or the confidentiality pad is wrong
	 */
	public static byte[] decryptAesCbc128(byte[] k2, byte[] payload) {
		if (payload.length < 2 * AES_BLOCK || payload.length % AES_BLOCK != 0) {
			throw new IllegalArgumentException("encrypted payload of " + payload.length + " bytes");
		}
		byte[] plain;
		try {
			Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
			aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k2, 0, AES_BLOCK, "AES"),
					new IvParameterSpec(payload, 0, AES_BLOCK));
			plain = aes.doFinal(payload, AES_BLOCK, payload.length - AES_BLOCK);
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("JDK lacks AES/CBC/NoPadding", e);
		}
		int padLength = plain[plain.length - 1] & 0xFF;
		if (padLength >= AES_BLOCK || padLength + 1 > plain.length) {
			throw new IllegalArgumentException("confidentiality pad length " + padLength);
		}
		int dataLength = plain.length - 1 - padLength;
		for (int i = 0; i < padLength; i++) {
			if ((plain[dataLength + i] & 0xFF) != i + 1) {
				throw new IllegalArgumentException("confidentiality pad bytes are not 1, 2, 3, ...");
			}
		}
		return Arrays.copyOf(plain, dataLength);
	}

	/** Constant-time comparison for auth codes. */
	public static boolean same(byte[] a, byte[] b) {
		return MessageDigest.isEqual(a, b);
	}

	/**
	 * Known-answer test of both authenticated suites: RAKP 2 auth code, session integrity key, K1, K2 and one AES-CBC
	 * block, against vectors computed independently from the spec's field layouts (the same as the unit test's:
	 * SIDm 0x11223344, SIDc 0xA0A1A2A3, Rm 00..0f, Rc 10..1f, GUIDc 20..2f, role 0x14, user "admin", Kuid
	 * "vector-pass"). Running it loads and initialises every JCA service a session needs.
	 *
	 * @throws IllegalStateException naming the suite and value that came out wrong, or the algorithm the JDK lacks
	 */
	public static void selfTest() {
		HexFormat hex = HexFormat.of();
		byte[] kuid = Arrays.copyOf("vector-pass".getBytes(StandardCharsets.US_ASCII), KEY_LENGTH);
		byte[] user = "admin".getBytes(StandardCharsets.US_ASCII);
		byte[][] ranges = new byte[4][16];
		for (int r = 0; r < ranges.length; r++) {
			for (int i = 0; i < 16; i++) {
				ranges[r][i] = (byte) (r * 0x10 + i);
			}
		}
		String[][] answers = {
				{ "d5a976449ab3acf4e8b2838278a90a8791ffdff3", "ca55c1a5052ffdb30e46e0cccacb61397755592d",
						"b4e7c61c94de53f349c96aab5d71c9c9917b8309", "4fbd93e8fd74f44002deb6e1f17b5d427815110e",
						"303132333435363738393a3b3c3d3e3f8d06aeafb6d5dc6e62fce1e7019d9c58" },
				{ "cc9f1c7b89b4e69a0d5ee3aca89ce9013e64702b5ec76aef753be4474f3fafd0",
						"7b9f860b418b67389e14cd9b9bb074a4347ed0e98c8050d13f5632a2fdb0b99c",
						"2eefc42919de6f6d21558671519d92fca0569b0d1f23123eedfd70c8e2b11964",
						"b8e0d125769526f060708bfe9fc4f0ca3957b4805e5ad318d683322fe74c050d", null } };
		CipherSuite[] suites = { CipherSuite.SUITE_3, CipherSuite.SUITE_17 };
		for (int i = 0; i < suites.length; i++) {
			CipherSuite suite = suites[i];
			String[] a = answers[i];
			byte[] sik = sessionIntegrityKey(suite, kuid, ranges[0], ranges[1], 0x14, user);
			byte[] k2 = additionalKey(suite, sik, 2);
			check(suite, "RAKP 2 auth code", a[0], rakp2AuthCode(suite, kuid, 0x11223344, 0xA0A1A2A3, ranges[0],
					ranges[1], ranges[2], 0x14, user), hex);
			check(suite, "session integrity key", a[1], sik, hex);
			check(suite, "K1", a[2], additionalKey(suite, sik, 1), hex);
			check(suite, "K2", a[3], k2, hex);
			byte[] data = hex.parseHex("2018c88104017a");
			byte[] encrypted = encryptAesCbc128(k2, ranges[3], data);
			if (a[4] != null) {
				check(suite, "AES-CBC-128", a[4], encrypted, hex);
			}
			if (!Arrays.equals(data, decryptAesCbc128(k2, encrypted))) {
				throw new IllegalStateException("IPMI cipher suite " + suite.id + " self-test: AES-CBC-128 does not"
						+ " decrypt what it encrypted");
			}
		}
	}

	private static void check(CipherSuite suite, String what, String expected, byte[] actual, HexFormat hex) {
		if (!expected.equals(hex.formatHex(actual))) {
			throw new IllegalStateException("IPMI cipher suite " + suite.id + " self-test: wrong " + what
					+ " from this JDK's " + suite.hmac);
		}
	}
}
