package org.underlay.drawings.export;

import java.util.List;
import java.util.Locale;

import org.underlay.drawings.elevation.Elevation;
import org.underlay.drawings.topology.Topology.Edge;
import org.underlay.drawings.topology.Topology;
import org.underlay.dsl.model.Racks;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.BmcInterface;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceMember;
import org.underlay.dsl.underlay.Interface;
import org.underlay.dsl.underlay.Network;
import org.underlay.dsl.underlay.Rack;
import org.underlay.dsl.underlay.Room;
import org.underlay.dsl.underlay.Site;


/**
 * The sheets installers work from, as RFC 4180 CSV with a header row. The columns are a contract (scripts read
 * them): add new columns at the end only.
 */
public final class CsvExport {

	public static final List<String> IP_PLAN_COLUMNS = List.of("site", "room", "rack", "device", "kind", "interface",
			"mac", "address", "network", "vlan", "subnet", "gateway");

	public static final List<String> CABLE_COLUMNS = List.of("site", "cable_id", "a_rack", "a_device", "a_unit",
			"a_port", "b_rack", "b_device", "b_unit", "b_port", "cable", "length_m", "colour");

	private CsvExport() {
	}

	/** One row per interface and BMC interface of every device, in the order written. */
	public static String ipPlan(Site site) {
		StringBuilder csv = new StringBuilder();
		row(csv, IP_PLAN_COLUMNS);
		for (Device device : Sites.devicesOf(site)) {
			Rack rack = (Rack) device.eContainer();
			Room room = (Room) rack.eContainer();
			for (DeviceMember member : device.getMembers()) {
				String name;
				String mac;
				String address;
				Network network;
				if (member instanceof Interface nic) {
					name = nic.getName();
					mac = nic.getMac();
					address = nic.getAddress();
					network = nic.getNetwork();
				} else if (member instanceof BmcInterface bmc) {
					name = "bmc";
					mac = bmc.getMac();
					address = bmc.getAddress();
					network = bmc.getNetwork();
				} else {
					continue;
				}
				boolean known = network != null && !network.eIsProxy();
				row(csv, List.of(site.getName(), room.getName(), rack.getName(), device.getName(),
						device.getKind().getLiteral(), name, text(mac), text(address), known ? network.getName() : "",
						known && network.getVlan() > 0 ? Integer.toString(network.getVlan()) : "",
						known ? text(network.getSubnet()) : "", known ? text(network.getGateway()) : ""));
			}
		}
		return csv.toString();
	}

	/** One row per cable, numbered in the order written (the label to print on both ends). */
	public static String cableSheet(Site site) {
		Topology topology = Topology.of(site);
		StringBuilder csv = new StringBuilder();
		row(csv, CABLE_COLUMNS);
		int number = 1;
		for (Edge edge : topology.edges()) {
			row(csv, List.of(site.getName(), cableId(site, number++), edge.a().rack(), edge.a().name(),
					unit(edge.a().device()), edge.aPort(), edge.b().rack(), edge.b().name(), unit(edge.b().device()),
					edge.bPort(), text(edge.cable()), edge.length() > 0 ? Integer.toString(edge.length()) : "",
					text(edge.link().getColour())));
		}
		return csv.toString();
	}

	/** "FRA1-C0007": site and running number, what goes on the cable's label. */
	public static String cableId(Site site, int number) {
		return String.format("%s-C%04d", site.getName().toUpperCase(Locale.ROOT), number);
	}

	static String unit(Device device) {
		Integer height = Racks.heightOf(device);
		if (height == null || height == 0 || !Racks.isPlaced(device)) {
			return "";
		}
		return height == 1 ? "U" + device.getPosition()
				: "U" + device.getPosition() + "-" + (device.getPosition() + height - 1);
	}

	private static String text(String value) {
		return value == null ? "" : value;
	}

	private static void row(StringBuilder csv, List<String> cells) {
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) {
				csv.append(',');
			}
			csv.append(cell(cells.get(i)));
		}
		csv.append("\r\n");
	}

	static String cell(String value) {
		if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
			return "\"" + value.replace("\"", "\"\"") + "\"";
		}
		return value;
	}

	/** For the work package: the model name of a device's type. */
	static String model(Device device) {
		return device.getType() == null || device.getType().eIsProxy() ? "?" : Elevation.model(device.getType());
	}
}
