package org.underlay.bmc.sim.redfish;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A fresh EC P-256 key and a self-signed X.509 v3 certificate for 127.0.0.1 and localhost, like the factory
 * certificate of a real BMC. The JDK has no public API to create certificates, so the few DER structures are
 * written here (RFC 5280); the JDK's CertificateFactory parses the result, which checks it.
 */
final class SelfSignedCertificate {

	final KeyPair keyPair;
	final X509Certificate certificate;

	private SelfSignedCertificate(KeyPair keyPair, X509Certificate certificate) {
		this.keyPair = keyPair;
		this.certificate = certificate;
	}

	static SelfSignedCertificate generate(String commonName) throws GeneralSecurityException {
		SecureRandom random = new SecureRandom();
		KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
		kpg.initialize(new ECGenParameterSpec("secp256r1"), random);
		KeyPair kp = kpg.generateKeyPair();

		byte[] ecdsaSha256 = seq(oid(1, 2, 840, 10045, 4, 3, 2));
		byte[] name = seq(set(seq(oid(2, 5, 4, 3), tlv(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
		ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
		DateTimeFormatter utc = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
		byte[] validity = seq(tlv(0x17, utc.format(now.minusDays(1)).getBytes(StandardCharsets.US_ASCII)),
				tlv(0x17, utc.format(now.plusYears(10).withYear(Math.min(now.getYear() + 10, 2049)))
						.getBytes(StandardCharsets.US_ASCII)));
		byte[] san = seq(tlv(0x87, new byte[] { 127, 0, 0, 1 }),
				tlv(0x82, "localhost".getBytes(StandardCharsets.US_ASCII)));
		byte[] extensions = tlv(0xa3, seq(
				seq(oid(2, 5, 29, 19), tlv(0x01, new byte[] { (byte) 0xff }), tlv(0x04, seq(tlv(0x01,
						new byte[] { (byte) 0xff })))),
				seq(oid(2, 5, 29, 15), tlv(0x01, new byte[] { (byte) 0xff }), tlv(0x04, tlv(0x03,
						new byte[] { 2, (byte) 0x84 }))),
				seq(oid(2, 5, 29, 17), tlv(0x04, san))));
		byte[] tbs = seq(tlv(0xa0, tlv(0x02, new byte[] { 2 })),
				tlv(0x02, new BigInteger(63, random).add(BigInteger.ONE).toByteArray()),
				ecdsaSha256, name, validity, name, kp.getPublic().getEncoded(), extensions);
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(kp.getPrivate());
		signer.update(tbs);
		byte[] sig = signer.sign();
		byte[] bits = new byte[sig.length + 1];
		System.arraycopy(sig, 0, bits, 1, sig.length);
		byte[] der = seq(tbs, ecdsaSha256, tlv(0x03, bits));
		X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(der));
		cert.verify(kp.getPublic());
		return new SelfSignedCertificate(kp, cert);
	}

	SSLContext serverContext() throws GeneralSecurityException {
		try {
			KeyStore ks = KeyStore.getInstance("PKCS12");
			ks.load(null, null);
			char[] storePass = new char[0];
			ks.setKeyEntry("bmc", keyPair.getPrivate(), storePass, new X509Certificate[] { certificate });
			KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			kmf.init(ks, storePass);
			SSLContext ctx = SSLContext.getInstance("TLS");
			ctx.init(kmf.getKeyManagers(), null, null);
			return ctx;
		} catch (IOException e) {
			throw new GeneralSecurityException(e);
		}
	}

	static String pem(X509Certificate cert) {
		try {
			return "-----BEGIN CERTIFICATE-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
							.encodeToString(cert.getEncoded())
					+ "\n-----END CERTIFICATE-----\n";
		} catch (CertificateEncodingException e) {
			throw new IllegalStateException(e);
		}
	}

	// --- minimal DER ---

	private static byte[] tlv(int tag, byte[] value) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
		out.write(tag);
		int n = value.length;
		if (n < 0x80) {
			out.write(n);
		} else if (n < 0x100) {
			out.write(0x81);
			out.write(n);
		} else {
			out.write(0x82);
			out.write(n >> 8);
			out.write(n & 0xff);
		}
		out.writeBytes(value);
		return out.toByteArray();
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] p : parts) {
			out.writeBytes(p);
		}
		return out.toByteArray();
	}

	private static byte[] seq(byte[]... parts) {
		return tlv(0x30, concat(parts));
	}

	private static byte[] set(byte[]... parts) {
		return tlv(0x31, concat(parts));
	}

	private static byte[] oid(long... arcs) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		base128(out, arcs[0] * 40 + arcs[1]);
		for (int i = 2; i < arcs.length; i++) {
			base128(out, arcs[i]);
		}
		return tlv(0x06, out.toByteArray());
	}

	private static void base128(ByteArrayOutputStream out, long v) {
		int groups = 1;
		for (long x = v >>> 7; x != 0; x >>>= 7) {
			groups++;
		}
		for (int g = groups - 1; g >= 0; g--) {
			int b = (int) ((v >>> (7 * g)) & 0x7f);
			out.write(g == 0 ? b : b | 0x80);
		}
	}
}
