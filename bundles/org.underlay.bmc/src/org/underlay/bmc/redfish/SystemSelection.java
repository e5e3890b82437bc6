package org.underlay.bmc.redfish;

import static org.underlay.bmc.redfish.RedfishJson.array;
import static org.underlay.bmc.redfish.RedfishJson.ids;
import static org.underlay.bmc.redfish.RedfishJson.lastSegment;
import static org.underlay.bmc.redfish.RedfishJson.link;
import static org.underlay.bmc.redfish.RedfishJson.links;
import static org.underlay.bmc.redfish.RedfishJson.members;
import static org.underlay.bmc.redfish.RedfishJson.object;
import static org.underlay.bmc.redfish.RedfishJson.trimSlash;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.internal.Deadline;

import com.google.gson.JsonObject;

/**
 * Which computer system of the service a client drives: the only one; or the binding's {@code system "<id>"}
 * ({@link RedfishDriver#SYSTEM}); or the one system of the binding's {@code manager "<id>"}
 * ({@link RedfishDriver#MANAGER}, among the manager's {@code Links.ManagerForServers}), both when the manager runs
 * several. Every refusal says what to write in the binding and lists what there is to choose from.
 */
final class SystemSelection {

	private static final String SYSTEM_KEYWORD = "system \"<id>\"";
	private static final String MANAGER_KEYWORD = "manager \"<id>\"";

	private final RedfishResources resources;
	private final JsonObject root;
	private final String address;

	private SystemSelection(RedfishResources resources, JsonObject root) {
		this.resources = resources;
		this.root = root;
		this.address = resources.address();
	}

	/** The path of the system the endpoint's options choose. */
	static String select(RedfishResources resources, JsonObject root, BmcEndpoint endpoint, Deadline dl)
			throws BmcException {
		return new SystemSelection(resources, root).select(endpoint.option(RedfishDriver.SYSTEM, null),
				endpoint.option(RedfishDriver.MANAGER, null), dl);
	}

	private String select(String wantedSystem, String wantedManager, Deadline dl) throws BmcException {
		List<String> systems = members(resources.get(link(root, "Systems"), dl, "list the computer systems"),
				address);
		List<String> candidates = systems;
		String manager = null;
		if (wantedManager != null) {
			List<String> managers = managers(dl);
			String path = find(managers, wantedManager).orElseThrow(() -> new BmcException(Kind.UNSUPPORTED,
					address + ": the BMC has no manager \"" + wantedManager + "\" (it has " + nothingIfEmpty(
							managers) + "); correct " + MANAGER_KEYWORD + " in the binding"));
			manager = lastSegment(path);
			List<String> runs = servers(path, dl);
			candidates = systems.stream().filter(s -> runs.contains(trimSlash(s))).toList();
			if (candidates.isEmpty()) {
				throw new BmcException(Kind.UNSUPPORTED, address + ": manager \"" + manager + "\" runs none of the "
						+ "BMC's computer systems (" + ids(systems) + "); choose another " + MANAGER_KEYWORD);
			}
		}
		if (wantedSystem != null) {
			Optional<String> chosen = find(candidates, wantedSystem);
			if (chosen.isPresent()) {
				return chosen.get();
			}
			if (manager != null && find(systems, wantedSystem).isPresent()) {
				throw new BmcException(Kind.UNSUPPORTED, address + ": manager \"" + manager + "\" does not run "
						+ "computer system \"" + wantedSystem + "\" (it runs " + ids(candidates) + "); correct "
						+ SYSTEM_KEYWORD + " or " + MANAGER_KEYWORD + " in the binding");
			}
			throw new BmcException(Kind.UNSUPPORTED, address + ": the BMC has no computer system \"" + wantedSystem
					+ "\" (it has " + nothingIfEmpty(systems) + "); correct " + SYSTEM_KEYWORD + " in the binding");
		}
		if (candidates.size() == 1) {
			return candidates.get(0);
		}
		if (candidates.isEmpty()) {
			throw new BmcException(Kind.UNSUPPORTED, address + ": the BMC lists no computer systems");
		}
		if (manager != null) {
			throw new BmcException(Kind.UNSUPPORTED, address + ": manager \"" + manager + "\" runs "
					+ candidates.size() + " computer systems (" + ids(candidates) + "); say which one this binding "
					+ "drives with " + SYSTEM_KEYWORD);
		}
		throw new BmcException(Kind.UNSUPPORTED, address + ": the BMC manages " + candidates.size()
				+ " computer systems (" + ids(candidates) + "); say which one this binding drives with "
				+ SYSTEM_KEYWORD + managerChoice(dl));
	}

	/** ", or with manager "<id>" (bmc1 runs node1, node2; bmc2 runs ...)" when there are several, else "". */
	private String managerChoice(Deadline dl) throws BmcException {
		List<String> managers = root.has("Managers") ? managers(dl) : List.of();
		if (managers.size() < 2) {
			return "";
		}
		List<String> runs = new ArrayList<>();
		for (String m : managers) {
			runs.add(lastSegment(m) + " runs " + nothingIfEmpty(servers(m, dl)));
		}
		return ", or with " + MANAGER_KEYWORD + " (" + String.join("; ", runs) + ")";
	}

	private List<String> managers(Deadline dl) throws BmcException {
		String path = link(root, "Managers");
		if (path == null) {
			throw new BmcException(Kind.UNSUPPORTED, address + ": the BMC lists no managers to choose from with "
					+ MANAGER_KEYWORD);
		}
		return members(resources.get(path, dl, "list the managers"), address);
	}

	/** The systems a manager runs (its Links.ManagerForServers), as paths without a trailing slash. */
	private List<String> servers(String manager, Deadline dl) throws BmcException {
		JsonObject m = resources.get(manager, dl, "read the manager");
		return links(array(object(m, "Links"), "ManagerForServers")).stream().map(RedfishJson::trimSlash).toList();
	}

	/** The member whose path or last segment (its Id in the URI) is {@code wanted}. */
	private static Optional<String> find(List<String> paths, String wanted) {
		return paths.stream().filter(p -> trimSlash(p).equals(trimSlash(wanted)) || lastSegment(p).equals(wanted))
				.findFirst();
	}

	private static String nothingIfEmpty(List<String> paths) {
		return paths.isEmpty() ? "none" : ids(paths);
	}
}
