package org.underlay.drawings.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.drawings.Drawing.Box;
import org.underlay.drawings.Drawing.Line;
import org.underlay.drawings.Drawing;
import org.underlay.drawings.Palette;
import org.underlay.drawings.topology.Topology.Hop;
import org.underlay.drawings.topology.Topology;
import org.underlay.drawings.topology.TopologyLayout;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.Site;
import org.underlay.testing.design.Designs;


/** The cable graph: nodes grouped by rack, an edge per link, traces through patch panels, an ELK layout. */
class TopologyTest {

	@TempDir
	Path folder;

	@Test
	void exampleGraphHasAnEdgePerLinkAndTracesTheUplinkThroughBothPanels() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		Topology topology = Topology.of(fra1);
		assertEquals(fra1.getLinks().size(), topology.edges().size());
		assertEquals(14, topology.nodes().size(), "10 servers, 2 leaves, 2 patch panels; PDUs have no cables");
		assertEquals(4, topology.unlinkedDevices());

		Device tor = device(fra1, "tor-r01");
		List<Hop> trace = topology.trace(tor, "Ethernet49");
		assertEquals(List.of("tor-r01.Ethernet49 > pp-r01.front1", "pp-r01.rear1 > pp-r02.rear1",
				"pp-r02.front1 > tor-r02.Ethernet49"), describe(trace));
		// and back again from the other end
		assertEquals(List.of("tor-r02.Ethernet49 > pp-r02.front1", "pp-r02.rear1 > pp-r01.rear1",
				"pp-r01.front1 > tor-r01.Ethernet49"), describe(topology.trace(device(fra1, "tor-r02"), "Ethernet49")));
		assertEquals(List.of(), topology.trace(tor, "Ethernet48"), "an uncabled port traces nowhere");
	}

	@Test
	void layoutDrawsEveryCabledDeviceInsideItsRackAndHighlightsATrace() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		Topology topology = Topology.of(fra1);
		Set<Topology.Edge> trace = topology.trace(device(fra1, "tor-r01"), "Ethernet49").stream().map(Hop::edge)
				.collect(Collectors.toSet());
		Drawing drawing = TopologyLayout.draw(topology, trace);

		List<Box> devices = drawing.shapes(Box.class, "device");
		assertEquals(topology.nodes().stream().map(n -> "device:" + n.name()).collect(Collectors.toSet()),
				devices.stream().map(Box::id).collect(Collectors.toSet()));
		List<Box> racks = drawing.shapes(Box.class, "rack");
		for (Topology.Node node : topology.nodes()) {
			Box box = devices.stream().filter(b -> b.id().equals("device:" + node.name())).findFirst().orElseThrow();
			Box rack = racks.stream().filter(r -> r.id().equals("rack:" + node.rack())).findFirst().orElseThrow();
			assertTrue(box.x() >= rack.x() && box.x() + box.w() <= rack.x() + rack.w() + 0.5
					&& box.y() >= rack.y() && box.y() + box.h() <= rack.y() + rack.h() + 0.5,
					node.name() + " is drawn inside rack " + node.rack());
		}
		for (int i = 0; i < devices.size(); i++) {
			for (int j = i + 1; j < devices.size(); j++) {
				assertFalse(overlap(devices.get(i), devices.get(j)), devices.get(i).id() + " overlaps " + devices.get(j).id());
			}
		}
		List<Line> links = drawing.shapes(Line.class, "link");
		assertEquals(topology.edges().size(), links.size());
		Set<String> highlighted = new HashSet<>();
		for (Line line : links) {
			if (line.colour() == Palette.HIGHLIGHT) {
				highlighted.add(line.id());
			}
			// each cable starts and ends on the boxes of its two devices
			Topology.Edge edge = topology.edges().stream().filter(e -> e.id().equals(line.id())).findFirst().orElseThrow();
			double[] start = line.points().get(0);
			double[] end = line.points().get(line.points().size() - 1);
			assertTrue(touches(box(devices, edge.a().name()), start) && touches(box(devices, edge.b().name()), end),
					line.id() + " runs between its devices");
		}
		assertEquals(trace.stream().map(Topology.Edge::id).collect(Collectors.toSet()), highlighted);

		// every cabled port is drawn once, named, and the traced ones are blue
		List<Box> ports = drawing.shapes(Box.class, "port");
		assertEquals(2 * topology.edges().size(), ports.size());
		assertEquals(ports.size(), drawing.shapes(Drawing.Label.class, "port").size());
		Set<String> blue = ports.stream().filter(p -> p.fill() == Palette.HIGHLIGHT).map(Box::id).collect(Collectors.toSet());
		assertEquals(Set.of("port:tor-r01.Ethernet49", "port:pp-r01.front1", "port:pp-r01.rear1", "port:pp-r02.rear1",
				"port:pp-r02.front1", "port:tor-r02.Ethernet49"), blue);
		Box port = ports.stream().filter(p -> p.id().equals("port:web-01.ens1f0")).findFirst().orElseThrow();
		assertTrue(touches(box(devices, "web-01"), new double[] { port.x(), port.y() }), "a port sits on its device");
		assertEquals(port, drawing.boxAt(port.x() + 2, port.y() + 2, "port"), "ports can be clicked");
	}

	@Test
	void siteWithoutCablesSaysSo() throws Exception {
		Site site = Designs.site(folder, "site s { room r { rack k height 4 { server a : OneU at 1 } } }");
		Drawing drawing = TopologyLayout.draw(Topology.of(site), Set.of());
		assertTrue(drawing.shapes(Drawing.Label.class, "message").get(0).text().startsWith("No cables in site s"));
	}

	private static Box box(List<Box> devices, String name) {
		return devices.stream().filter(b -> b.id().equals("device:" + name)).findFirst().orElseThrow();
	}

	/** On the box or on one of its ports (ports sit just outside the box's border). */
	private static boolean touches(Box box, double[] p) {
		double reach = 8;
		return p[0] >= box.x() - reach && p[0] <= box.x() + box.w() + reach && p[1] >= box.y() - reach
				&& p[1] <= box.y() + box.h() + reach;
	}

	private static boolean overlap(Box a, Box b) {
		return a.x() < b.x() + b.w() && b.x() < a.x() + a.w() && a.y() < b.y() + b.h() && b.y() < a.y() + a.h();
	}

	static Device device(Site site, String name) {
		return Sites.devicesOf(site).stream().filter(d -> d.getName().equals(name)).findFirst().orElseThrow();
	}

	private static List<String> describe(List<Hop> hops) {
		return hops.stream().map(h -> h.fromNode().name() + "." + h.fromPort() + " > " + h.toNode().name() + "."
				+ h.toPort()).toList();
	}
}
