package org.underlay.drawings.topology;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.math.KVector;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.options.PortConstraints;
import org.eclipse.elk.core.options.PortLabelPlacement;
import org.eclipse.elk.core.options.SizeConstraint;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.ElkPort;
import org.eclipse.elk.graph.util.ElkGraphUtil;
import org.underlay.drawings.Drawing.Anchor;
import org.underlay.drawings.Drawing.Box;
import org.underlay.drawings.Drawing.Label;
import org.underlay.drawings.Drawing.Line;
import org.underlay.drawings.Drawing;
import org.underlay.drawings.Palette;
import org.underlay.drawings.elevation.ElevationLayout;
import org.underlay.drawings.topology.Topology.Edge;
import org.underlay.drawings.topology.Topology.Node;

/**
 * Lays the cable graph out with the Eclipse Layout Kernel (layered algorithm, orthogonal edges, racks as nested
 * groups, each cabled port an ELK port on its device's side) and draws it: devices as boxes inside their rack's
 * group, ports as small squares named outside the box, cables as lines between ports. Cables in {@code highlighted}
 * (a trace) and their ports are drawn thick and blue.
 */
public final class TopologyLayout {

	static final double NODE_HEIGHT = 30;
	static final double PORT = 6;
	static final double MARGIN = 16;
	private static volatile boolean registered;

	private TopologyLayout() {
	}

	private static void register() {
		if (!registered) {
			synchronized (TopologyLayout.class) {
				if (!registered) {
					// explicit: no extension registry or service loader is needed, in OSGi or not
					LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
					registered = true;
				}
			}
		}
	}

	public static Drawing draw(Topology topology, Set<Edge> highlighted) {
		return draw(topology, highlighted, Map.of());
	}

