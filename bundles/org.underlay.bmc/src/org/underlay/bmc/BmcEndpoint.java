package org.underlay.bmc;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where and how to reach one BMC. Protocol-specific settings are string options with a protocol prefix, for
 * example {@code ipmi.cipherSuite=17}, {@code ipmi.privilege=OPERATOR}, {@code ipmi.retransmitMillis=500}; a
 * driver ignores options of other protocols.
 *
 * @param protocol driver name, see {@link BmcDrivers}
 * @param host     host name or address
 * @param port     port (623 for IPMI, 443 for Redfish)
 * @param timeout  upper bound for every single call on the client (including session setup)
 * @param allowed  insecure settings this binding explicitly allows
 * @param options  protocol options
 */
public record BmcEndpoint(String protocol, String host, int port, Duration timeout, Set<InsecureOption> allowed,
		Map<String, String> options) {

	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	public BmcEndpoint {
		Objects.requireNonNull(protocol, "protocol");
		Objects.requireNonNull(host, "host");
		if (port <= 0 || port > 65535) {
			throw new IllegalArgumentException("port out of range: " + port);
		}
		timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive: " + timeout);
		}
		allowed = allowed == null || allowed.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(allowed));
		options = options == null ? Map.of() : Map.copyOf(options);
	}

	/** An IPMI lanplus endpoint with defaults (cipher suite 3, administrator privilege, 10 s timeout). */
	public static BmcEndpoint ipmi(String host, int port) {
		return new BmcEndpoint("ipmi", host, port, DEFAULT_TIMEOUT, Set.of(), Map.of());
	}

	public BmcEndpoint withTimeout(Duration newTimeout) {
		return new BmcEndpoint(protocol, host, port, newTimeout, allowed, options);
	}

	public BmcEndpoint withOption(String key, String value) {
		var copy = new HashMap<>(options);
		copy.put(key, value);
		return new BmcEndpoint(protocol, host, port, timeout, allowed, copy);
	}

	public BmcEndpoint allowing(InsecureOption option) {
		var copy = EnumSet.noneOf(InsecureOption.class);
		copy.addAll(allowed);
		copy.add(option);
		return new BmcEndpoint(protocol, host, port, timeout, copy, options);
	}

	public String option(String key, String defaultValue) {
		return options.getOrDefault(key, defaultValue);
	}

	public boolean allows(InsecureOption option) {
		return allowed.contains(option);
	}

	/** "protocol://host:port", for messages. */
	public String address() {
		return protocol + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
	}
}
