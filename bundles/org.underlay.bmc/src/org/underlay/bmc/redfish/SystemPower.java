package org.underlay.bmc.redfish;

import static org.underlay.bmc.redfish.RedfishJson.array;
import static org.underlay.bmc.redfish.RedfishJson.object;
import static org.underlay.bmc.redfish.RedfishJson.string;
import static org.underlay.bmc.redfish.RedfishJson.strings;

import java.util.List;
import java.util.Optional;

import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.PowerState;
import org.underlay.bmc.internal.Deadline;
import org.underlay.bmc.redfish.RedfishHttp.Reply;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Power of one computer system: its PowerState, ComputerSystem.Reset with only the ResetType values the BMC lists
 * (never a substitute: an action without its reset type is unsupported, and the caller decides what to do instead),
 * and LastResetTime as evidence that a restart happened.
 */
final class SystemPower {

	private final RedfishResources resources;
	private final String systemPath;

	SystemPower(RedfishResources resources, String systemPath) {
		this.resources = resources;
		this.systemPath = systemPath;
	}

	private String address() {
		return resources.address();
	}

	/** The Redfish PowerState as the BMC reports it: On, Off, PoweringOn, PoweringOff, Paused. */
	String rawPowerState(Deadline dl) throws BmcException {
		String s = string(resources.get(systemPath, dl, "read the power state"), "PowerState");
		if (s == null) {
			throw new BmcException(Kind.PROTOCOL, address() + ": the computer system reports no PowerState");
		}
		return s;
	}

	PowerState toPowerState(String redfish) throws BmcException {
		return switch (redfish) {
			// a transition counts as the state it leaves until it completes
			case "On", "PoweringOff", "Paused" -> PowerState.ON;
			case "Off", "PoweringOn" -> PowerState.OFF;
			default -> throw new BmcException(Kind.PROTOCOL, address() + ": unknown PowerState '" + redfish + "'");
		};
	}

	/** ResetType values in the order this driver prefers them for each action. */
	static List<String> resetTypesFor(PowerAction action) {
		return switch (action) {
			case ON -> List.of("On", "ForceOn");
			case OFF -> List.of("ForceOff");
			case CYCLE -> List.of("PowerCycle");
			case HARD_RESET -> List.of("ForceRestart");
			case SOFT_SHUTDOWN -> List.of("GracefulShutdown", "PushPowerButton");
		};
	}

	/** The ResetType {@link #power} sends for {@code action}; empty without a reset action or a listed type. */
	Optional<String> resetType(PowerAction action, Deadline dl) throws BmcException {
		JsonObject reset = resetAction(resources.get(systemPath, dl, "read the reset action"));
		if (reset == null || string(reset, "target") == null) {
			return Optional.empty();
		}
		return choose(action, allowedResetTypes(reset, dl));
	}

	/** The first of the action's reset types the BMC allows ({@code allowed} null: it does not say). */
	static Optional<String> choose(PowerAction action, List<String> allowed) {
		return resetTypesFor(action).stream().filter(t -> allowed == null || allowed.contains(t)).findFirst();
	}

	void power(PowerAction action, String what, Deadline dl) throws BmcException {
		JsonObject reset = resetAction(resources.get(systemPath, dl, what));
		if (reset == null || string(reset, "target") == null) {
			throw new BmcException(Kind.UNSUPPORTED, address() + ": the computer system has no "
					+ "ComputerSystem.Reset action");
		}
		List<String> allowed = allowedResetTypes(reset, dl);
		String type = choose(action, allowed).orElseThrow(() -> new BmcException(Kind.UNSUPPORTED, address() + ": "
				+ what + " needs ResetType " + String.join(" or ", resetTypesFor(action))
				+ ", but this BMC allows only " + allowed));
		JsonObject body = new JsonObject();
		body.addProperty("ResetType", type);
		String target = string(reset, "target");
		Reply r = resources.exchange("POST", target, body, null, dl, what);
		resources.check(r, what + " (ResetType " + type + ")", target);
	}

	/** LastResetTime (ComputerSystem v1.12), empty when the BMC does not report it. */
	Optional<String> lastResetTime(Deadline dl) throws BmcException {
		String t = string(resources.get(systemPath, dl, "read the last reset time"), "LastResetTime");
		return t == null || t.isBlank() ? Optional.empty() : Optional.of(t);
	}

	static JsonObject resetAction(JsonObject system) {
		JsonObject actions = object(system, "Actions");
		return actions == null ? null : object(actions, "#ComputerSystem.Reset");
	}

	/** The allowable values, from the action or its ActionInfo; null when the BMC does not say. */
	List<String> allowedResetTypes(JsonObject reset, Deadline dl) throws BmcException {
		JsonArray values = array(reset, "ResetType@Redfish.AllowableValues");
		if (values != null) {
			return strings(values);
		}
		String info = string(reset, "@Redfish.ActionInfo");
		if (info != null) {
			JsonObject ai = resources.get(info, dl, "read the reset action's parameters");
			JsonArray params = array(ai, "Parameters");
			if (params != null) {
				for (JsonElement p : params) {
					if (p.isJsonObject() && "ResetType".equals(string(p.getAsJsonObject(), "Name"))) {
						JsonArray v = array(p.getAsJsonObject(), "AllowableValues");
						return v == null ? null : strings(v);
					}
				}
			}
		}
		return null;
	}
}