	/** With drift overlaid: devices named in {@code drift} get a magenta outline, the differences as tooltip. */
	public static Drawing draw(Topology topology, Set<Edge> highlighted, Map<String, String> drift) {
		register();
		Drawing drawing = new Drawing();
		if (topology.edges().isEmpty()) {
			drawing.add(new Label(MARGIN, MARGIN + 14, "No cables in site " + topology.site().getName()
					+ ": add 'link a.port to b.port' to see the graph.", 13, false, Palette.MUTED, Anchor.START, false,
					"message", "message", null));
			drawing.pad(MARGIN, MARGIN);
			return drawing;
		}
		ElkNode root = ElkGraphUtil.createGraph();
		root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
		root.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
		root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
		root.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
		root.setProperty(CoreOptions.SPACING_NODE_NODE, 24.0);
		root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 48.0);
		root.setProperty(CoreOptions.PADDING, new ElkPadding(MARGIN));
		Map<String, ElkNode> racks = new LinkedHashMap<>();
		Map<Node, ElkNode> nodes = new HashMap<>();
		for (Node node : topology.nodes()) {
			ElkNode rack = racks.computeIfAbsent(node.rack(), name -> {
				ElkNode group = ElkGraphUtil.createNode(root);
				group.setIdentifier("rack:" + name);
				group.setProperty(CoreOptions.PADDING, new ElkPadding(26, 10, 10, 10));
				group.setProperty(CoreOptions.SPACING_NODE_NODE, 16.0);
				return group;
			});
			ElkNode elk = ElkGraphUtil.createNode(rack);
			elk.setDimensions(Math.max(70, node.name().length() * 7.5 + 20), NODE_HEIGHT);
			// ports spread along the sides, with their names outside the box; the box grows to hold them
			elk.setProperty(CoreOptions.PORT_CONSTRAINTS, PortConstraints.FREE);
			elk.setProperty(CoreOptions.PORT_LABELS_PLACEMENT, PortLabelPlacement.outside());
			// the box grows so that ports on one side can carry their names side by side
			elk.setProperty(CoreOptions.NODE_SIZE_CONSTRAINTS,
					EnumSet.of(SizeConstraint.PORTS, SizeConstraint.PORT_LABELS, SizeConstraint.MINIMUM_SIZE));
			elk.setProperty(CoreOptions.NODE_SIZE_MINIMUM,
					new KVector(Math.max(70, node.name().length() * 7.5 + 20), NODE_HEIGHT));

			nodes.put(node, elk);
		}
		Map<String, ElkPort> ports = new HashMap<>();
		Map<String, Object> links = new HashMap<>();
		for (Edge edge : topology.edges()) {
			links.put(portId(edge.a().name(), edge.aPort()), edge.link());
			links.put(portId(edge.b().name(), edge.bPort()), edge.link());
		}
		Map<ElkPort, String> portIds = new LinkedHashMap<>();
		Map<ElkEdge, Edge> edges = new LinkedHashMap<>();
		for (Edge edge : topology.edges()) {
			ElkPort a = port(ports, portIds, nodes.get(edge.a()), edge.a().name(), edge.aPort());
			ElkPort b = port(ports, portIds, nodes.get(edge.b()), edge.b().name(), edge.bPort());
			ElkEdge elk = ElkGraphUtil.createSimpleEdge(a, b);
			ElkGraphUtil.updateContainment(elk);
			edges.put(elk, edge);
		}
		new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());

		for (Map.Entry<String, ElkNode> rack : racks.entrySet()) {
			ElkNode g = rack.getValue();
			drawing.add(new Box(g.getX(), g.getY(), g.getWidth(), g.getHeight(), Palette.RACK_GROUP, Palette.UNIT_LINE,
					1, "rack", "rack:" + rack.getKey(), null, "rack " + rack.getKey()));
			drawing.add(new Label(g.getX() + 8, g.getY() + 16, "rack " + rack.getKey(), 11, true, Palette.MUTED,
					Anchor.START, false, "rack-name", "rack:" + rack.getKey(), null));
		}
		List<Edge> trace = new ArrayList<>();
		for (Map.Entry<ElkEdge, Edge> entry : edges.entrySet()) {
			if (highlighted.contains(entry.getValue())) {
				trace.add(entry.getValue()); // drawn last, on top
			} else {
				drawEdge(drawing, entry.getKey(), entry.getValue(), false);
			}
		}
		for (Map.Entry<ElkEdge, Edge> entry : edges.entrySet()) {
			if (trace.contains(entry.getValue())) {
				drawEdge(drawing, entry.getKey(), entry.getValue(), true);
			}
		}
		for (Node node : topology.nodes()) {
			ElkNode elk = nodes.get(node);
			double x = absoluteX(elk);
			double y = absoluteY(elk);
			String id = "device:" + node.name();
			boolean onTrace = highlighted.stream().anyMatch(e -> e.a() == node || e.b() == node);
			drawing.add(new Box(x, y, elk.getWidth(), elk.getHeight(), Palette.of(node.kind()),
					onTrace ? Palette.HIGHLIGHT : Palette.RAIL, onTrace ? 2.5 : 1, "device", id, node.device(),
					node.name() + " (" + node.kind().getLiteral() + ", rack " + node.rack() + ")"));
			drawing.add(new Label(x + elk.getWidth() / 2, y + elk.getHeight() / 2 + 4, node.name(), 11, true,
					Palette.INK, Anchor.MIDDLE, false, "device-name", id, node.device()));
		}
		for (Box box : drawing.shapes(Box.class, "device")) {
			String name = box.id().substring("device:".length());
			if (drift.containsKey(name)) {
				drawing.add(ElevationLayout.outline(box,
						name + " drifted from the design:\n" + drift.get(name)));
			}
		}
		Set<String> traced = new HashSet<>();
		for (Edge edge : highlighted) {
			traced.add(portId(edge.a().name(), edge.aPort()));
			traced.add(portId(edge.b().name(), edge.bPort()));
		}
		for (Map.Entry<ElkPort, String> entry : portIds.entrySet()) {
			ElkPort port = entry.getKey();
			ElkNode owner = port.getParent();
			double x = absoluteX(owner) + port.getX();
			double y = absoluteY(owner) + port.getY();
			boolean onTrace = traced.contains(entry.getValue());
			int colour = onTrace ? Palette.HIGHLIGHT : Palette.RAIL;
			Object element = links.get(entry.getValue());
			drawing.add(new Box(x, y, port.getWidth(), port.getHeight(), colour, colour, 0, "port", entry.getValue(),
					element, entry.getValue().substring("port:".length())));
			for (ElkLabel label : port.getLabels()) {
				drawing.add(new Label(x + label.getX(), y + label.getY() + label.getHeight() - 2, label.getText(), 9,
						onTrace, onTrace ? Palette.HIGHLIGHT : Palette.MUTED, Anchor.START, false, "port",
						entry.getValue(), element));
			}
		}
		drawing.pad(MARGIN, MARGIN);
		return drawing;
	}

	/** Width of a port name at the 9 px label font (no font metrics here: a generous estimate). */
	static double labelWidth(String name) {
		return name.length() * 5.6 + 2;
	}

	static String portId(String device, String port) {
		return "port:" + device + "." + port;
	}

	private static ElkPort port(Map<String, ElkPort> ports, Map<ElkPort, String> ids, ElkNode node, String device,
			String name) {
		String id = portId(device, name);
		return ports.computeIfAbsent(id, key -> {
			ElkPort port = ElkGraphUtil.createPort(node);
			port.setDimensions(PORT, PORT);
			ElkLabel label = ElkGraphUtil.createLabel(name, port);
			label.setDimensions(labelWidth(name), 11);
			ids.put(port, key);
			return port;
		});
	}

	private static void drawEdge(Drawing drawing, ElkEdge elk, Edge edge, boolean highlighted) {
		if (elk.getSections().isEmpty()) {
			return;
		}
		ElkEdgeSection section = elk.getSections().get(0);
		// section coordinates are relative to the edge's containing node
		double ox = absoluteX(elk.getContainingNode());
		double oy = absoluteY(elk.getContainingNode());
		List<double[]> points = new ArrayList<>();
		points.add(new double[] { ox + section.getStartX(), oy + section.getStartY() });
		for (ElkBendPoint bend : section.getBendPoints()) {
			points.add(new double[] { ox + bend.getX(), oy + bend.getY() });
		}
		points.add(new double[] { ox + section.getEndX(), oy + section.getEndY() });
		drawing.add(new Line(points, highlighted ? Palette.HIGHLIGHT : Palette.MUTED, highlighted ? 3 : 1.2,
				"fiber".equals(edge.cable()) || "aoc".equals(edge.cable()), "link", edge.id(), edge.link()));
	}

	private static double absoluteX(ElkNode node) {
		double x = 0;
		for (ElkNode n = node; n != null; n = n.getParent()) {
			x += n.getX();
		}
		return x;
	}

	private static double absoluteY(ElkNode node) {
		double y = 0;
		for (ElkNode n = node; n != null; n = n.getParent()) {
			y += n.getY();
		}
		return y;
	}
}
