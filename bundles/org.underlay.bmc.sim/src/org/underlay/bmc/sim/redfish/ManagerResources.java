package org.underlay.bmc.sim.redfish;

import static org.underlay.bmc.sim.redfish.Payloads.ROOT;
import static org.underlay.bmc.sim.redfish.Payloads.allow;
import static org.underlay.bmc.sim.redfish.Payloads.collection;
import static org.underlay.bmc.sim.redfish.Payloads.links;
import static org.underlay.bmc.sim.redfish.Payloads.managerUri;
import static org.underlay.bmc.sim.redfish.Payloads.resource;
import static org.underlay.bmc.sim.redfish.Payloads.status;
import static org.underlay.bmc.sim.redfish.Payloads.strings;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import org.underlay.bmc.sim.redfish.Payloads.Caller;
import org.underlay.bmc.sim.redfish.Payloads.Reply;

import com.google.gson.JsonObject;

/** The managers and the systems and chassis each one runs ({@code Links.ManagerForServers}, ...ForChassis). */
final class ManagerResources {

	private final RedfishSimulator sim;
	private final String serviceUuid;

	ManagerResources(RedfishSimulator sim, String serviceUuid) {
		this.sim = sim;
		this.serviceUuid = serviceUuid;
	}

	Reply serve(String method, String[] seg, Caller caller, String path) throws RedfishError {
		List<SimulatorConfig.ManagerSpec> managers = sim.config.managers();
		if (seg.length == 1) {
			allow(method, "GET");
			return Reply.ok(collection("#ManagerCollection.ManagerCollection", ROOT + "/Managers",
					"Manager Collection", managers.stream().map(m -> managerUri(m.id())).toList()));
		}
		SimulatorConfig.ManagerSpec m = managers.stream().filter(x -> x.id().equals(seg[1])).findFirst()
				.orElseThrow(() -> RedfishError.notFound(path));
		String uri = managerUri(m.id());
		if (seg.length == 2) {
			allow(method, "GET");
			JsonObject o = resource("#Manager.v1_10_0.Manager", m.id(), uri, "Manager");
			o.addProperty("ManagerType", "BMC");
			o.addProperty("Manufacturer", "Underlay");
			o.addProperty("Model", "Redfish BMC simulator");
			o.addProperty("FirmwareVersion", "underlay-sim-0.1");
			// the service root's UUID is the first manager's, as on a BMC that is its own Redfish service
			o.addProperty("UUID", m == managers.get(0) ? serviceUuid
					: UUID.nameUUIDFromBytes((serviceUuid + "/" + m.id()).getBytes(StandardCharsets.UTF_8))
							.toString());
			o.addProperty("PowerState", "On");
			o.addProperty("DateTime", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
					Instant.now().atOffset(ZoneOffset.UTC).withNano(0)));
			o.add("Status", status("Enabled"));
			JsonObject reset = new JsonObject();
			reset.addProperty("target", uri + "/Actions/Manager.Reset");
			reset.add("ResetType@Redfish.AllowableValues", strings(List.of("GracefulRestart")));
			JsonObject actions = new JsonObject();
			actions.add("#Manager.Reset", reset);
			o.add("Actions", actions);
			JsonObject l = new JsonObject();
			l.add("ManagerForServers", links(m.systemIds().stream().map(Payloads::systemUri).toList()));
			l.add("ManagerForChassis", links(m.systemIds().stream().map(Payloads::chassisUri).toList()));
			o.add("Links", l);
			return Reply.ok(o);
		}
		if (seg.length == 4 && seg[2].equals("Actions") && seg[3].equals("Manager.Reset")) {
			allow(method, "POST");
			caller.requireRole(SimulatorConfig.Role.Administrator);
			// a simulated BMC restarts instantly; its sessions survive (they live in this process)
			return Reply.noContent();
		}
		throw RedfishError.notFound(path);
	}
}
