package org.underlay.deploy.engine;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.InsecureOption;
import org.underlay.bmc.redfish.RedfishDriver;
import org.underlay.operations.plan.Plan;

/** The one translation of a binding's BMC endpoint (its options as the planner wrote them) into a driver endpoint. */
public final class BmcEndpoints {

	/** The binding's options that decide how a BMC's certificate is trusted. */
	private static final List<String> TRUST = List.of(Plan.Endpoint.TLS_CA, Plan.Endpoint.TLS_FINGERPRINT,
			Plan.Endpoint.INSECURE_TLS);

	private BmcEndpoints() {
	}

	/**
	 * The driver endpoint of a plan's BMC endpoint: the binding's cipher suite, system and manager, how it trusts the
	 * BMC's certificate, and the insecure settings it explicitly allows, over {@code bmcOptions} (such as the lab's
	 * {@code redfish.tls.caFile}): the binding's own option wins, and a binding that says how to trust the
	 * certificate replaces every trust option of the caller. The engine and the workbench's power poll reach a BMC
	 * the same way.
	 */
	public static BmcEndpoint of(Plan.Endpoint e, Map<String, String> bmcOptions, Duration timeout) {
		Map<String, String> binding = e.options();
		Set<InsecureOption> allowed = EnumSet.noneOf(InsecureOption.class);
		Map<String, String> options = new LinkedHashMap<>(bmcOptions);
		if (TRUST.stream().anyMatch(binding::containsKey)) {
			options.keySet().removeAll(List.of(RedfishDriver.CA_FILE, RedfishDriver.PINNED_SHA256, RedfishDriver.VERIFY));
		}
		if (binding.containsKey(Plan.Endpoint.CIPHER)) {
			options.put("ipmi.cipherSuite", binding.get(Plan.Endpoint.CIPHER));
			if ("0".equals(binding.get(Plan.Endpoint.CIPHER)) && e.flag(Plan.Endpoint.ALLOW_INSECURE)) {
				allowed.add(InsecureOption.IPMI_CIPHER_0);
			}
		}
		if (e.flag(Plan.Endpoint.ALLOW_LEGACY_IPMI)) {
			allowed.add(InsecureOption.IPMI_V1_5);
		}
		copy(binding, Plan.Endpoint.SYSTEM, options, RedfishDriver.SYSTEM);
		copy(binding, Plan.Endpoint.MANAGER, options, RedfishDriver.MANAGER);
		copy(binding, Plan.Endpoint.TLS_CA, options, RedfishDriver.CA_FILE);
		copy(binding, Plan.Endpoint.TLS_FINGERPRINT, options, RedfishDriver.PINNED_SHA256);
		if (e.flag(Plan.Endpoint.INSECURE_TLS)) {
			options.put(RedfishDriver.VERIFY, "false");
			allowed.add(InsecureOption.TLS_UNVERIFIED);
		}
		if (e.flag(Plan.Endpoint.INSECURE_HTTP)) {
			options.put(RedfishDriver.SCHEME, "http");
			allowed.add(InsecureOption.PLAIN_HTTP);
		}
		return new BmcEndpoint(e.protocol(), e.host(), e.port(), timeout, allowed, options);
	}

	private static void copy(Map<String, String> binding, String key, Map<String, String> options, String driverKey) {
		if (binding.containsKey(key)) {
			options.put(driverKey, binding.get(key));
		}
	}
}
