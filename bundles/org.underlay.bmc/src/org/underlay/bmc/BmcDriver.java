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
}
