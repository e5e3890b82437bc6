package org.underlay.bmc.redfish;

import static org.underlay.bmc.redfish.RedfishJson.array;
import static org.underlay.bmc.redfish.RedfishJson.lastSegment;
import static org.underlay.bmc.redfish.RedfishJson.link;
import static org.underlay.bmc.redfish.RedfishJson.links;
import static org.underlay.bmc.redfish.RedfishJson.members;
import static org.underlay.bmc.redfish.RedfishJson.object;
import static org.underlay.bmc.redfish.RedfishJson.objects;
import static org.underlay.bmc.redfish.RedfishJson.string;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

import org.underlay.bmc.BmcException;
import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.Inventory;
import org.underlay.bmc.Sensor;
import org.underlay.bmc.internal.Deadline;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** What the system and its chassis report: sensors (Thermal and Power resources) and the inventory. */
final class ChassisReadings {

	private final RedfishResources resources;
	private final JsonObject root;
	private final String systemPath;

	ChassisReadings(RedfishResources resources, JsonObject root, String systemPath) {
		this.resources = resources;
		this.root = root;
		this.systemPath = systemPath;
	}

	List<Sensor> sensors(Deadline dl) throws BmcException {
		List<String> chassis = chassisPaths(dl);
		List<Sensor> out = new ArrayList<>();
		boolean any = false;
		for (String c : chassis) {
			JsonObject ch = resources.get(c, dl, "read the chassis");
			String prefix = chassis.size() > 1 ? lastSegment(c) + " " : "";
			JsonObject t = linked(ch, "Thermal", dl, "read the thermal sensors");
			if (t != null) {
				any = true;
				for (JsonObject s : objects(array(t, "Temperatures"))) {
					out.add(sensor(prefix, s, Sensor.Type.TEMPERATURE, "ReadingCelsius", "degrees C"));
				}
				for (JsonObject s : objects(array(t, "Fans"))) {
					String units = string(s, "ReadingUnits");
					out.add(sensor(prefix, s, Sensor.Type.FAN, "Reading", "Percent".equals(units) ? "Percent"
							: "RPM"));
				}
			}
			JsonObject p = linked(ch, "Power", dl, "read the power sensors");
			if (p != null) {
				any = true;
				for (JsonObject s : objects(array(p, "PowerControl"))) {
					out.add(sensor(prefix, s, Sensor.Type.POWER, "PowerConsumedWatts", "Watts"));
				}
				for (JsonObject s : objects(array(p, "Voltages"))) {
					out.add(sensor(prefix, s, Sensor.Type.VOLTAGE, "ReadingVolts", "Volts"));
				}
				for (JsonObject s : objects(array(p, "PowerSupplies"))) {
					out.add(sensor(prefix, s, Sensor.Type.POWER, "LastPowerOutputWatts", "Watts"));
				}
			}
		}
		if (!any) {
			throw new BmcException(Kind.UNSUPPORTED, resources.address() + ": the BMC's chassis have no Thermal or "
					+ "Power resources");
		}
		return List.copyOf(out);
	}

	/** The resource {@code o} links to as {@code name}, or null when there is no such link. */
	private JsonObject linked(JsonObject o, String name, Deadline dl, String what) throws BmcException {
		String path = link(o, name);
		return path == null ? null : resources.get(path, dl, what);
	}

	private static Sensor sensor(String prefix, JsonObject s, Sensor.Type type, String readingField, String unit) {
		String name = string(s, "Name");
		if (name == null) {
			name = type.name().toLowerCase(Locale.ROOT) + " " + string(s, "MemberId");
		}
		JsonElement v = s.get(readingField);
		OptionalDouble value = v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()
				? OptionalDouble.of(v.getAsDouble()) : OptionalDouble.empty();
		JsonObject status = object(s, "Status");
		String state = status == null ? null : string(status, "State");
		String health = status == null ? null : string(status, "Health");
		Sensor.Status st;
		if (value.isEmpty() || "Absent".equals(state) || "Disabled".equals(state)
				|| "UnavailableOffline".equals(state)) {
			st = Sensor.Status.UNAVAILABLE;
		} else if ("Critical".equals(health)) {
			st = Sensor.Status.CRITICAL;
		} else if ("Warning".equals(health)) {
			st = Sensor.Status.WARNING;
		} else {
			st = Sensor.Status.OK;
		}
		return new Sensor(prefix + name, type, value, unit, st, "");
	}

	/** The system's chassis (its Links.Chassis), or every chassis of the service when it names none. */
	List<String> chassisPaths(Deadline dl) throws BmcException {
		JsonObject system = resources.get(systemPath, dl, "read the computer system");
		List<String> paths = new ArrayList<>(links(array(object(system, "Links"), "Chassis")));
		if (paths.isEmpty() && root.has("Chassis")) {
			paths.addAll(members(resources.get(link(root, "Chassis"), dl, "list the chassis"),
					resources.address()));
		}
		return paths;
	}

	Inventory inventory(Deadline dl) throws BmcException {
		JsonObject s = resources.get(systemPath, dl, "read the computer system");
		Map<String, String> details = new LinkedHashMap<>();
		for (String f : List.of("Manufacturer", "Model", "SKU", "PartNumber", "SerialNumber", "AssetTag", "UUID",
				"HostName", "BiosVersion")) {
			String v = string(s, f);
			if (v != null && !v.isEmpty()) {
				details.put("System " + f, v);
			}
		}
		String chassisSerial = "";
		List<String> chassis = chassisPaths(dl);
		if (!chassis.isEmpty()) {
			JsonObject c = resources.get(chassis.get(0), dl, "read the chassis");
			for (String f : List.of("Manufacturer", "Model", "PartNumber", "SerialNumber", "AssetTag")) {
				String v = string(c, f);
				if (v != null && !v.isEmpty()) {
					details.put("Chassis " + f, v);
				}
			}
			chassisSerial = string(c, "SerialNumber");
		}
		return new Inventory(string(s, "Manufacturer"), string(s, "Model"), string(s, "PartNumber"),
				string(s, "SerialNumber"), string(s, "AssetTag"), chassisSerial, "", details);
	}
}
