package org.underlay.ssh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The host key a binding pins ({@code host-key "..."} in a design), in one of two forms:
 * <ul>
 * <li>an OpenSSH fingerprint, {@code SHA256:} and 43 characters of base64 without padding, as {@code ssh-keygen -lf}
 * and {@code ssh} print it: any key type whose SHA-256 matches;</li>
 * <li>public key text, {@code ssh-ed25519 AAAA...} (a {@code .pub} line or a known_hosts entry's last two fields; a
 * comment after them is ignored): exactly that key, and the client asks the host for that key type first.</li>
 * </ul>
 * A host with several host keys presents one, chosen by algorithm negotiation (normally ed25519): pin that one, or
 * give the public key text so that its type is asked for.
 *
 * <p>A pin is explicit trust: a host presenting the pinned key is connected even if known_hosts does not hold it
 * yet (the key is then recorded there), and one presenting any other key is refused before any credential is
 * sent ({@link HostKeyMismatchException}).
 *
 * @param fingerprint {@code SHA256:<base64>} of the pinned key
 * @param keyType     the key's algorithm name when pinned as public key text, else {@code null}
 */
public record HostKeyPin(String fingerprint, String keyType) {

	private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");
	private static final Pattern KEY_TYPE = Pattern.compile("[a-z0-9][a-z0-9@.-]*");

	public HostKeyPin {
		Objects.requireNonNull(fingerprint, "fingerprint");
		if (!FINGERPRINT.matcher(fingerprint).matches()) {
			throw new IllegalArgumentException("not an OpenSSH SHA256 fingerprint: '" + fingerprint + "'");
		}
	}

	/**
	 * Reads a pin as a design writes it.
	 *
	 * @throws IllegalArgumentException with a message for the operator if it is neither form
	 */
	public static HostKeyPin parse(String text) {
		String s = Objects.requireNonNull(text, "text").strip();
		if (s.regionMatches(true, 0, "SHA256:", 0, 7)) {
			String b64 = s.substring(7);
			if (b64.endsWith("=")) {
				b64 = b64.replaceAll("=+$", "");
			}
			if (!FINGERPRINT.matcher("SHA256:" + b64).matches()) {
				throw new IllegalArgumentException("host-key '" + s + "' is not an OpenSSH fingerprint: expected"
						+ " SHA256: and 43 base64 characters, as 'ssh-keygen -lf <host key>.pub' prints it");
			}
			return new HostKeyPin("SHA256:" + b64, null);
		}
		String[] fields = s.split("\\s+");
		if (fields.length >= 2 && KEY_TYPE.matcher(fields[0]).matches()) {
			byte[] blob;
			try {
				blob = Base64.getDecoder().decode(fields[1]);
			} catch (IllegalArgumentException e) {
				blob = null;
			}
			if (blob != null && fields[0].equals(keyType(blob))) {
				return new HostKeyPin(fingerprint(blob), fields[0]);
			}
			throw new IllegalArgumentException("host-key '" + abbreviate(s) + "' is not a valid " + fields[0]
					+ " public key (the base64 does not decode to a key of that type)");
		}
		throw new IllegalArgumentException("host-key '" + abbreviate(s) + "' is neither an OpenSSH fingerprint"
				+ " (SHA256:...) nor public key text (ssh-ed25519 AAAA...)");
	}

	/** Whether a presented key (its SSH wire-format blob) is the pinned one. */
	public boolean matches(byte[] publicKeyBlob) {
		return MessageDigest.isEqual(fingerprint.getBytes(StandardCharsets.US_ASCII),
				fingerprint(publicKeyBlob).getBytes(StandardCharsets.US_ASCII))
				&& (keyType == null || keyType.equals(keyType(publicKeyBlob)));
	}

	/** As an operator reads it: the fingerprint, and the type when pinned as public key text. */
	@Override
	public String toString() {
		return keyType == null ? fingerprint : keyType + " " + fingerprint;
	}

	/** OpenSSH fingerprint of a public key blob: {@code SHA256:} and the unpadded base64 of its SHA-256. */
	public static String fingerprint(byte[] publicKeyBlob) {
		try {
			byte[] d = MessageDigest.getInstance("SHA-256").digest(publicKeyBlob);
			return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The algorithm name at the start of an SSH public key blob, or "unknown". */
	public static String keyType(byte[] blob) {
		if (blob.length < 4) {
			return "unknown";
		}
		int n = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
		if (n <= 0 || n > blob.length - 4) {
			return "unknown";
		}
		return new String(blob, 4, n, StandardCharsets.US_ASCII);
	}

	private static String abbreviate(String s) {
		return s.length() <= 60 ? s : s.substring(0, 57) + "...";
	}
}
