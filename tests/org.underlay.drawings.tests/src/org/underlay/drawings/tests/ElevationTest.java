package org.underlay.drawings.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.drawings.Drawing.Box;
import org.underlay.drawings.Drawing.Label;
import org.underlay.drawings.Drawing;
import org.underlay.drawings.Palette;
import org.underlay.drawings.elevation.Elevation.Placement;
import org.underlay.drawings.elevation.Elevation.Problem;
import org.underlay.drawings.elevation.Elevation.RackView;
import org.underlay.drawings.elevation.Elevation;
import org.underlay.drawings.elevation.ElevationLayout.ColourBy;
import org.underlay.drawings.elevation.ElevationLayout;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.Face;
import org.underlay.dsl.underlay.Side;
import org.underlay.dsl.underlay.Site;
import org.underlay.testing.design.Designs;


/** Which device the elevation shows at which units, on which face and side, and the rack summary. */
class ElevationTest {

	@TempDir
	Path folder;

	@Test
	void exampleRackR01ShowsItsDevicesAtTheirUnits() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		List<RackView> racks = Elevation.of(fra1, null, Elevation.Problems.NONE);
		assertEquals(List.of("r01", "r02"), racks.stream().map(RackView::name).toList());
		RackView r01 = racks.get(0);
		assertEquals("tor-r01", names(r01.at(42, Face.FRONT)));
		assertEquals("pp-r01", names(r01.at(41, Face.FRONT)));
		assertEquals("web-01", names(r01.at(40, Face.REAR)), "a full-depth server is seen from both faces");
		assertEquals("", names(r01.at(1, Face.FRONT)));
		assertEquals(List.of("pdu-r01-a", "pdu-r01-b"), r01.zeroU().stream().map(Placement::name).toList());
		int placedUnits = r01.placed().stream().mapToInt(p -> Math.max(1, p.height())).sum();
		assertEquals(placedUnits, r01.usedUnits());
		assertEquals(42 - placedUnits, r01.freeUnits());
		assertEquals(230 * 32, r01.budgetWatts(), "the smaller of the A and B feeds");
		assertTrue(r01.drawWatts() > 0 && !r01.overBudget());
	}

	@Test
	void drawingPutsEachDeviceBoxAtItsUnitsInTheNumberingDirection() throws Exception {
		Site site = Designs.site(folder, """
				site s {
					room a {
						rack up height 10 { server low : OneU at 1  server big : TwoU at 4 }
						rack down height 10 top-down { server first : OneU at 1 }
					}
				}
				""");
		Drawing drawing = ElevationLayout.draw(Elevation.of(site, null, Elevation.Problems.NONE), ColourBy.KIND);
		Box low = front(drawing, "device:low");
		Box big = front(drawing, "device:big");
		Box first = front(drawing, "device:first");
		double unit = ElevationLayout.UNIT;
		assertEquals(2 * unit - 2, big.h(), 0.01, "a 2U device is two units tall");
		assertEquals(unit - 2, low.h(), 0.01);
		// bottom-up: unit 1 is the lowest box; the 2U device at 4-5 ends 2 units above unit 1's top
		assertTrue(low.y() > big.y());
		assertEquals(low.y() - big.y(), 4 * unit, 0.01, "big covers units 4-5, low unit 1");
		// top-down: unit 1 is at the top, level with the bottom-up rack's unit 10
		assertEquals(low.y() - 9 * unit, first.y(), 0.01);
		// empty units are drawn: 10 + 10 units per face, minus the 4 units devices take on each face
		assertEquals(2 * (20 - 4), drawing.shapes(Box.class, "empty-unit").size());
		assertEquals(Palette.of(Sites.devicesOf(site).get(0).getKind()), low.fill());
		assertEquals(List.of("server"), drawing.shapes(Label.class, "legend").stream().map(Label::text).toList(),
				"the legend names each colour used");
	}

	@Test
	void devicesThatOverlapAreBothDrawnSideBySide() throws Exception {
		Site site = Designs.site(folder, """
				site s {
					room a {
						rack k height 10 {
							server moved : TwoU at 4
							server there : OneU at 5
							server clear : OneU at 8
						}
					}
				}
				""");
		Drawing drawing = ElevationLayout.draw(Elevation.of(site, null, Elevation.Problems.NONE), ColourBy.KIND);
		Box moved = front(drawing, "device:moved");
		Box there = front(drawing, "device:there");
		Box clear = front(drawing, "device:clear");
		assertTrue(moved.x() + moved.w() <= there.x() || there.x() + there.w() <= moved.x(),
				"neither covers the other: " + moved + " " + there);
		assertTrue(moved.w() < clear.w() && there.w() < clear.w(), "the overlapping two share the width");
		assertEquals(clear.w(), moved.w() + there.w() + 2, 0.01);
	}

	@Test
	void halfWidthSitsOnItsSideAndHalfDepthOnItsFace() throws Exception {
		Site site = Designs.site(folder, """
				site s {
					room a {
						rack k height 4 {
							switch left-leaf : HalfLeaf at 4 left
							switch right-leaf : HalfLeaf at 4 right
							device back-shelf : Shelf at 2 rear
							device front-shelf : Shelf at 2 front
						}
					}
				}
				""");
		RackView rack = Elevation.of(site, null, Elevation.Problems.NONE).get(0);
		Placement left = placement(rack, "left-leaf");
		assertEquals(Side.LEFT, left.side());
		assertEquals(Side.RIGHT, placement(rack, "right-leaf").side());
		assertEquals("back-shelf", names(rack.at(2, Face.REAR)));
		assertEquals("front-shelf", names(rack.at(2, Face.FRONT)));
		assertEquals(2, rack.usedUnits());

		Drawing drawing = ElevationLayout.draw(List.of(rack), ColourBy.KIND);
		List<Box> leaves = drawing.shapes(Box.class, "device").stream()
				.filter(b -> b.id().endsWith("-leaf")).toList();
		assertEquals(4, leaves.size(), "each half-width leaf on both faces");
		Box l = front(drawing, "device:left-leaf");
		Box r = front(drawing, "device:right-leaf");
		assertEquals(l.y(), r.y(), 0.01);
		assertTrue(r.x() > l.x() + l.w() - 2, "side by side, not overlapping");
		assertEquals(1, drawing.shapes(Box.class, "device").stream().filter(b -> b.id().equals("device:back-shelf"))
				.count(), "a half-depth device is drawn on its own face only");
	}

	@Test
	void summaryAndProblemsAreDrawn() throws Exception {
		Site site = Designs.site(folder, """
				site s {
					feed a voltage 230 amps 4
					room r {
						rack k height 6 feeds a {
							server one : TwoU at 1
							server two : OneU at 3
							pdu strip : Strip { inlet a }
						}
					}
				}
				""");
		Device two = Sites.devicesOf(site).get(1);
		RackView rack = Elevation.of(site, null,
				Elevation.problems(Map.of(two, new Problem(true, "Address outside subnet")))).get(0);
		assertEquals(3, rack.usedUnits());
		assertEquals(1800, rack.drawWatts(), "one PSU rating per device: 1000 + 800");
		assertEquals(920, rack.budgetWatts());
		assertTrue(rack.overBudget());
		Drawing drawing = ElevationLayout.draw(List.of(rack), ColourBy.ROLE);
		// roles get distinct colours: here the kinds (no profiles), server first, then the PDU
		List<Box> legend = drawing.shapes(Box.class, "legend");
		assertEquals(List.of("legend:server", "legend:pdu"), legend.stream().map(Box::id).toList());
		assertTrue(legend.get(0).fill() != legend.get(1).fill());
		assertEquals(legend.get(0).fill(), front(drawing, "device:one").fill());
		String summary = drawing.shapes(Label.class, "summary-units").get(0).text();
		assertEquals("3 U used, 3 U free", summary);
		Label power = drawing.shapes(Label.class, "summary-power").get(0);
		assertEquals("draw 1.8 kW of 920 W per feed - over budget", power.text());
		assertEquals(Palette.OVER_BUDGET, power.colour());
		assertEquals(Palette.ERROR, front(drawing, "device:two").stroke(), "the device with an error is outlined red");
		assertNotNull(drawing.boxAt(front(drawing, "device:two").x() + 3, front(drawing, "device:two").y() + 3,
				"device"));
		assertEquals(2, drawing.shapes(Label.class, "device-problem").stream().filter(p -> p.id().equals("device:two"))
				.count(), "marked on the front and on the rear of the full-depth server");
		assertEquals("device:strip", drawing.shapes(Box.class, "device").stream()
				.filter(b -> b.id().equals("device:strip")).findFirst().orElseThrow().id(), "zero-U strip is drawn");
	}

	@Test
	void emptySiteSaysSo() throws Exception {
		Site site = Designs.site(folder, "site s { }");
		Drawing drawing = ElevationLayout.draw(Elevation.of(site, null, Elevation.Problems.NONE), ColourBy.KIND);
		assertEquals("No racks in this site.", drawing.shapes(Label.class, "message").get(0).text());
		assertNull(drawing.boxAt(20, 20, "device"));
	}

	private static Box front(Drawing drawing, String id) {
		// the front face is drawn first, left of the rear face
		return drawing.shapes(Box.class, "device").stream().filter(b -> b.id().equals(id)).findFirst()
				.orElseThrow(() -> new AssertionError("no box " + id));
	}

	private static Placement placement(RackView rack, String name) {
		return rack.placed().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
	}

	private static String names(List<Placement> placements) {
		return placements.stream().map(Placement::name).collect(Collectors.joining(","));
	}
}
