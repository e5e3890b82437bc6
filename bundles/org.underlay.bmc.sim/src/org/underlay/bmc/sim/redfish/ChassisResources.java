package org.underlay.bmc.sim.redfish;

import static org.underlay.bmc.sim.redfish.Payloads.ROOT;
import static org.underlay.bmc.sim.redfish.Payloads.allow;
import static org.underlay.bmc.sim.redfish.Payloads.chassisUri;
import static org.underlay.bmc.sim.redfish.Payloads.collection;
import static org.underlay.bmc.sim.redfish.Payloads.link;
import static org.underlay.bmc.sim.redfish.Payloads.links;
import static org.underlay.bmc.sim.redfish.Payloads.resource;
import static org.underlay.bmc.sim.redfish.Payloads.status;
import static org.underlay.bmc.sim.redfish.Payloads.systemUri;

import java.util.ArrayList;
import java.util.List;

import org.underlay.bmc.sim.redfish.Payloads.Reply;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/** The chassis of each system with its sensors (Thermal and Power), readings that follow the power state. */
final class ChassisResources {

	private final RedfishSimulator sim;
	private final SystemResources systems;

	ChassisResources(RedfishSimulator sim, SystemResources systems) {
		this.sim = sim;
		this.systems = systems;
	}

	Reply serve(String method, String[] seg, String path) throws RedfishError {
		allow(method, "GET");
		if (seg.length == 1) {
			return Reply.ok(collection("#ChassisCollection.ChassisCollection", ROOT + "/Chassis",
					"Chassis Collection", sim.systems.keySet().stream().map(Payloads::chassisUri).toList()));
		}
		SimulatedSystem s = systems.system(seg[1], path);
		String uri = chassisUri(s.spec.id());
		boolean on = s.powerState().equals("On");
		// index so that several systems do not all read the same values
		int k = new ArrayList<>(sim.systems.keySet()).indexOf(s.spec.id()) % 7;
		if (seg.length == 2) {
			JsonObject o = resource("#Chassis.v1_14_0.Chassis", s.spec.id(), uri, "Chassis " + s.spec.id());
			o.addProperty("ChassisType", "RackMount");
			o.addProperty("Manufacturer", s.spec.manufacturer());
			o.addProperty("Model", s.spec.model());
			o.addProperty("SerialNumber", s.spec.serialNumber());
			o.addProperty("PowerState", s.powerState());
			o.addProperty("IndicatorLED", s.indicatorLed());
			o.add("Status", status("Enabled"));
			o.add("Thermal", link(uri + "/Thermal"));
			o.add("Power", link(uri + "/Power"));
			JsonObject l = new JsonObject();
			l.add("ComputerSystems", links(List.of(systemUri(s.spec.id()))));
			l.add("ManagedBy", links(sim.managersOf(s.spec.id()).stream().map(Payloads::managerUri).toList()));
			o.add("Links", l);
			return Reply.ok(o);
		}
		if (seg.length == 3 && seg[2].equals("Thermal")) {
			JsonObject o = resource("#Thermal.v1_7_0.Thermal", "Thermal", uri + "/Thermal", "Thermal");
			JsonArray temps = new JsonArray();
			temps.add(temperature(uri, 0, "CPU1 Temp", "CPU", on ? 52 + k : 26 + k % 3));
			temps.add(temperature(uri, 1, "CPU2 Temp", "CPU", on ? 49 + k : 26 + k % 3));
			temps.add(temperature(uri, 2, "Inlet Temp", "Intake", 22 + k % 3));
			o.add("Temperatures", temps);
			JsonArray fans = new JsonArray();
			for (int i = 0; i < 4; i++) {
				JsonObject f = new JsonObject();
				f.addProperty("@odata.id", uri + "/Thermal#/Fans/" + i);
				f.addProperty("MemberId", Integer.toString(i));
				f.addProperty("Name", "Fan" + (i + 1));
				f.addProperty("PhysicalContext", "SystemBoard");
				f.addProperty("Reading", on ? 7200 + 120 * i + 60 * k : 0);
				f.addProperty("ReadingUnits", "RPM");
				f.addProperty("LowerThresholdCritical", 600);
				f.add("Status", status(on ? "Enabled" : "StandbyOffline"));
				fans.add(f);
			}
			o.add("Fans", fans);
			return Reply.ok(o);
		}
		if (seg.length == 3 && seg[2].equals("Power")) {
			JsonObject o = resource("#Power.v1_6_0.Power", "Power", uri + "/Power", "Power");
			int watts = on ? 210 + 5 * k : 9;
			JsonObject pc = new JsonObject();
			pc.addProperty("@odata.id", uri + "/Power#/PowerControl/0");
			pc.addProperty("MemberId", "0");
			pc.addProperty("Name", "System Power Control");
			pc.addProperty("PowerConsumedWatts", watts);
			pc.addProperty("PowerCapacityWatts", 800);
			JsonObject metrics = new JsonObject();
			metrics.addProperty("IntervalInMin", 1);
			metrics.addProperty("MinConsumedWatts", on ? watts - 12 : watts);
			metrics.addProperty("MaxConsumedWatts", on ? watts + 25 : watts);
			metrics.addProperty("AverageConsumedWatts", watts);
			pc.add("PowerMetrics", metrics);
			pc.add("Status", status("Enabled"));
			JsonArray control = new JsonArray();
			control.add(pc);
			o.add("PowerControl", control);
			JsonArray volts = new JsonArray();
			volts.add(voltage(uri, 0, "P12V", on ? 12.06 : 0.0, 12));
			volts.add(voltage(uri, 1, "P5V", on ? 5.02 : 0.0, 5));
			volts.add(voltage(uri, 2, "P3V3_STBY", 3.31, 3.3));
			o.add("Voltages", volts);
			JsonArray psus = new JsonArray();
			for (int i = 0; i < 2; i++) {
				JsonObject p = new JsonObject();
				p.addProperty("@odata.id", uri + "/Power#/PowerSupplies/" + i);
				p.addProperty("MemberId", Integer.toString(i));
				p.addProperty("Name", "PSU" + (i + 1));
				p.addProperty("PowerCapacityWatts", 800);
				p.addProperty("LastPowerOutputWatts", watts / 2);
				p.addProperty("LineInputVoltage", 230);
				p.add("Status", status("Enabled"));
				psus.add(p);
			}
			o.add("PowerSupplies", psus);
			return Reply.ok(o);
		}
		throw RedfishError.notFound(path);
	}

