package org.underlay.bmc;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.underlay.bmc.internal.ipmi.IpmiLanplusDriver;
import org.underlay.bmc.redfish.RedfishDriver;

/**
 * The drivers by protocol name. The drivers of this bundle are built in; more can be {@link #register registered}
 * (for example by a DS component of another bundle). No ServiceLoader: the registry works the same in OSGi and
 * on a plain class path.
 */
public final class BmcDrivers {

    private static final Map<String, BmcDriver> DRIVERS = new ConcurrentHashMap<>();

    static {
        register(new IpmiLanplusDriver());
        register(new RedfishDriver());
    }

    private BmcDrivers() {
    }

    public static void register(BmcDriver driver) {
        DRIVERS.put(driver.protocol(), driver);
    }

    public static Set<String> protocols() {
        return new TreeSet<>(DRIVERS.keySet());
    }

    public static BmcDriver driver(String protocol) throws BmcException {
        BmcDriver driver = DRIVERS.get(protocol);
        if (driver == null) {
            throw new BmcException(BmcException.Kind.UNSUPPORTED,
                    "no BMC driver for protocol '" + protocol + "' (known: " + protocols() + ")");
        }
        return driver;
    }

    /** Opens a client with the driver of {@code endpoint.protocol()}. */
    public static BmcClient open(BmcEndpoint endpoint, Credentials credentials) throws BmcException {
        return driver(endpoint.protocol()).open(endpoint, credentials);
    }
}
