package org.underlay.drawings.elevation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.underlay.drawings.Drawing.Anchor;
import org.underlay.drawings.Drawing.Box;
import org.underlay.drawings.Drawing.Label;
import org.underlay.drawings.Drawing;
import org.underlay.drawings.Palette;
import org.underlay.drawings.elevation.Elevation.Placement;
import org.underlay.drawings.elevation.Elevation.RackView;
import org.underlay.dsl.underlay.Face;
import org.underlay.dsl.underlay.Side;

/**
 * Draws rack elevations: racks side by side, each with its front and rear face, unit numbers in the rack's
 * numbering direction, devices to scale (half-width devices on their side), empty units, zero-U devices as vertical
 * strips beside the rear face, and a summary under each rack (used/free units, power draw against the feed budget).
 */
public final class ElevationLayout {

	public enum ColourBy {
		/** server, switch, PDU, patch panel */
		KIND,
		/** the device's role (its most specific profile) */
		ROLE
	}

	public static final double UNIT = 18;
	static final double NUMBERS = 26;
	static final double SLOTS = 190;
	static final double RAIL = 6;
	static final double FACE_GAP = 18;
	static final double STRIP = 15;
	static final double RACK_GAP = 44;
	static final double HEADER = 44;
	static final double MARGIN = 16;

	private ElevationLayout() {
	}

	public static Drawing draw(List<RackView> racks, ColourBy colourBy) {
		return draw(racks, colourBy, Map.of());
	}

	/**
	 * With drift overlaid: each device named in {@code drift} (host name to what differs) gets a thick magenta
	 * outline and the differences in its tooltip.
	 */
	public static Drawing draw(List<RackView> racks, ColourBy colourBy, Map<String, String> drift) {
		Drawing drawing = new Drawing();
		List<Placement> all = racks.stream()
				.flatMap(r -> Stream.concat(r.placed().stream(), r.zeroU().stream())).toList();
		Map<String, Integer> roles = new LinkedHashMap<>();
		if (colourBy == ColourBy.ROLE) {
			roles.putAll(Palette.roles(all.stream().map(Placement::role).toList()));
		} else {
			all.forEach(p -> roles.putIfAbsent(p.kind().getLiteral(), Palette.of(p.kind())));
		}
		double x = MARGIN;
		double bottom = 0;
		for (RackView rack : racks) {
			x = drawRack(drawing, rack, x, colourBy, roles) + RACK_GAP;
			bottom = Math.max(bottom, MARGIN + HEADER + rack.height() * UNIT + 62);
		}
		for (Drawing.Box box : drawing.shapes(Box.class, "device")) {
			String name = box.id().substring("device:".length());
			if (drift.containsKey(name)) {
				drawing.add(outline(box, name + " drifted from the design:\n" + drift.get(name)));
			}
		}
		// legend: what each colour stands for
		double lx = MARGIN;
		if (!drift.isEmpty()) {
			drawing.add(new Box(lx, bottom + 10, 12, 12, Palette.BACKGROUND, Palette.DRIFT, 3, "legend", "legend:drift",
					null, null));
			drawing.add(new Label(lx + 16, bottom + 20, "drift (" + drift.size() + ")", 11, true, Palette.DRIFT,
					Anchor.START, false, "legend", "legend:drift", null));
			lx += 90;
		}
		for (Map.Entry<String, Integer> role : roles.entrySet()) {
			drawing.add(new Box(lx, bottom + 10, 12, 12, role.getValue(), Palette.RAIL, 0.5, "legend",
					"legend:" + role.getKey(), null, null));
			drawing.add(new Label(lx + 16, bottom + 20, role.getKey(), 11, false, Palette.INK, Anchor.START, false,
					"legend", "legend:" + role.getKey(), null));
			lx += 36 + role.getKey().length() * 7;
		}
		if (racks.isEmpty()) {
			drawing.add(new Label(MARGIN, MARGIN + 14, "No racks in this site.", 13, false, Palette.MUTED, Anchor.START,
					false, "message", "message", null));
		}
		drawing.pad(MARGIN, MARGIN);
		return drawing;
	}