	private static JsonObject temperature(String uri, int i, String name, String context, int celsius) {
		JsonObject t = new JsonObject();
		t.addProperty("@odata.id", uri + "/Thermal#/Temperatures/" + i);
		t.addProperty("MemberId", Integer.toString(i));
		t.addProperty("Name", name);
		t.addProperty("SensorNumber", i + 1);
		t.addProperty("ReadingCelsius", celsius);
		t.addProperty("UpperThresholdNonCritical", context.equals("CPU") ? 85 : 40);
		t.addProperty("UpperThresholdCritical", context.equals("CPU") ? 95 : 45);
		t.addProperty("UpperThresholdFatal", context.equals("CPU") ? 100 : 50);
		t.addProperty("PhysicalContext", context);
		t.add("Status", status("Enabled"));
		return t;
	}

	private static JsonObject voltage(String uri, int i, String name, double volts, double nominal) {
		JsonObject v = new JsonObject();
		v.addProperty("@odata.id", uri + "/Power#/Voltages/" + i);
		v.addProperty("MemberId", Integer.toString(i));
		v.addProperty("Name", name);
		v.add("ReadingVolts", new JsonPrimitive(volts));
		v.addProperty("UpperThresholdCritical", Math.round(nominal * 110) / 100.0);
		v.addProperty("LowerThresholdCritical", Math.round(nominal * 90) / 100.0);
		v.addProperty("PhysicalContext", "VoltageRegulator");
		v.add("Status", status(volts == 0 ? "StandbyOffline" : "Enabled"));
		return v;
	}
}
