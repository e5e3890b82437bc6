package org.underlay.bmc.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.Provider;
import java.security.Security;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.crypto.MacSpi;

import org.junit.jupiter.api.Test;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.internal.ipmi.CipherSuite;
import org.underlay.bmc.internal.ipmi.IpmiCrypto;
import org.underlay.bmc.internal.ipmi.IpmiLanplusDriver;

/**
 * RAKP auth codes, session keys and AES-CBC-128 against vectors computed independently (Python hmac/hashlib and
 * the "cryptography" package's AES) from the IPMI 2.0 spec's field layouts (13.31, 13.32, 13.28.4, 13.29):
 * SIDm 0x11223344, SIDc 0xA0A1A2A3 (little-endian on the wire), Rm 00..0f, Rc 10..1f, GUIDc 20..2f, role 0x14,
 * user "admin", Kuid "vector-pass" zero-padded to 20 bytes.
 *
 * <p>Suite 3 (SHA-1) is also proven against ipmi_sim and ipmitool; suite 17 (SHA-256) only here and against the
 * in-test BMC of {@link CipherSuite17Test}, because ipmi_sim has no SHA-256 suites.
 */
class IpmiCryptoTest {

	private static final HexFormat HEX = HexFormat.of();
	private static final int SIDM = 0x11223344;
	private static final int SIDC = 0xA0A1A2A3;
	private static final byte[] RM = range(0x00);
	private static final byte[] RC = range(0x10);
	private static final byte[] GUID = range(0x20);
	private static final byte[] IV = range(0x30);
	private static final int ROLE = 0x14;
	private static final byte[] USER = "admin".getBytes(StandardCharsets.US_ASCII);
	private static final byte[] KUID = Arrays.copyOf("vector-pass".getBytes(StandardCharsets.US_ASCII), 20);

	private static byte[] range(int from) {
		byte[] b = new byte[16];
		for (int i = 0; i < 16; i++) {
			b[i] = (byte) (from + i);
		}
		return b;
	}

	private static byte[] hex(String s) {
		return HEX.parseHex(s);
	}

	@Test
	void suite3RakpAuthCodesAndKeys() {
		CipherSuite s = CipherSuite.SUITE_3;
		assertEquals("d5a976449ab3acf4e8b2838278a90a8791ffdff3",
				HEX.formatHex(IpmiCrypto.rakp2AuthCode(s, KUID, SIDM, SIDC, RM, RC, GUID, ROLE, USER)));
		assertEquals("3cc02f9bfc19973178bbff55a2a597f47d596089",
				HEX.formatHex(IpmiCrypto.rakp3AuthCode(s, KUID, RC, SIDM, ROLE, USER)));
		byte[] sik = IpmiCrypto.sessionIntegrityKey(s, KUID, RM, RC, ROLE, USER);
		assertEquals("ca55c1a5052ffdb30e46e0cccacb61397755592d", HEX.formatHex(sik));
		assertEquals("10f91b81082c38525985d2b3", HEX.formatHex(IpmiCrypto.rakp4Icv(s, sik, RM, SIDC, GUID)));
		assertEquals("b4e7c61c94de53f349c96aab5d71c9c9917b8309", HEX.formatHex(IpmiCrypto.additionalKey(s, sik, 1)));
		assertEquals("4fbd93e8fd74f44002deb6e1f17b5d427815110e", HEX.formatHex(IpmiCrypto.additionalKey(s, sik, 2)));
	}

	@Test
	void suite17RakpAuthCodesAndKeys() {
		CipherSuite s = CipherSuite.SUITE_17;
		assertEquals("cc9f1c7b89b4e69a0d5ee3aca89ce9013e64702b5ec76aef753be4474f3fafd0",
				HEX.formatHex(IpmiCrypto.rakp2AuthCode(s, KUID, SIDM, SIDC, RM, RC, GUID, ROLE, USER)));
		assertEquals("849b88c077d8fff4a386249605ee71d26373807034b1b53857ad00839c939c65",
				HEX.formatHex(IpmiCrypto.rakp3AuthCode(s, KUID, RC, SIDM, ROLE, USER)));
		byte[] sik = IpmiCrypto.sessionIntegrityKey(s, KUID, RM, RC, ROLE, USER);
		assertEquals("7b9f860b418b67389e14cd9b9bb074a4347ed0e98c8050d13f5632a2fdb0b99c", HEX.formatHex(sik));
		// HMAC-SHA256-128: truncated to 16 bytes
		assertEquals("1e887dc17bcb699095477ebdd1140d9d", HEX.formatHex(IpmiCrypto.rakp4Icv(s, sik, RM, SIDC, GUID)));
		assertEquals("2eefc42919de6f6d21558671519d92fca0569b0d1f23123eedfd70c8e2b11964",
				HEX.formatHex(IpmiCrypto.additionalKey(s, sik, 1)));
		assertEquals("b8e0d125769526f060708bfe9fc4f0ca3957b4805e5ad318d683322fe74c050d",
				HEX.formatHex(IpmiCrypto.additionalKey(s, sik, 2)));
	}