	/** Draws one rack at {@code x}; returns the x where it ends. */
	private static double drawRack(Drawing d, RackView rack, double x, ColourBy colourBy,
			Map<String, Integer> roles) {
		double faceWidth = NUMBERS + 2 * RAIL + SLOTS;
		double stripWidth = rack.zeroU().size() * (STRIP + 3);
		double width = 2 * faceWidth + FACE_GAP + stripWidth;
		double top = MARGIN + HEADER;
		double rackHeight = rack.height() * UNIT;
		String rackId = "rack:" + rack.name();
		d.add(new Box(x - 6, MARGIN, width + 12, HEADER + rackHeight + 62, Palette.RACK_GROUP, Palette.RACK_GROUP, 0,
				"rack", rackId, rack.rack(), rack.name() + (rack.room() == null ? "" : " in room " + rack.room())));
		d.add(new Label(x, MARGIN + 16, rack.name(), 15, true, Palette.INK, Anchor.START, false, "rack-name", rackId,
				rack.rack()));
		d.add(new Label(x + width, MARGIN + 16, rack.height() + " U" + (rack.topDown() ? ", numbered top-down" : ""), 11,
				false, Palette.MUTED, Anchor.END, false, "rack-info", rackId, rack.rack()));
		for (Face face : Face.values()) {
			double fx = face == Face.FRONT ? x : x + faceWidth + FACE_GAP;
			d.add(new Label(fx + faceWidth / 2, top - 8, face == Face.FRONT ? "front" : "rear", 11, false, Palette.MUTED,
					Anchor.MIDDLE, false, "face", rackId + ":" + face.getLiteral(), rack.rack()));
			drawFace(d, rack, face, fx, top, colourBy, roles);
		}
		// zero-U devices: vertical strips beside the rear face
		double sx = x + 2 * faceWidth + FACE_GAP + 3;
		for (Placement p : rack.zeroU()) {
			String id = "device:" + p.name();
			d.add(new Box(sx, top, STRIP, rackHeight, fill(p, colourBy, roles), stroke(p), p.problem() == null ? 1 : 2.5,
					"device", id, p.device(), tooltip(p)));
			d.add(new Label(sx + STRIP / 2 + 4, top + rackHeight / 2, p.name(), 10, false, Palette.INK, Anchor.MIDDLE,
					true, "device-name", id, p.device()));
			sx += STRIP + 3;
		}
		// summary
		double sy = top + rackHeight + 18;
		d.add(new Label(x, sy, rack.usedUnits() + " U used, " + rack.freeUnits() + " U free"
				+ (rack.unplaced().isEmpty() ? "" : ", " + rack.unplaced().size() + " without position"), 11, false,
				Palette.INK, Anchor.START, false, "summary-units", rackId, rack.rack()));
		String power = rack.budgetWatts() == 0 ? "draw " + kw(rack.drawWatts()) + " (no feed named)"
				: "draw " + kw(rack.drawWatts()) + " of " + kw(rack.budgetWatts()) + " per feed"
						+ (rack.overBudget() ? " - over budget" : "");
		d.add(new Label(x, sy + 16, power, 11, rack.overBudget(), rack.overBudget() ? Palette.OVER_BUDGET
				: rack.budgetWatts() == 0 ? Palette.MUTED : Palette.WITHIN_BUDGET, Anchor.START, false, "summary-power",
				rackId, rack.rack()));
		return x + width;
	}

	private static void drawFace(Drawing d, RackView rack, Face face, double x, double top, ColourBy colourBy,
			Map<String, Integer> roles) {
		double slotsX = x + NUMBERS + RAIL;
		// rails and unit grid
		d.add(new Box(x + NUMBERS, top - 2, SLOTS + 2 * RAIL, rack.height() * UNIT + 4, Palette.RAIL, Palette.RAIL, 0,
				"rail", "rack:" + rack.name(), rack.rack(), null));
		for (int unit = 1; unit <= rack.height(); unit++) {
			double y = yOf(rack, unit, 1, top);
			d.add(new Label(x + NUMBERS - 5, y + UNIT - 5, Integer.toString(unit), 9, false, Palette.MUTED, Anchor.END,
					false, "unit-number", "unit:" + rack.name() + ":" + unit, null));
			if (rack.at(unit, face).isEmpty()) {
				d.add(new Box(slotsX, y + 0.5, SLOTS, UNIT - 1, Palette.EMPTY_UNIT, Palette.UNIT_LINE, 0.5, "empty-unit",
						"unit:" + rack.name() + ":" + face.getLiteral() + ":" + unit, rack.rack(), null));
			}
		}
		List<Placement> shown = new ArrayList<>();
		for (Placement p : rack.placed()) {
			int height = Math.max(1, p.height());
			// outside the rack: the validator says so; nothing sensible to draw
			if (p.seenFrom(face) && p.position() >= 1 && p.position() + height - 1 <= rack.height()) {
				shown.add(p);
			}
		}
		Map<Placement, int[]> lanes = lanes(shown);
		for (Placement p : shown) {
			int height = Math.max(1, p.height());
			double y = yOf(rack, p.position(), height, top);
			int[] lane = lanes.get(p);
			double w = (p.side() == null ? SLOTS : SLOTS / 2) / lane[1];
			double dx = (p.side() == Side.RIGHT ? SLOTS / 2 : 0) + lane[0] * w;
			boolean back = p.face() == null && face == Face.REAR; // the back of a full-depth device
			String id = "device:" + p.name();
			int fill = fill(p, colourBy, roles);
			d.add(new Box(slotsX + dx + 1, y + 1, w - 2, height * UNIT - 2, back ? lighter(fill) : fill, stroke(p),
					p.problem() == null ? 1 : 2.5, "device", id, p.device(), tooltip(p)));
			double cy = y + height * UNIT / 2;
			String name = back ? p.name() + " (rear)" : p.name();
			if (height >= 2 && w > 100) {
				d.add(new Label(slotsX + dx + 6, cy - 2, name, 11, true, Palette.INK, Anchor.START, false,
						"device-name", id, p.device()));
				d.add(new Label(slotsX + dx + 6, cy + 11, fit(p.model(), w - 12, 10), 10, false, Palette.MUTED,
						Anchor.START, false, "device-type", id, p.device()));
			} else {
				d.add(new Label(slotsX + dx + 6, cy + 4, fit(name + (w > 100 ? "  " + p.model() : ""), w - 12, 11), 11,
						!back, Palette.INK, Anchor.START, false, "device-name", id, p.device()));
			}
			if (p.problem() != null) {
				d.add(new Label(slotsX + dx + w - 8, cy + 5, "!", 13, true, stroke(p), Anchor.END, false,
						"device-problem", id, p.device()));
			}
		}
	}

