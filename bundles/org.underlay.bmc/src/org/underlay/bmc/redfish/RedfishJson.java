package org.underlay.bmc.redfish;

import java.util.ArrayList;
import java.util.List;

import org.underlay.bmc.BmcException;
import org.underlay.bmc.BmcException.Kind;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Reading Redfish JSON leniently: a property of the wrong type counts as absent. */
final class RedfishJson {

	private RedfishJson() {
	}

	static String string(JsonObject o, String name) {
		if (o == null) {
			return null;
		}
		JsonElement e = o.get(name);
		return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
	}

	static JsonObject object(JsonObject o, String name) {
		JsonElement e = o == null ? null : o.get(name);
		return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
	}

	static JsonArray array(JsonObject o, String name) {
		JsonElement e = o == null ? null : o.get(name);
		return e != null && e.isJsonArray() ? e.getAsJsonArray() : null;
	}

	/** The @odata.id of a navigation property. */
	static String link(JsonObject o, String name) {
		return string(object(o, name), "@odata.id");
	}

	/** The @odata.id of every object in a links array ({@code Members}, {@code ManagerForServers}, ...). */
	static List<String> links(JsonArray a) {
		List<String> out = new ArrayList<>();
		for (JsonObject o : objects(a)) {
			String id = string(o, "@odata.id");
			if (id != null) {
				out.add(id);
			}
		}
		return out;
	}

	static List<String> strings(JsonArray a) {
		List<String> out = new ArrayList<>();
		for (JsonElement e : a) {
			if (e.isJsonPrimitive()) {
				out.add(e.getAsString());
			}
		}
		return out;
	}

	static List<JsonObject> objects(JsonArray a) {
		List<JsonObject> out = new ArrayList<>();
		if (a != null) {
			for (JsonElement e : a) {
				if (e.isJsonObject()) {
					out.add(e.getAsJsonObject());
				}
			}
		}
		return out;
	}

	/** The member links of a collection; {@code address} names the BMC in the error. */
	static List<String> members(JsonObject collection, String address) throws BmcException {
		JsonArray m = array(collection, "Members");
		if (m == null) {
			throw new BmcException(Kind.PROTOCOL, address + ": a collection without Members");
		}
		return links(m);
	}

	/** "node3" of "/redfish/v1/Systems/node3/". */
	static String lastSegment(String path) {
		String p = trimSlash(path);
		return p.substring(p.lastIndexOf('/') + 1);
	}

	static String trimSlash(String path) {
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

	/** "a, b, c": the last segments of {@code paths}, for messages. */
	static String ids(List<String> paths) {
		return String.join(", ", paths.stream().map(RedfishJson::lastSegment).toList());
	}
}
