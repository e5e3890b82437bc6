package org.underlay.bmc.sim.redfish;

import static org.underlay.bmc.sim.redfish.Payloads.ROOT;
import static org.underlay.bmc.sim.redfish.Payloads.allow;
import static org.underlay.bmc.sim.redfish.Payloads.chassisUri;
import static org.underlay.bmc.sim.redfish.Payloads.collection;
import static org.underlay.bmc.sim.redfish.Payloads.links;
import static org.underlay.bmc.sim.redfish.Payloads.resource;
import static org.underlay.bmc.sim.redfish.Payloads.status;
import static org.underlay.bmc.sim.redfish.Payloads.strings;
import static org.underlay.bmc.sim.redfish.Payloads.systemUri;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.underlay.bmc.sim.redfish.Payloads.Caller;
import org.underlay.bmc.sim.redfish.Payloads.Reply;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** The computer systems: reading them, PATCH of boot override, LED and asset tag, and ComputerSystem.Reset. */
final class SystemResources {

	private static final List<String> READ_ONLY_SYSTEM_PROPERTIES = List.of("Id", "Name", "SystemType",
			"Manufacturer", "Model", "SerialNumber", "UUID", "HostName", "PowerState", "Status", "ProcessorSummary",
			"MemorySummary", "Actions", "Links", "LastResetTime", "@odata.id", "@odata.type", "@odata.etag");

	private final RedfishSimulator sim;

	SystemResources(RedfishSimulator sim) {
		this.sim = sim;
	}

	SimulatedSystem system(String id, String path) throws RedfishError {
		SimulatedSystem s = sim.systems.get(id);
		if (s == null) {
			throw RedfishError.notFound(path);
		}
		return s;
	}

	/** Under /redfish/v1/Systems; {@code ifMatch} is the request's If-Match header (or null). */
	Reply serve(String method, String[] seg, Caller caller, JsonObject body, String ifMatch, String path)
			throws RedfishError {
		if (seg.length == 1) {
			allow(method, "GET");
			return Reply.ok(collection("#ComputerSystemCollection.ComputerSystemCollection", ROOT + "/Systems",
					"Computer System Collection", sim.systems.keySet().stream().map(Payloads::systemUri).toList()));
		}
		SimulatedSystem s = system(seg[1], path);
		if (seg.length == 2) {
			allow(method, "GET", "PATCH");
			if (method.equals("PATCH")) {
				caller.requireRole(SimulatorConfig.Role.Administrator, SimulatorConfig.Role.Operator);
				patch(s, body, ifMatch);
			}
			return new Reply(200, computerSystem(s), sim.config.etags() ? Map.of("ETag", s.etag()) : Map.of());
		}
		if (seg.length == 4 && seg[2].equals("Actions") && seg[3].equals("ComputerSystem.Reset")) {
			allow(method, "POST");
			return reset(s, caller, body);
		}
		throw RedfishError.notFound(path);
	}

