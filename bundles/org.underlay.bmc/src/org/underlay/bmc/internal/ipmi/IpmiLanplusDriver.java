package org.underlay.bmc.internal.ipmi;

import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.logging.Level;

import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDriver;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.InsecureOption;

/**
 * IPMI 2.0 over LAN (RMCP+, "lanplus"), protocol name {@value #PROTOCOL}. Options of {@link BmcEndpoint}:
 * <ul>
 * <li>{@code ipmi.cipherSuite}: 3 (default: RAKP-HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128), 17 (SHA-256 variant), 0
 * (no security; needs {@link InsecureOption#IPMI_CIPHER_0})</li>
 * <li>{@code ipmi.privilege}: ADMINISTRATOR (default), OPERATOR, USER</li>
 * <li>{@code ipmi.version}: 2.0 (default); 1.5 is refused (and not implemented)</li>
 * <li>{@code ipmi.retransmitMillis}: resend interval; default a quarter of the timeout, between 100 and 1000 ms</li>
 * <li>{@code ipmi.sessionReuseMillis}: a session idle longer than this is replaced before the next call (20000)</li>
 * <li>{@code ipmi.bootFlags}: {@code spec} (default): the boot override read back is what the boot flags say, none
 * unless their valid bit is set; {@code device-only}: for BMCs that keep only the boot device and report the flags
 * as invalid whatever was set (ipmi_sim): a device is read back as a one-time override</li>
 * </ul>
 */
public final class IpmiLanplusDriver implements BmcDriver {

	public static final String PROTOCOL = "ipmi";

	@Override
	public String protocol() {
		return PROTOCOL;
	}

	/**
	 * The cipher suites' known-answer test (which loads the JCA's HMAC and AES), the first {@link SecureRandom}, the
	 * session class with its logger and a datagram channel: what the first {@link #open} would otherwise pay for,
	 * about 0.1 s in a fresh JVM.
	 */
	@Override
	public void prepare() throws BmcException {
		try {
			IpmiCrypto.selfTest();
		} catch (IllegalStateException e) {
			throw new BmcException(Kind.UNSUPPORTED, e.getMessage() + "; IPMI lanplus cannot run in this JVM", e);
		}
		new SecureRandom().nextBytes(new byte[16]);
		LanplusSession.LOG.isLoggable(Level.FINE);
		try (DatagramChannel channel = DatagramChannel.open()) {
			channel.configureBlocking(false);
		} catch (IOException e) {
			// the first open() reports what is wrong with the machine's sockets, with the BMC's address
		}
	}

	@Override
	public BmcClient open(BmcEndpoint endpoint, Credentials credentials) throws BmcException {
		if (!PROTOCOL.equals(endpoint.protocol())) {
			throw new BmcException(Kind.UNSUPPORTED, endpoint.address() + ": not an IPMI endpoint");
		}
		String version = endpoint.option("ipmi.version", "2.0");
		if ("1.5".equals(version)) {
			if (!endpoint.allows(InsecureOption.IPMI_V1_5)) {
				throw new BmcException(Kind.INSECURE_REFUSED, endpoint.address() + ": IPMI 1.5 is insecure (no"
						+ " encryption, MD5 or clear-text passwords); the binding does not allow it");
			}
			throw new BmcException(Kind.UNSUPPORTED, endpoint.address()
					+ ": IPMI 1.5 sessions are not implemented by this driver; use IPMI 2.0 (lanplus)");
		} else if (!"2.0".equals(version)) {
			throw new BmcException(Kind.UNSUPPORTED, endpoint.address() + ": unknown IPMI version '" + version + "'");
		}
		CipherSuite suite = cipherSuite(endpoint);
		int privilege = Privilege.parse(endpoint.option("ipmi.privilege", "ADMINISTRATOR"));
		if (privilege < Privilege.USER) {
			throw new BmcException(Kind.UNSUPPORTED, endpoint.address() + ": ipmi.privilege must be ADMINISTRATOR,"
					+ " OPERATOR or USER");
		}
		String bootFlags = endpoint.option("ipmi.bootFlags", "spec");
		if (!bootFlags.equals("spec") && !bootFlags.equals("device-only")) {
			throw new BmcException(Kind.UNSUPPORTED, endpoint.address() + ": ipmi.bootFlags must be 'spec' or"
					+ " 'device-only'");
		}
		String user = credentials.user();
		byte[] userName = user.getBytes(StandardCharsets.ISO_8859_1);
		if (userName.length > 16 || !user.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
			throw new BmcException(Kind.AUTH_FAILED, endpoint.address() + ": IPMI user names are 1 to 16 printable"
					+ " ASCII characters");
		}
		byte[] kuid = kuid(endpoint, credentials);
		long timeoutMillis = endpoint.timeout().toMillis();
		long retransmit = longOption(endpoint, "ipmi.retransmitMillis",
				Math.max(100, Math.min(1000, timeoutMillis / 4)));
		long reuse = longOption(endpoint, "ipmi.sessionReuseMillis", 20_000);
		LanplusSession session = new LanplusSession(endpoint, suite, privilege, user, kuid, retransmit, reuse);
		IpmiLanplusClient client = new IpmiLanplusClient(endpoint, session, bootFlags.equals("device-only"));
		boolean ok = false;
		try {
			client.connect();
			ok = true;
			return client;
		} finally {
			if (!ok) {
				client.close();
			}
		}
	}

