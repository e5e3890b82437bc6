package org.underlay.bmc;

import java.time.Duration;
import java.util.List;

/**
 * An open connection (session) to one BMC. Every method finishes within the endpoint's timeout, honours thread
 * interruption (kind {@link BmcException.Kind#CANCELLED}) and throws a typed {@link BmcException}; see the package
 * documentation. Calls on one client are serialized; use one client per BMC and thread for parallelism.
 */
public interface BmcClient extends AutoCloseable {

    BmcEndpoint endpoint();

    PowerState powerState() throws BmcException;

    void power(PowerAction action) throws BmcException;

    /** The current boot override; device {@link BootDevice#NONE} if there is none. */
    BootOverride bootOverride() throws BmcException;

    void setBootOverride(BootOverride override) throws BmcException;

    List<Sensor> sensors() throws BmcException;

    Inventory inventory() throws BmcException;

    /**
     * Switches the identify LED: on for {@code duration} (the BMC may round; {@code null} = on until switched off),
     * or off with {@link Duration#ZERO}.
     */
    void identify(Duration duration) throws BmcException;

    Capabilities capabilities() throws BmcException;

    /** Ends the session (best effort, bounded by a short timeout) and releases the socket. Idempotent. */
    @Override
    void close();
}