	private JsonObject computerSystem(SimulatedSystem s) {
		String id = s.spec.id();
		String uri = systemUri(id);
		JsonObject o = resource("#ComputerSystem.v1_13_0.ComputerSystem", id, uri, "Computer System " + id);
		if (sim.config.etags()) {
			o.addProperty("@odata.etag", s.etag());
		}
		o.addProperty("SystemType", "Physical");
		o.addProperty("Manufacturer", s.spec.manufacturer());
		o.addProperty("Model", s.spec.model());
		o.addProperty("SerialNumber", s.spec.serialNumber());
		o.addProperty("AssetTag", s.assetTag());
		o.addProperty("UUID", UUID.nameUUIDFromBytes(("underlay-sim/" + id + "/" + s.spec.serialNumber())
				.getBytes(StandardCharsets.UTF_8)).toString());
		o.addProperty("HostName", "host-" + id);
		String power = s.powerState();
		o.addProperty("PowerState", power);
		o.addProperty("LastResetTime", s.lastResetTime());
		o.addProperty("IndicatorLED", s.indicatorLed());
		o.addProperty("LocationIndicatorActive", !s.indicatorLed().equals("Off"));
		o.add("Status", status(power.equals("Off") ? "StandbyOffline" : "Enabled"));
		JsonObject boot = new JsonObject();
		boot.addProperty("BootSourceOverrideEnabled", s.bootEnabled());
		boot.addProperty("BootSourceOverrideTarget", s.bootTarget());
		boot.add("BootSourceOverrideTarget@Redfish.AllowableValues", strings(SimulatorConfig.BOOT_TARGETS));
		boot.addProperty("BootSourceOverrideMode", s.bootMode());
		boot.add("BootSourceOverrideMode@Redfish.AllowableValues", strings(List.of("UEFI", "Legacy")));
		o.add("Boot", boot);
		JsonObject cpu = new JsonObject();
		cpu.addProperty("Count", 2);
		cpu.addProperty("Model", "Simulated CPU");
		cpu.add("Status", status("Enabled"));
		o.add("ProcessorSummary", cpu);
		JsonObject mem = new JsonObject();
		mem.addProperty("TotalSystemMemoryGiB", 256);
		mem.add("Status", status("Enabled"));
		o.add("MemorySummary", mem);
		JsonObject reset = new JsonObject();
		reset.addProperty("target", uri + "/Actions/ComputerSystem.Reset");
		reset.add("ResetType@Redfish.AllowableValues", strings(sim.config.resetTypes()));
		JsonObject actions = new JsonObject();
		actions.add("#ComputerSystem.Reset", reset);
		o.add("Actions", actions);
		JsonObject l = new JsonObject();
		l.add("Chassis", links(List.of(chassisUri(id))));
		l.add("ManagedBy", links(sim.managersOf(id).stream().map(Payloads::managerUri).toList()));
		o.add("Links", l);
		return o;
	}

	private void patch(SimulatedSystem s, JsonObject body, String ifMatch) throws RedfishError {
		if (!sim.config.etags()) {
			// a service without ETags has nothing to compare If-Match with and ignores it
		} else if (ifMatch == null) {
			if (sim.config.bootPatchRequiresIfMatch()) {
				throw new RedfishError(428, "PreconditionRequired", "A precondition header or annotation is "
						+ "required to change the resource at " + systemUri(s.spec.id()) + ".");
			}
		} else if (!etagMatches(ifMatch, s.etag())) {
			throw new RedfishError(412, "PreconditionFailed",
					"The ETag supplied did not match the ETag required to change this resource.");
		}
		// validate everything first: a PATCH applies completely or not at all
		Map<String, String> boot = new HashMap<>();
		String led = null;
		String assetTag = null;
		for (Map.Entry<String, JsonElement> e : body.entrySet()) {
			switch (e.getKey()) {
				case "Boot" -> {
					if (!e.getValue().isJsonObject()) {
						throw RedfishError.typeError("Boot", e.getValue());
					}
					for (Map.Entry<String, JsonElement> b : e.getValue().getAsJsonObject().entrySet()) {
						List<String> allowed = switch (b.getKey()) {
							case "BootSourceOverrideTarget" -> SimulatorConfig.BOOT_TARGETS;
							case "BootSourceOverrideEnabled" -> List.of("Once", "Continuous", "Disabled");
							case "BootSourceOverrideMode" -> List.of("UEFI", "Legacy");
							default -> throw RedfishError.unknownProperty("Boot/" + b.getKey());
						};
						boot.put(b.getKey(), oneOf(b, allowed));
					}
				}
				case "IndicatorLED" -> led = oneOf(e, List.of("Lit", "Blinking", "Off"));
				case "LocationIndicatorActive" -> {
					if (!(e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isBoolean())) {
						throw RedfishError.typeError(e.getKey(), e.getValue());
					}
					led = e.getValue().getAsBoolean() ? "Lit" : "Off";
				}
				case "AssetTag" -> {
					if (!(e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isString())) {
						throw RedfishError.typeError(e.getKey(), e.getValue());
					}
					assetTag = e.getValue().getAsString();
				}
				default -> {
					if (READ_ONLY_SYSTEM_PROPERTIES.contains(e.getKey())) {
						throw new RedfishError(400, "PropertyNotWritable", "The property " + e.getKey()
								+ " is a read only property and cannot be assigned a value.", e.getKey());
					}
					throw RedfishError.unknownProperty(e.getKey());
				}
			}
		}
		if (!boot.isEmpty()) {
			String enabled = boot.get("BootSourceOverrideEnabled");
			if ("Once".equals(enabled) && sim.config.bootOnceStoredAsContinuous()) {
				enabled = "Continuous";
			}
			s.setBoot(boot.get("BootSourceOverrideTarget"), enabled, boot.get("BootSourceOverrideMode"));
		}
		if (led != null) {
			s.setIndicatorLed(led);
		}
		if (assetTag != null) {
			s.setAssetTag(assetTag);
		}
	}

