package org.underlay.bmc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Hardware inventory (IPMI FRU, Redfish ComputerSystem/Chassis). Fields the BMC does not report are empty strings.
 *
 * @param manufacturer  product manufacturer
 * @param model         product name / model
 * @param partNumber    product part (model) number
 * @param serialNumber  product (system) serial number
 * @param assetTag      asset tag
 * @param chassisSerial chassis serial number
 * @param boardSerial   mainboard serial number
 * @param details       every field read, keyed "Area Field" ("Board Manufacturer", "Chassis Part Number", ...)
 */
public record Inventory(String manufacturer, String model, String partNumber, String serialNumber, String assetTag,
		String chassisSerial, String boardSerial, Map<String, String> details) {

	public Inventory {
		manufacturer = Objects.requireNonNullElse(manufacturer, "");
		model = Objects.requireNonNullElse(model, "");
		partNumber = Objects.requireNonNullElse(partNumber, "");
		serialNumber = Objects.requireNonNullElse(serialNumber, "");
		assetTag = Objects.requireNonNullElse(assetTag, "");
		chassisSerial = Objects.requireNonNullElse(chassisSerial, "");
		boardSerial = Objects.requireNonNullElse(boardSerial, "");
		details = details == null ? Map.of()
				: Collections.unmodifiableMap(new LinkedHashMap<>(details));
	}
}
