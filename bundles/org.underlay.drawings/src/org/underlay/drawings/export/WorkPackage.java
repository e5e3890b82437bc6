package org.underlay.drawings.export;

import java.util.ArrayList;
import java.util.List;

import org.underlay.drawings.elevation.Elevation;
import org.underlay.drawings.elevation.ElevationLayout.ColourBy;
import org.underlay.drawings.elevation.ElevationLayout;
import org.underlay.drawings.topology.Topology.Edge;
import org.underlay.drawings.topology.Topology;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.Binding;
import org.underlay.dsl.underlay.BmcEndpoint;
import org.underlay.dsl.underlay.BmcInterface;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceMember;
import org.underlay.dsl.underlay.Endpoint;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Interface;
import org.underlay.dsl.underlay.Rack;
import org.underlay.dsl.underlay.Room;
import org.underlay.dsl.underlay.Site;


/**
 * The printable work package of a site, as one self-contained HTML page (inline SVG, print CSS, no scripts): rack
 * elevations per room, the cable run sheet with cable labels, the IP plan, and the BMC address plan per environment.
 * What installers at the rack need, printed from the browser (A4 landscape).
 */
public final class WorkPackage {

	private WorkPackage() {
	}

	/** {@code revision}: printed in the header, e.g. the design's commit or a date; never a secret. */
	public static String toHtml(Site site, String revision, Elevation.Problems problems) {
		StringBuilder html = new StringBuilder(64 * 1024);
		String name = site.getName();
		html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Work package: site ")
				.append(esc(name)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
		html.append("<header><h1>Work package: site ").append(esc(name)).append("</h1>\n<p>");
		if (site.getDescription() != null) {
			html.append(esc(site.getDescription())).append(" &middot; ");
		}
		html.append(Sites.devicesOf(site).size()).append(" devices, ").append(countRacks(site))
				.append(" racks, ").append(Topology.of(site).edges().size()).append(" cables");
		if (revision != null && !revision.isBlank()) {
			html.append(" &middot; design ").append(esc(revision));
		}
		html.append("</p></header>\n");

		html.append("<section><h2>1. Rack elevations</h2>\n");
		for (Room room : site.getRooms()) {
			html.append("<h3>Room ").append(esc(room.getName())).append("</h3>\n<div class=\"drawing\">");
			html.append(SvgExport.fragment(
					ElevationLayout.draw(Elevation.of(site, room.getName(), problems), ColourBy.ROLE),
					"Rack elevations, room " + room.getName()));
			html.append("</div>\n");
		}
		html.append("</section>\n");

		html.append("<section class=\"break\"><h2>2. Cable run sheet</h2>\n");
		html.append("<p>Label both ends of each cable with its ID. Ports as on the device.</p>\n");
		table(html, List.of("Cable", "From rack", "From device", "Unit", "Port", "To rack", "To device", "Unit",
				"Port", "Type", "Length", "Done"), cableRows(site));
		html.append("</section>\n");

		html.append("<section class=\"break\"><h2>3. IP plan</h2>\n");
		table(html, List.of("Rack", "Device", "Interface", "MAC", "Address", "Network", "VLAN", "Gateway"),
				ipRows(site));
		html.append("</section>\n");

		html.append("<section class=\"break\"><h2>4. BMC address plan</h2>\n");
		table(html, List.of("Rack", "Device", "Unit", "Model", "BMC MAC", "BMC address", "Network"), bmcRows(site));
		for (Environment environment : Sites.environmentsOf(site)) {
			html.append("<h3>Environment ").append(esc(environment.getName())).append("</h3>\n");
			table(html, List.of("Device", "BMC", "BMC endpoint", "Credential (name)", "SSH endpoint", "SSH user"),
					bindingRows(environment));
		}
		html.append("<p class=\"note\">Credentials are names: the secrets themselves are never part of the design.</p>\n");
		html.append("</section>\n</body>\n</html>\n");
		return html.toString();
	}

	private static int countRacks(Site site) {
		return site.getRooms().stream().mapToInt(r -> r.getRacks().size()).sum();
	}

	private static List<List<String>> cableRows(Site site) {
		List<List<String>> rows = new ArrayList<>();
		int number = 1;
		for (Edge edge : Topology.of(site).edges()) {
			rows.add(List.of(CsvExport.cableId(site, number++), edge.a().rack(), edge.a().name(),
					CsvExport.unit(edge.a().device()), edge.aPort(), edge.b().rack(), edge.b().name(),
					CsvExport.unit(edge.b().device()), edge.bPort(), edge.cable() == null ? "" : edge.cable(),
					edge.length() > 0 ? edge.length() + " m" : "", "\u2610"));
		}
		return rows;
	}

	private static List<List<String>> ipRows(Site site) {
		List<List<String>> rows = new ArrayList<>();
		for (Device device : Sites.devicesOf(site)) {
			for (DeviceMember member : device.getMembers()) {
				if (member instanceof Interface nic && nic.getAddress() != null) {
					var network = nic.getNetwork();
					boolean known = network != null && !network.eIsProxy();
					rows.add(List.of(rackOf(device), device.getName(), nic.getName(), s(nic.getMac()), nic.getAddress(),
							known ? network.getName() : "", known && network.getVlan() > 0 ? "" + network.getVlan() : "",
							known ? s(network.getGateway()) : ""));
				}
			}
		}
		return rows;
	}

	private static List<List<String>> bmcRows(Site site) {
		List<List<String>> rows = new ArrayList<>();
		for (Device device : Sites.devicesOf(site)) {
			for (DeviceMember member : device.getMembers()) {
				if (member instanceof BmcInterface bmc) {
					var network = bmc.getNetwork();
					rows.add(List.of(rackOf(device), device.getName(), CsvExport.unit(device), CsvExport.model(device),
							s(bmc.getMac()), s(bmc.getAddress()),
							network != null && !network.eIsProxy() ? network.getName() : ""));
				}
			}
		}
		return rows;
	}

	private static List<List<String>> bindingRows(Environment environment) {
		List<List<String>> rows = new ArrayList<>();
		for (Binding binding : environment.getBindings()) {
			Device device = binding.getDevice();
			BmcEndpoint bmc = binding.getBmc();
			var ssh = binding.getSsh();
			rows.add(List.of(device == null || device.eIsProxy() ? "?" : device.getName(),
					bmc == null ? "" : bmc.getKind().getLiteral(), bmc == null ? "" : endpoint(bmc.getEndpoint()),
					bmc == null ? "" : s(bmc.getCredential()), ssh == null ? "" : endpoint(ssh.getEndpoint()),
					ssh == null ? "" : s(ssh.getUser())));
		}
		return rows;
	}

	private static String endpoint(Endpoint endpoint) {
		if (endpoint == null) {
			return "";
		}
		return endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "");
	}

