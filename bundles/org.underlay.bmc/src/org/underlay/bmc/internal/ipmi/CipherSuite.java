package org.underlay.bmc.internal.ipmi;

/**
 * The IPMI 2.0 cipher suites this driver implements (IPMI 2.0 spec, table 22-20). Suite 17 is suite 3 with
 * SHA-256 in place of SHA-1.
 */
public enum CipherSuite {
	/** RAKP-none, no integrity, no confidentiality. Insecure: only with an explicit allowance. */
	SUITE_0(0, 0x00, 0x00, 0x00, null, 0, 0),
	/** RAKP-HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128. */
	SUITE_3(3, 0x01, 0x01, 0x01, "HmacSHA1", 20, 12),
	/** RAKP-HMAC-SHA256, HMAC-SHA256-128, AES-CBC-128. */
	SUITE_17(17, 0x03, 0x04, 0x01, "HmacSHA256", 32, 16);

	final int id;
	final int authAlgorithm;
	final int integrityAlgorithm;
	final int confidentialityAlgorithm;
	/** JCA name of the HMAC used for RAKP, the SIK, K1/K2 and (truncated) integrity. */
	final String hmac;
	/** Full HMAC length: RAKP 2/3 key exchange auth codes, SIK, K1, K2. */
	final int hmacLength;
	/** Truncated length of the RAKP 4 integrity check value and of each message's AuthCode. */
	final int icvLength;

	CipherSuite(int id, int auth, int integrity, int confidentiality, String hmac, int hmacLength, int icvLength) {
		this.id = id;
		this.authAlgorithm = auth;
		this.integrityAlgorithm = integrity;
		this.confidentialityAlgorithm = confidentiality;
		this.hmac = hmac;
		this.hmacLength = hmacLength;
		this.icvLength = icvLength;
	}

	public int id() {
		return id;
	}

	public boolean authenticated() {
		return authAlgorithm != 0;
	}

	public boolean integrity() {
		return integrityAlgorithm != 0;
	}

	public boolean encrypted() {
		return confidentialityAlgorithm != 0;
	}

	/** @return the suite, or {@code null} if this driver does not implement it */
	public static CipherSuite byId(int id) {
		for (CipherSuite suite : values()) {
			if (suite.id == id) {
				return suite;
			}
		}
		return null;
	}
}
