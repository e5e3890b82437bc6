package org.underlay.bmc.sim.redfish;

import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** The JSON shapes every simulated resource is made of, and the answers the handler sends. */
final class Payloads {

	static final String ROOT = "/redfish/v1";

	/** An answer: status, body (null for none) and extra headers. */
	record Reply(int status, JsonObject body, Map<String, String> headers) {
		static Reply ok(JsonObject body) {
			return new Reply(200, body, Map.of());
		}

		static Reply noContent() {
			return new Reply(204, null, Map.of());
		}
	}

	/** Who is asking: a user, with the session they came through (null for Basic auth). */
	record Caller(SimulatorConfig.User user, SessionStore.Session session) {
		void requireRole(SimulatorConfig.Role... roles) throws RedfishError {
			for (SimulatorConfig.Role r : roles) {
				if (user.role() == r) {
					return;
				}
			}
			throw RedfishError.forbidden();
		}
	}

	private Payloads() {
	}

	static void allow(String method, String... allowed) throws RedfishError {
		for (String a : allowed) {
			if (a.equals(method) || (a.equals("GET") && method.equals("HEAD"))) {
				return;
			}
		}
		throw RedfishError.methodNotAllowed(method, allowed);
	}

	static JsonObject resource(String type, String id, String odataId, String name) {
		JsonObject o = new JsonObject();
		o.addProperty("@odata.type", type);
		o.addProperty("@odata.id", odataId);
		o.addProperty("Id", id);
		o.addProperty("Name", name);
		return o;
	}

	static JsonObject link(String odataId) {
		JsonObject o = new JsonObject();
		o.addProperty("@odata.id", odataId);
		return o;
	}

	static JsonArray links(List<String> ids) {
		JsonArray a = new JsonArray();
		ids.forEach(i -> a.add(link(i)));
		return a;
	}

	static JsonArray strings(List<String> values) {
		JsonArray a = new JsonArray();
		values.forEach(a::add);
		return a;
	}

	static JsonObject collection(String type, String odataId, String name, List<String> members) {
		JsonObject o = new JsonObject();
		o.addProperty("@odata.type", type);
		o.addProperty("@odata.id", odataId);
		o.addProperty("Name", name);
		o.addProperty("Members@odata.count", members.size());
		o.add("Members", links(members));
		return o;
	}

	static JsonObject status(String state) {
		JsonObject s = new JsonObject();
		s.addProperty("State", state);
		s.addProperty("Health", "OK");
		return s;
	}

	/** A string property, or null when absent or not a string. */
	static String string(JsonObject o, String name) {
		JsonElement e = o.get(name);
		return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
	}

	static String systemUri(String id) {
		return ROOT + "/Systems/" + id;
	}

	static String chassisUri(String id) {
		return ROOT + "/Chassis/" + id;
	}

	static String managerUri(String id) {
		return ROOT + "/Managers/" + id;
	}
}
