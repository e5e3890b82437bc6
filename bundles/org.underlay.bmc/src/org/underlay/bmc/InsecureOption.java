package org.underlay.bmc;

/**
 * Insecure settings a binding has to allow explicitly; without them a driver refuses with
 * {@link BmcException.Kind#INSECURE_REFUSED} before sending anything.
 */
public enum InsecureOption {
	/** IPMI cipher suite 0: no authentication, integrity or confidentiality (any password is accepted). */
	IPMI_CIPHER_0,
	/** IPMI 1.5 sessions (MD5 / straight password authentication, no confidentiality). */
	IPMI_V1_5,
	/** Redfish over TLS without certificate verification (binding: {@code insecure-tls}). */
	TLS_UNVERIFIED,
	/** Redfish over plain HTTP: the password and session token travel in clear (binding: {@code insecure-http}). */
	PLAIN_HTTP
}