	private static CipherSuite cipherSuite(BmcEndpoint endpoint) throws BmcException {
		String text = endpoint.option("ipmi.cipherSuite", "3");
		int id;
		try {
			id = Integer.parseInt(text.trim());
		} catch (NumberFormatException e) {
			throw new BmcException(Kind.UNSUPPORTED, endpoint.address() + ": ipmi.cipherSuite '" + text
					+ "' is not a number");
		}
		if (id == 0 && !endpoint.allows(InsecureOption.IPMI_CIPHER_0)) {
			throw new BmcException(Kind.INSECURE_REFUSED, endpoint.address() + ": IPMI cipher suite 0 has no"
					+ " authentication (any password is accepted); the binding does not allow it. Use cipher suite 3"
					+ " or 17");
		}
		CipherSuite suite = CipherSuite.byId(id);
		if (suite == null) {
			throw new BmcException(Kind.UNSUPPORTED, endpoint.address() + ": IPMI cipher suite " + id
					+ " is not implemented; use 3 or 17");
		}
		return suite;
	}

	private static long longOption(BmcEndpoint endpoint, String key, long defaultValue) throws BmcException {
		String text = endpoint.option(key, null);
		if (text == null) {
			return defaultValue;
		}
		try {
			long value = Long.parseLong(text.trim());
			if (value <= 0) {
				throw new NumberFormatException();
			}
			return value;
		} catch (NumberFormatException e) {
			throw new BmcException(Kind.UNSUPPORTED, endpoint.address() + ": " + key + " must be a positive number");
		}
	}

	/** The password as the 20-byte zero-padded key Kuid. */
	private static byte[] kuid(BmcEndpoint endpoint, Credentials credentials) throws BmcException {
		char[] password = credentials.password();
		try {
			if (password.length > IpmiCrypto.KEY_LENGTH) {
				throw new BmcException(Kind.AUTH_FAILED, endpoint.address() + ": the password of user '"
						+ credentials.user() + "' is longer than the 20 bytes IPMI 2.0 allows");
			}
			byte[] key = new byte[IpmiCrypto.KEY_LENGTH];
			for (int i = 0; i < password.length; i++) {
				if (password[i] > 0xFF) {
					Arrays.fill(key, (byte) 0);
					throw new BmcException(Kind.AUTH_FAILED, endpoint.address() + ": the password of user '"
							+ credentials.user() + "' has characters IPMI cannot send (only 8-bit characters)");
				}
				key[i] = (byte) password[i];
			}
			return key;
		} finally {
			Arrays.fill(password, '\0');
		}
	}
}
