package org.underlay.bmc;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

	private static CompletableFuture<Void> prepared;

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

	/**
	 * Starts {@link BmcDriver#prepare()} of every driver on a daemon thread, once per JVM: what drives BMCs calls
	 * this as it starts (the command line before it loads the design, the Deploy view as it opens), so that the
	 * first sweep finds the crypto loaded and checked. Never blocks; {@link #open} does not wait for it.
	 *
	 * @return completes when every driver is prepared, or exceptionally with the first driver's failure
	 */
	public static synchronized CompletableFuture<Void> prepareInBackground() {
		if (prepared == null) {
			CompletableFuture<Void> f = new CompletableFuture<>();
			Thread t = new Thread(() -> {
				try {
					for (String protocol : protocols()) {
						DRIVERS.get(protocol).prepare();
					}
					f.complete(null);
				} catch (BmcException | RuntimeException e) {
					f.completeExceptionally(e);
				}
			}, "underlay-bmc-prepare");
			t.setDaemon(true);
			t.start();
			prepared = f;
		}
		return prepared;
	}

	/** Opens a client with the driver of {@code endpoint.protocol()}. */
	public static BmcClient open(BmcEndpoint endpoint, Credentials credentials) throws BmcException {
		return driver(endpoint.protocol()).open(endpoint, credentials);
	}
}