	/** AuthCode over AuthType .. Next Header of a sample session packet (with integrity pad 2, next header 7). */
	@Test
	void integrityAuthCodeIsTruncatedHmacOverTheSessionPart() {
		byte[] packet = new byte[4 + 2 + 8 + 2 + 32 + 4];
		packet[4] = 0x06;
		packet[5] = (byte) 0xC0;
		byte[] header = hex("a3a2a1a00500000020 00".replace(" ", ""));
		System.arraycopy(header, 0, packet, 6, header.length);
		for (int i = 0; i < 32; i++) {
			packet[16 + i] = (byte) i;
		}
		System.arraycopy(hex("ffff0207"), 0, packet, 48, 4);
		assertEquals("9674bacdae412828ffa9eade", HEX.formatHex(IpmiCrypto.integrity(CipherSuite.SUITE_3,
				hex("b4e7c61c94de53f349c96aab5d71c9c9917b8309"), packet, 4, packet.length)));
		assertEquals("097f6b5aafc9d458962b2d8a1edeb004", HEX.formatHex(IpmiCrypto.integrity(CipherSuite.SUITE_17,
				hex("2eefc42919de6f6d21558671519d92fca0569b0d1f23123eedfd70c8e2b11964"), packet, 4, packet.length)));
	}

	@Test
	void aesCbc128WithIpmiConfidentialityPad() {
		byte[] data = hex("2018c88104017a");
		byte[] k2 = hex("4fbd93e8fd74f44002deb6e1f17b5d427815110e");
		byte[] expected = hex("303132333435363738393a3b3c3d3e3f8d06aeafb6d5dc6e62fce1e7019d9c58");
		assertArrayEquals(expected, IpmiCrypto.encryptAesCbc128(k2, IV, data));
		assertArrayEquals(data, IpmiCrypto.decryptAesCbc128(k2, expected));
		// 15 bytes of data: pad length 0, one block
		byte[] k2sha256 = hex("b8e0d125769526f060708bfe9fc4f0ca3957b4805e5ad318d683322fe74c050d");
		byte[] fifteen = Arrays.copyOf(range(0), 15);
		byte[] expected15 = hex("303132333435363738393a3b3c3d3e3fc03cf1d4e1facd725738d994a2b98673");
		assertArrayEquals(expected15, IpmiCrypto.encryptAesCbc128(k2sha256, IV, fifteen));
		assertArrayEquals(fifteen, IpmiCrypto.decryptAesCbc128(k2sha256, expected15));
	}

	@Test
	void decryptRejectsWrongPadAndLength() {
		byte[] k2 = hex("4fbd93e8fd74f44002deb6e1f17b5d427815110e");
		byte[] good = hex("303132333435363738393a3b3c3d3e3f8d06aeafb6d5dc6e62fce1e7019d9c58");
		assertThrows(IllegalArgumentException.class, () -> IpmiCrypto.decryptAesCbc128(k2, Arrays.copyOf(good, 31)));
		// a different key decrypts to garbage whose pad bytes are not 1, 2, 3 ...
		byte[] otherKey = hex("00112233445566778899aabbccddeeff00112233");
		assertThrows(IllegalArgumentException.class, () -> IpmiCrypto.decryptAesCbc128(otherKey, good));
	}

	@Test
	void everyPayloadLengthRoundTrips() {
		byte[] k2 = hex("4fbd93e8fd74f44002deb6e1f17b5d427815110e");
		for (int n = 0; n < 70; n++) {
			byte[] data = Arrays.copyOf(range(0x40), Math.min(n, 16));
			data = Arrays.copyOf(data, n);
			byte[] enc = IpmiCrypto.encryptAesCbc128(k2, IV, data);
			assertEquals(0, enc.length % 16, "length for " + n);
			assertArrayEquals(data, IpmiCrypto.decryptAesCbc128(k2, enc), "round trip of " + n + " bytes");
		}
	}

	/** The driver's start-up self-test passes on this JDK, and {@code prepare()} runs it. */
	@Test
	void selfTestPassesAndPrepareRunsIt() throws Exception {
		IpmiCrypto.selfTest();
		new IpmiLanplusDriver().prepare();
		CompletableFuture<Void> prepared = BmcDrivers.prepareInBackground();
		assertSame(prepared, BmcDrivers.prepareInBackground(), "prepared once per JVM");
		prepared.get(30, TimeUnit.SECONDS);
	}

	/** A JCA provider whose HMAC-SHA256 is wrong: the self-test names the suite, prepare() refuses the driver. */
	@Test
	void selfTestCatchesAWrongHmac() {
		Provider broken = new Provider("UnderlayBrokenHmac", "1.0", "HMAC-SHA256 answering zeros (test)") {
			private static final long serialVersionUID = 1L;
			{
				put("Mac.HmacSHA256", ZeroMac.class.getName());
			}
		};
		Security.insertProviderAt(broken, 1);
		try {
			IllegalStateException e = assertThrows(IllegalStateException.class, IpmiCrypto::selfTest);
			assertTrue(e.getMessage().contains("suite 17"), e.getMessage());
			BmcException b = assertThrows(BmcException.class, () -> new IpmiLanplusDriver().prepare());
			assertEquals(BmcException.Kind.UNSUPPORTED, b.kind());
			assertTrue(b.getMessage().contains("IPMI lanplus cannot run in this JVM"), b.getMessage());
		} finally {
			Security.removeProvider(broken.getName());
		}
		IpmiCrypto.selfTest();
	}

	/** An HMAC of 32 zero bytes. */
	public static final class ZeroMac extends MacSpi {
		@Override
		protected int engineGetMacLength() {
			return 32;
		}

		@Override
		protected void engineInit(Key key, AlgorithmParameterSpec params) {
		}

		@Override
		protected void engineUpdate(byte input) {
		}

		@Override
		protected void engineUpdate(byte[] input, int offset, int len) {
		}

		@Override
		protected byte[] engineDoFinal() {
			return new byte[32];
		}

		@Override
		protected void engineReset() {
		}
	}
}