	/** Weak comparison (RFC 7232): W/ prefixes are ignored; "*" matches any. */
	static boolean etagMatches(String ifMatch, String current) {
		String cur = stripWeak(current);
		for (String candidate : ifMatch.split(",")) {
			String c = candidate.trim();
			if (c.equals("*") || stripWeak(c).equals(cur)) {
				return true;
			}
		}
		return false;
	}

	private static String stripWeak(String tag) {
		return tag.startsWith("W/") ? tag.substring(2) : tag;
	}

	private static String oneOf(Map.Entry<String, JsonElement> e, List<String> allowed) throws RedfishError {
		JsonElement v = e.getValue();
		if (!(v.isJsonPrimitive() && v.getAsJsonPrimitive().isString())) {
			throw RedfishError.typeError(e.getKey(), v);
		}
		if (!allowed.contains(v.getAsString())) {
			throw new RedfishError(400, "PropertyValueNotInList", "The value " + v.getAsString()
					+ " for the property " + e.getKey() + " is not in the list of acceptable values.",
					v.getAsString(), e.getKey());
		}
		return v.getAsString();
	}

	private Reply reset(SimulatedSystem s, Caller caller, JsonObject body) throws RedfishError {
		String action = "ComputerSystem.Reset";
		int status = 204;
		String type = null;
		JsonElement t = body.get("ResetType");
		if (t != null) {
			type = t.isJsonPrimitive() ? t.getAsString() : t.toString();
		}
		try {
			caller.requireRole(SimulatorConfig.Role.Administrator, SimulatorConfig.Role.Operator);
			if (t == null) {
				throw new RedfishError(400, "ActionParameterMissing", "The action " + action
						+ " requires the parameter ResetType to be present in the request body.", action,
						"ResetType");
			}
			for (String k : body.keySet()) {
				if (!k.equals("ResetType")) {
					throw new RedfishError(400, "ActionParameterNotSupported", "The parameter " + k
							+ " for the action " + action + " is not supported on the target resource.", k, action);
				}
			}
			if (!(t.isJsonPrimitive() && t.getAsJsonPrimitive().isString())
					|| !sim.config.resetTypes().contains(type)) {
				throw new RedfishError(400, "ActionParameterValueNotInList", "The value " + type
						+ " for the parameter ResetType in the action " + action
						+ " is not in the list of acceptable values.", type, "ResetType", action);
			}
			if (!sim.config.resetsIgnored()) {
				s.reset(type);
			}
			return Reply.noContent();
		} catch (RedfishError e) {
			status = e.status;
			throw e;
		} finally {
			sim.resets.add(new RedfishSimulator.ResetRequest(Instant.now(), s.spec.id(), type,
					caller.user().name(), status));
		}
	}
}
