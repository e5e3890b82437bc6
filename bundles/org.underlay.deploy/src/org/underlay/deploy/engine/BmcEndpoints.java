package org.underlay.deploy.engine;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.InsecureOption;
import org.underlay.core.plan.Plan;

/** The one translation of a binding's BMC endpoint (its options as the planner wrote them) into a driver endpoint. */
public final class BmcEndpoints {

	private BmcEndpoints() {
	}

	/**
	 * The driver endpoint of a plan's BMC endpoint: the binding's cipher suite, pinned certificate and the insecure
	 * settings it explicitly allows, plus {@code bmcOptions} (such as the lab's {@code redfish.tls.caFile}). The
	 * engine and the workbench's power poll reach a BMC the same way.
	 */
	public static BmcEndpoint of(Plan.Endpoint e, Map<String, String> bmcOptions, Duration timeout) {
		Set<InsecureOption> allowed = EnumSet.noneOf(InsecureOption.class);
		if ("true".equals(e.options().get("allow-legacy-ipmi"))) {
			allowed.add(InsecureOption.IPMI_V1_5);
		}
		if ("true".equals(e.options().get("insecure-tls"))) {
			allowed.add(InsecureOption.TLS_UNVERIFIED);
		}
		Map<String, String> options = new LinkedHashMap<>(bmcOptions);
		if (e.options().containsKey("cipher")) {
			options.put("ipmi.cipherSuite", e.options().get("cipher"));
			if ("0".equals(e.options().get("cipher"))) {
				allowed.add(InsecureOption.IPMI_CIPHER_0);
			}
		}
		if (e.options().containsKey("tls-fingerprint")) {
			options.put("redfish.tls.pinnedSha256", e.options().get("tls-fingerprint"));
		}
		return new BmcEndpoint(e.protocol(), e.host(), e.port(), timeout, allowed, options);
	}

}
