package org.underlay.bmc;

/** One BMC protocol. Implementations are stateless and thread-safe; each {@link #open} returns a new client. */
public interface BmcDriver {

	/** The protocol name endpoints use to select this driver ("ipmi", "redfish"). */
	String protocol();

	/**
	 * Connects and authenticates within {@code endpoint.timeout()}. Fails with {@code INSECURE_REFUSED} before
	 * any traffic when the endpoint asks for an insecure setting it does not allow.
	 */
	BmcClient open(BmcEndpoint endpoint, Credentials credentials) throws BmcException;

	/**
	 * Gets ready for the first {@link #open}: loads and checks what every connection needs (crypto providers and
	 * their self-test, TLS defaults), so that the first sweep over many machines does not pay for it. Touches no
	 * network. Safe to call from any thread and more than once; {@link BmcDrivers#prepareInBackground()} calls it
	 * off the caller's thread.
	 *
	 * @throws BmcException (UNSUPPORTED) if this JVM cannot run the protocol, with the reason
	 */
	default void prepare() throws BmcException {
	}
}
