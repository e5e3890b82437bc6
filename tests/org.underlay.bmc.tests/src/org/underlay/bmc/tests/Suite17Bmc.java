package org.underlay.bmc.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A minimal BMC for cipher suite 17 (RAKP-HMAC-SHA256, HMAC-SHA256-128, AES-CBC-128), written from the IPMI 2.0
 * spec independently of the driver's code (it uses javax.crypto directly), because ipmi_sim has no SHA-256
 * suites. It answers Get Channel Authentication Capabilities, Open Session, RAKP 1 and 3, and in the session Set
 * Session Privilege Level, Get Chassis Status (power on) and Close Session. It checks the integrity and
 * decrypts every session request; with {@link #tamper} set it corrupts the AuthCode of its session answers. It
 * keeps the boot flags (Set/Get System Boot Options parameter 5) byte for byte, as ipmi_sim does not.
 */
final class Suite17Bmc implements AutoCloseable {

	private static final String HMAC = "HmacSHA256";

	private final DatagramSocket socket;
	private final Thread thread;
	private final String user;
	private final byte[] kuid;
	private final SecureRandom random = new SecureRandom();
	volatile boolean tamper;
	volatile int sessionRequestsVerified;
	volatile String lastError = "";
	/** RAKP 3 messages that carried an auth code (an HMAC of the user's password, which allows offline guessing). */
	volatile int rakp3AuthCodesReceived;

	private int consoleSid;
	private final int bmcSid = 0x0BADBEEF;
	private byte[] rm;
	private byte[] rc;
	private final byte[] guid = new byte[16];
	private int role;
	private byte[] k1;
	private byte[] k2;
	private int seq;
	/** Boot option parameter 5 (boot flags) as last set; a real BMC keeps all five bytes. */
	private volatile byte[] bootFlags = new byte[5];

	Suite17Bmc(String user, char[] password) throws IOException {
		this.user = user;
		this.kuid = new byte[20];
		for (int i = 0; i < password.length; i++) {
			kuid[i] = (byte) password[i];
		}
		random.nextBytes(guid);
		socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		thread = new Thread(this::loop, "underlay-test-udp-suite17-bmc");
		thread.setDaemon(true);
		thread.start();
	}

	/** What the BMC does after the one-time boot it was set for: clears the boot flags' valid bit. */
	void bootConsumed() {
		byte[] f = bootFlags.clone();
		f[0] &= 0x7F;
		bootFlags = f;
	}

	int port() {
		return socket.getLocalPort();
	}

	@Override
	public void close() {
		socket.close();
		try {
			thread.join(5000);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private void loop() {
		byte[] buf = new byte[2048];
		while (!socket.isClosed()) {
			DatagramPacket p = new DatagramPacket(buf, buf.length);
			try {
				socket.receive(p);
				byte[] reply = handle(Arrays.copyOf(buf, p.getLength()));
				if (reply != null) {
					send(reply, p.getSocketAddress());
				}
			} catch (IOException e) {
				return;
			} catch (RuntimeException | GeneralSecurityException e) {
				lastError = e.toString();
			}
		}
	}

	private void send(byte[] b, SocketAddress to) throws IOException {
		socket.send(new DatagramPacket(b, b.length, to));
	}

	private static byte[] mac(byte[] key, byte[]... parts) throws GeneralSecurityException {
		Mac m = Mac.getInstance(HMAC);
		m.init(new SecretKeySpec(key, HMAC));
		for (byte[] part : parts) {
			m.update(part);
		}
		return m.doFinal();
	}

	private static byte[] le(int v) {
		return new byte[] { (byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24) };
	}

	private static int le(byte[] b, int at) {
		return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
	}

	private static byte[] cat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] p : parts) {
			out.writeBytes(p);
		}
		return out.toByteArray();
	}

	private static byte[] b(int... values) {
		byte[] out = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			out[i] = (byte) values[i];
		}
		return out;
	}

	private byte[] handle(byte[] p) throws GeneralSecurityException {
		if ((p[4] & 0xFF) == 0x00) { // IPMI 1.5 framing: Get Channel Authentication Capabilities
			byte[] req = Arrays.copyOfRange(p, 14, p.length);
			byte[] data = b(0x00, 0x01, 0x80, 0x04, 0x02, 0, 0, 0, 0);
			byte[] msg = response(req, data);
			return cat(b(0x06, 0x00, 0xFF, 0x07, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, msg.length), msg);
		}
		int type = p[5] & 0x3F;
		int len = (p[14] & 0xFF) | (p[15] & 0xFF) << 8;
		byte[] payload = Arrays.copyOfRange(p, 16, 16 + len);
		switch (type) {
			case 0x10: { // Open Session
				consoleSid = le(payload, 4);
				boolean suite17 = payload[12] == 0x03 && payload[20] == 0x04 && payload[28] == 0x01;
				byte[] body = cat(b(payload[0], suite17 ? 0 : 0x11, 4, 0), le(consoleSid), le(bmcSid),
						Arrays.copyOfRange(payload, 8, 32));
				return v2(0x11, 0, body);
			}
			case 0x12: { // RAKP 1
				rm = Arrays.copyOfRange(payload, 8, 24);
				role = payload[24] & 0xFF;
				String name = new String(payload, 28, payload[27], StandardCharsets.ISO_8859_1);
				if (!name.equals(user)) {
					return v2(0x13, 0, cat(b(payload[0], 0x0D, 0, 0), le(consoleSid)));
				}
				rc = new byte[16];
				random.nextBytes(rc);
				byte[] code = mac(kuid, le(consoleSid), le(bmcSid), rm, rc, guid, b(role, name.length()),
						name.getBytes(StandardCharsets.ISO_8859_1));
				return v2(0x13, 0, cat(b(payload[0], 0, 0, 0), le(consoleSid), rc, guid, code));
			}
			case 0x14: { // RAKP 3
				if (payload.length > 8) {
					rakp3AuthCodesReceived++;
				}
				if (payload[1] != 0) {
					return null; // the console reports a failure: no answer
				}
				byte[] uname = user.getBytes(StandardCharsets.ISO_8859_1);
				byte[] expected = mac(kuid, rc, le(consoleSid), b(role, uname.length), uname);
				if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(payload, 8, payload.length))) {
					return v2(0x15, 0, cat(b(payload[0], 0x0F, 0, 0), le(consoleSid)));
				}
				byte[] sik = mac(kuid, rm, rc, b(role, uname.length), uname);
				byte[] ones = new byte[32];
				Arrays.fill(ones, (byte) 1);
				byte[] twos = new byte[32];
				Arrays.fill(twos, (byte) 2);
				k1 = mac(sik, ones);
				k2 = mac(sik, twos);
				byte[] icv = Arrays.copyOf(mac(sik, rm, le(bmcSid), guid), 16);
				return v2(0x15, 0, cat(b(payload[0], 0, 0, 0), le(consoleSid), icv));
			}
			case 0x00: { // session request: check integrity, decrypt
				if ((p[5] & 0xC0) != 0xC0 || le(p, 6) != bmcSid) {
					throw new IllegalStateException("unprotected or foreign session request");
				}
				int codeAt = p.length - 16;
				byte[] code = Arrays.copyOf(mac(k1, Arrays.copyOfRange(p, 4, codeAt)), 16);
				if (!MessageDigest.isEqual(code, Arrays.copyOfRange(p, codeAt, p.length))) {
					throw new IllegalStateException("integrity check failed");
				}
				Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
				aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k2, 0, 16, "AES"),
						new IvParameterSpec(payload, 0, 16));
				byte[] plain = aes.doFinal(payload, 16, payload.length - 16);
				byte[] req = Arrays.copyOf(plain, plain.length - 1 - (plain[plain.length - 1] & 0xFF));
				sessionRequestsVerified++;
				int netFn = (req[1] & 0xFF) >> 2;
				int cmd = req[5] & 0xFF;
				byte[] data;
				if (netFn == 0x06 && cmd == 0x3B) {
					data = b(0, req[6]);
				} else if (netFn == 0x00 && cmd == 0x01) {
					data = b(0, 0x01, 0x00, 0x00, 0x00);
				} else if (netFn == 0x00 && cmd == 0x08) { // Set System Boot Options: keep parameter 5 as sent
					if ((req[6] & 0x7F) == 5 && req.length >= 7 + 5 + 1) {
						bootFlags = Arrays.copyOfRange(req, 7, 12);
					}
					data = b(0);
				} else if (netFn == 0x00 && cmd == 0x09 && (req[6] & 0x7F) == 5) { // Get System Boot Options
					data = cat(b(0, 0x01, 0x05), bootFlags);
				} else {
					data = b(0);
				}
				return sessionResponse(response(req, data));
			}
			default:
				return null;
		}
	}

	/** IPMI response message to {@code req} with completion code + data. */
	private static byte[] response(byte[] req, byte[] ccAndData) {
		byte[] msg = new byte[7 + ccAndData.length];
		msg[0] = (byte) 0x81;
		msg[1] = (byte) (((req[1] & 0xFF) >> 2 | 1) << 2);
		msg[2] = (byte) -(msg[0] + msg[1]);
		msg[3] = 0x20;
		msg[4] = req[4];
		msg[5] = req[5];
		System.arraycopy(ccAndData, 0, msg, 6, ccAndData.length);
		int sum = 0;
		for (int i = 3; i < msg.length - 1; i++) {
			sum += msg[i];
		}
		msg[msg.length - 1] = (byte) -sum;
		return msg;
	}

	private static byte[] v2(int type, int sid, byte[] payload) {
		return cat(b(0x06, 0x00, 0xFF, 0x07, 0x06, type), le(sid), le(0), b(payload.length, payload.length >> 8),
				payload);
	}

	private byte[] sessionResponse(byte[] msg) throws GeneralSecurityException {
		byte[] iv = new byte[16];
		random.nextBytes(iv);
		int pad = (16 - (msg.length + 1) % 16) % 16;
		byte[] plain = new byte[msg.length + pad + 1];
		System.arraycopy(msg, 0, plain, 0, msg.length);
		for (int i = 0; i < pad; i++) {
			plain[msg.length + i] = (byte) (i + 1);
		}
		plain[plain.length - 1] = (byte) pad;
		Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
		aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k2, 0, 16, "AES"), new IvParameterSpec(iv));
		byte[] body = cat(iv, aes.doFinal(plain));
		byte[] head = cat(b(0x06, 0x00, 0xFF, 0x07, 0x06, 0xC0), le(consoleSid), le(++seq),
				b(body.length, body.length >> 8), body);
		int integrityPad = (4 - (head.length - 4 + 2) % 4) % 4;
		byte[] trailer = new byte[integrityPad + 2];
		Arrays.fill(trailer, (byte) 0xFF);
		trailer[integrityPad] = (byte) integrityPad;
		trailer[integrityPad + 1] = 0x07;
		byte[] signed = cat(head, trailer);
		byte[] code = Arrays.copyOf(mac(k1, Arrays.copyOfRange(signed, 4, signed.length)), 16);
		if (tamper) {
			code[0] ^= 0x01;
		}
		return cat(signed, code);
	}
}