	private static String rackOf(Device device) {
		return ((Rack) device.eContainer()).getName();
	}

	private static void table(StringBuilder html, List<String> header, List<List<String>> rows) {
		html.append("<table>\n<thead><tr>");
		header.forEach(h -> html.append("<th>").append(esc(h)).append("</th>"));
		html.append("</tr></thead>\n<tbody>\n");
		for (List<String> row : rows) {
			html.append("<tr>");
			row.forEach(cell -> html.append("<td>").append(esc(cell)).append("</td>"));
			html.append("</tr>\n");
		}
		if (rows.isEmpty()) {
			html.append("<tr><td colspan=\"").append(header.size()).append("\">(none)</td></tr>\n");
		}
		html.append("</tbody>\n</table>\n");
	}

	private static String s(String value) {
		return value == null ? "" : value;
	}

	private static String esc(String text) {
		return SvgExport.escape(text);
	}

	private static final String CSS = """
			@page { size: A4 landscape; margin: 12mm; }
			body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 10pt; color: #1f2328; }
			h1 { font-size: 16pt; margin: 0 0 2pt 0; } h2 { font-size: 13pt; border-bottom: 1px solid #d0d7de; }
			h3 { font-size: 11pt; } header p { color: #656d76; margin-top: 0; }
			table { border-collapse: collapse; width: 100%; margin-bottom: 10pt; }
			th, td { border: 1px solid #d0d7de; padding: 2pt 5pt; text-align: left; font-size: 9pt; }
			th { background: #f0f3f6; } tr:nth-child(even) td { background: #fafbfc; }
			.drawing svg { max-width: 100%; height: auto; } .note { color: #656d76; }
			@media print { .break { page-break-before: always; } thead { display: table-header-group; } }
			""";
}
