package org.underlay.bmc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a BMC supports, as discovered from the BMC itself.
 *
 * @param protocol     driver protocol ("ipmi")
 * @param powerActions supported power operations
 * @param bootDevices  supported boot override targets
 * @param bootModes    supported boot modes
 * @param sensors      whether sensors can be read
 * @param inventory    whether FRU / inventory data can be read
 * @param identify     whether the identify LED can be switched
 * @param details      protocol facts for operators ("firmware" → "9.08", "ipmiVersion" → "2.0",
 *                     "manufacturerId" → "4753", "cipherSuite" → "3", "privilege" → "ADMINISTRATOR", ...)
 */
public record Capabilities(String protocol, Set<PowerAction> powerActions, Set<BootDevice> bootDevices,
		Set<BootMode> bootModes, boolean sensors, boolean inventory, boolean identify, Map<String, String> details) {

	public Capabilities {
		powerActions = Set.copyOf(powerActions);
		bootDevices = Set.copyOf(bootDevices);
		bootModes = Set.copyOf(bootModes);
		details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
	}
}