	/**
	 * Devices that overlap (a mistake the validator reports on both) are drawn side by side in lanes, so neither
	 * hides the other: per placement its lane and the number of lanes it shares its space with. Everything else is
	 * in lane 0 of 1.
	 */
	private static Map<Placement, int[]> lanes(List<Placement> shown) {
		Map<Placement, int[]> lanes = new LinkedHashMap<>();
		for (Placement p : shown) {
			int lane = 0;
			while (true) {
				int candidate = lane;
				if (shown.stream().noneMatch(q -> lanes.containsKey(q) && lanes.get(q)[0] == candidate && overlap(p, q))) {
					break;
				}
				lane++;
			}
			lanes.put(p, new int[] { lane, 1 });
		}
		for (Placement p : shown) {
			int count = 1;
			for (Placement q : shown) {
				if (overlap(p, q)) {
					count = Math.max(count, lanes.get(q)[0] + 1);
				}
			}
			lanes.get(p)[1] = Math.max(count, lanes.get(p)[0] + 1);
		}
		return lanes;
	}

	/** Whether two placements on one face share a unit and a side. */
	private static boolean overlap(Placement a, Placement b) {
		int aTop = a.position() + Math.max(1, a.height()) - 1;
		int bTop = b.position() + Math.max(1, b.height()) - 1;
		boolean sides = a.side() == null || b.side() == null || a.side() == b.side();
		return a != b && sides && a.position() <= bTop && b.position() <= aTop;
	}

	/** A magenta outline around a box (drift), as a closed line so the box's own colours show through. */
	public static Drawing.Line outline(Box box, String text) {
		double m = 2.5;
		List<double[]> points = List.of(new double[] { box.x() - m, box.y() - m },
				new double[] { box.x() + box.w() + m, box.y() - m },
				new double[] { box.x() + box.w() + m, box.y() + box.h() + m },
				new double[] { box.x() - m, box.y() + box.h() + m }, new double[] { box.x() - m, box.y() - m });
		return new Drawing.Line(points, Palette.DRIFT, 3, false, "drift", box.id(), text);
	}

	/** The top of a device of {@code height} units standing at {@code position}. */
	static double yOf(RackView rack, int position, int height, double top) {
		return rack.topDown() ? top + (position - 1) * UNIT : top + (rack.height() - (position + height - 1)) * UNIT;
	}

	private static int fill(Placement p, ColourBy colourBy, Map<String, Integer> roles) {
		return colourBy == ColourBy.ROLE ? roles.getOrDefault(p.role(), Palette.ofRole(p.role())) : Palette.of(p.kind());
	}

	private static int stroke(Placement p) {
		return p.problem() == null ? Palette.RAIL : p.problem().error() ? Palette.ERROR : Palette.WARNING;
	}

	private static int lighter(int rgb) {
		int r = ((rgb >> 16) & 0xff) + (255 - ((rgb >> 16) & 0xff)) / 2;
		int g = ((rgb >> 8) & 0xff) + (255 - ((rgb >> 8) & 0xff)) / 2;
		int b = (rgb & 0xff) + (255 - (rgb & 0xff)) / 2;
		return (r << 16) | (g << 8) | b;
	}

	private static String tooltip(Placement p) {
		StringBuilder text = new StringBuilder(p.name()).append(" - ").append(p.model());
		text.append('\n').append(p.height() == 0 ? "zero-U" : p.units());
		if (p.face() != null) {
			text.append(", ").append(p.face().getLiteral()).append(" half-depth");
		}
		if (p.side() != null) {
			text.append(", ").append(p.side().getLiteral()).append(" half");
		}
		text.append("\nrole ").append(p.role());
		if (p.problem() != null) {
			text.append('\n').append(p.problem().error() ? "error: " : "warning: ").append(p.problem().message());
		}
		return text.toString();
	}

	static String kw(long watts) {
		return watts >= 1000 ? String.format(Locale.ROOT, "%.1f kW", watts / 1000.0) : watts + " W";
	}

	/** Shortens text to about the width available at a font size (the back ends measure no fonts). */
	static String fit(String text, double width, double size) {
		int max = (int) (width / (size * 0.6));
		return text.length() <= max ? text : text.substring(0, Math.max(1, max - 1)) + "\u2026";
	}
}
