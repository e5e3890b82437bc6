package org.underlay.drawings.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.underlay.dsl.model.Ports;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceKind;
import org.underlay.dsl.underlay.Link;
import org.underlay.dsl.underlay.LinkEnd;
import org.underlay.dsl.underlay.Rack;
import org.underlay.dsl.underlay.Site;


/**
 * The cable graph of a site: devices as nodes grouped by rack, links as edges between ports. Devices without links
 * (PDUs, say) are left out of the graph but counted. Plain data, laid out by {@link TopologyLayout}.
 */
public final class Topology {

	public record Node(Device device, String name, String rack, DeviceKind kind) {
	}

	/** A cable from {@code a.aPort} to {@code b.bPort}. */
	public record Edge(Link link, Node a, String aPort, Node b, String bPort, String cable, int length) {

		public String id() {
			return "link:" + a.name() + "." + aPort + "-" + b.name() + "." + bPort;
		}

		public String label() {
			return aPort + " - " + bPort;
		}
	}

	/** One hop of a cable trace: the cable, entered at {@code from} and left at {@code to}. */
	public record Hop(Edge edge, Node fromNode, String fromPort, Node toNode, String toPort) {
	}

	private final Site site;
	private final Map<Device, Node> nodes = new LinkedHashMap<>();
	private final List<Edge> edges = new ArrayList<>();
	private final int unlinked;

	private Topology(Site site) {
		this.site = site;
		Map<Device, String> racks = new LinkedHashMap<>();
		for (Device device : Sites.devicesOf(site)) {
			racks.put(device, ((Rack) device.eContainer()).getName());
		}
		for (Link link : site.getLinks()) {
			Node a = node(link.getA(), racks);
			Node b = node(link.getB(), racks);
			if (a != null && b != null) {
				edges.add(new Edge(link, a, link.getA().getPort(), b, link.getB().getPort(),
						link.getCable() == null || !isSet(link, "cable") ? null : link.getCable().getLiteral(),
						link.getLength()));
			}
		}
		unlinked = racks.size() - nodes.size();
	}

	public static Topology of(Site site) {
		return new Topology(Objects.requireNonNull(site));
	}

	private Node node(LinkEnd end, Map<Device, String> racks) {
		Device device = end == null ? null : end.getDevice();
		if (device == null || device.eIsProxy() || end.getPort() == null) {
			return null; // an unresolved end: the validator reports it
		}
		return nodes.computeIfAbsent(device,
				d -> new Node(d, d.getName(), racks.getOrDefault(d, "?"), d.getKind()));
	}

	/** Written in the text (an enum's first literal is also its default, so eIsSet cannot tell). */
	private static boolean isSet(Link link, String feature) {
		return !NodeModelUtils
				.findNodesForFeature(link, link.eClass().getEStructuralFeature(feature)).isEmpty();
	}

	public Site site() {
		return site;
	}

	public List<Node> nodes() {
		return List.copyOf(nodes.values());
	}

	public List<Edge> edges() {
		return List.copyOf(edges);
	}

	/** Devices of the site with no cable in the design. */
	public int unlinkedDevices() {
		return unlinked;
	}

	public Node node(Device device) {
		return nodes.get(device);
	}

	/** The cable on a port, or null. */
	public Edge edgeAt(Device device, String port) {
		for (Edge edge : edges) {
			if ((edge.a().device() == device && edge.aPort().equals(port))
					|| (edge.b().device() == device && edge.bPort().equals(port))) {
				return edge;
			}
		}
		return null;
	}

	/**
	 * Follows the cable on a port end to end: at a patch panel the signal passes from a port to the panel's other
	 * port with the same number ({@code front7} to {@code rear7}), and the trace goes on from there. Stops at a
	 * device that is not a patch panel, at an uncabled port, or when it would loop.
	 */
	public List<Hop> trace(Device device, String port) {
		List<Hop> hops = new ArrayList<>();
		Device at = device;
		String current = port;
		while (hops.size() <= edges.size()) {
			Edge edge = edgeAt(at, current);
			if (edge == null || hops.stream().anyMatch(h -> h.edge() == edge)) {
				break;
			}
			boolean forward = edge.a().device() == at && edge.aPort().equals(current);
			Hop hop = forward ? new Hop(edge, edge.a(), edge.aPort(), edge.b(), edge.bPort())
					: new Hop(edge, edge.b(), edge.bPort(), edge.a(), edge.aPort());
			hops.add(hop);
			if (hop.toNode().kind() != DeviceKind.PATCH_PANEL) {
				break;
			}
			String through = passThrough(hop.toNode().device(), hop.toPort());
			if (through == null) {
				break;
			}
			at = hop.toNode().device();
			current = through;
		}
		return hops;
	}

	/** The patch panel port paired with {@code port}: the other port with the same trailing number. */
	static String passThrough(Device panel, String port) {
		Integer number = Ports.trailingNumber(port);
		if (number == null || panel.getType() == null || panel.getType().eIsProxy()) {
			return null;
		}
		for (String other : Ports.portsOf(panel.getType()).keySet()) {
			if (!other.equals(port) && number.equals(Ports.trailingNumber(other))) {
				return other;
			}
		}
		return null;
	}
}
