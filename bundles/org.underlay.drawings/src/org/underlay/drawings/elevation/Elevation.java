package org.underlay.drawings.elevation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.underlay.dsl.model.Power;
import org.underlay.dsl.model.Racks;
import org.underlay.dsl.params.ParamResolver;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceKind;
import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.Face;
import org.underlay.dsl.underlay.Numbering;
import org.underlay.dsl.underlay.PowerFeed;
import org.underlay.dsl.underlay.Profile;
import org.underlay.dsl.underlay.Rack;
import org.underlay.dsl.underlay.Room;
import org.underlay.dsl.underlay.Side;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.underlay.UnderlayPackage;


/**
 * What a rack elevation shows, computed from the design: per rack, which device stands at which units on which face
 * and side, the zero-U devices, used and free units, and nameplate power draw against the feed budget. Plain data,
 * drawn by {@link ElevationLayout}.
 */
public final class Elevation {

	/** A problem the validator found on a device, to mark it in the drawing. */
	public record Problem(boolean error, String message) {
	}

	/** Where problems come from: the editor's markers, the CLI's validator, or nowhere. */
	@FunctionalInterface
	public interface Problems {
		Problems NONE = device -> null;

		Problem of(Device device);
	}

	/**
	 * A device in a rack. {@code face} is null for a full-depth device (seen from both faces), {@code side} null for
	 * a full-width one; {@code height} is 0 for zero-U devices (vertical PDUs).
	 */
	public record Placement(Device device, String name, String model, DeviceKind kind, int position, int height,
			Face face, Side side, String role, Problem problem) {

		public boolean seenFrom(Face viewed) {
			return face == null || face == viewed;
		}

		public String units() {
			return Racks.units(position, Math.max(1, height));
		}
	}

	/**
	 * One rack: devices with a position, zero-U devices, unplaced devices (no 'at', so not drawn in the units),
	 * units used on either face, and the power picture: {@code drawWatts} is each device's PSU rating (redundant
	 * PSUs share one load), {@code budgetWatts} the smallest feed of the rack (with A/B feeds each must carry the
	 * whole rack), 0 when the rack names no feed.
	 */
	public record RackView(Rack rack, String name, String room, int height, boolean topDown, List<Placement> placed,
			List<Placement> zeroU, List<Placement> unplaced, int usedUnits, long drawWatts, long budgetWatts) {

		public int freeUnits() {
			return height - usedUnits;
		}

		public boolean overBudget() {
			return budgetWatts > 0 && drawWatts > budgetWatts;
		}

		/** The placed device occupying unit {@code unit} as seen from {@code face}, or null. */
		public List<Placement> at(int unit, Face face) {
			List<Placement> result = new ArrayList<>();
			for (Placement p : placed) {
				if (p.seenFrom(face) && unit >= p.position() && unit < p.position() + Math.max(1, p.height())) {
					result.add(p);
				}
			}
			return result;
		}
	}

	private Elevation() {
	}

	/** The racks of a site, or of one of its rooms ({@code room} null: all rooms), in the order written. */
	public static List<RackView> of(Site site, String room, Problems problems) {
		List<RackView> racks = new ArrayList<>();
		for (Room r : site.getRooms()) {
			if (room == null || room.equals(r.getName())) {
				for (Rack rack : r.getRacks()) {
					racks.add(of(rack, problems));
				}
			}
		}
		return racks;
	}

	public static RackView of(Rack rack, Problems problems) {
		List<Placement> placed = new ArrayList<>();
		List<Placement> zeroU = new ArrayList<>();
		List<Placement> unplaced = new ArrayList<>();
		long draw = 0;
		boolean[] used = new boolean[Math.max(0, rack.getHeight()) + 1];
		for (Device device : rack.getDevices()) {
			DeviceType type = device.getType();
			boolean resolved = type != null && !type.eIsProxy();
			int height = resolved ? type.getHeight() : 1;
			Face face = resolved && type.isHalfDepth() ? device.getFace() : null;
			Side side = resolved && type.isHalfWidth() && sideGiven(device) ? device.getSide() : null;
			Placement placement = new Placement(device, device.getName(), resolved ? model(type) : "?",
					device.getKind(), device.getPosition(), height, face, side, role(device), problems.of(device));
			if (resolved) {
				draw += type.getPsuCount() > 0 ? type.getPsuWatts() : 0;
			}
			if (resolved && height == 0) {
				zeroU.add(placement);
			} else if (!Racks.isPlaced(device)) {
				unplaced.add(placement);
			} else {
				placed.add(placement);
				for (int u = device.getPosition(); u < device.getPosition() + height; u++) {
					if (u > 0 && u < used.length) {
						used[u] = true;
					}
				}
			}
		}
		int usedUnits = 0;
		for (boolean u : used) {
			usedUnits += u ? 1 : 0;
		}
		long budget = 0;
		for (PowerFeed feed : rack.getFeeds()) {
			if (feed != null && !feed.eIsProxy()) {
				long watts = Power.feedWatts(feed);
				budget = budget == 0 ? watts : Math.min(budget, watts);
			}
		}
		Room room = (Room) rack.eContainer();
		return new RackView(rack, rack.getName(), room == null ? null : room.getName(), rack.getHeight(),
				rack.getNumbering() == Numbering.TOP_DOWN, placed, zeroU, unplaced, usedUnits,
				draw, budget);
	}

	private static boolean sideGiven(Device device) {
		return !NodeModelUtils
				.findNodesForFeature(device, UnderlayPackage.Literals.DEVICE__SIDE).isEmpty();
	}

	/** "Dell PowerEdge R650", or the type's name when it has no vendor/model. */
	public static String model(DeviceType type) {
		String vendor = type.getVendor() == null ? "" : type.getVendor();
		String model = type.getModel() == null ? "" : type.getModel();
		String text = (vendor + " " + model).trim();
		return text.isEmpty() ? type.getName() : text;
	}

	/** The device's role: its last profile (the most specific: "profile base, web" is a web server), else its kind. */
	public static String role(Device device) {
		List<Profile> profiles = ParamResolver.profilesOf(device);
		return profiles.isEmpty() ? device.getKind().getLiteral() : profiles.get(profiles.size() - 1).getName();
	}

	/** Problems from a map (tests, the CLI). */
	public static Problems problems(Map<Device, Problem> map) {
		return map::get;
	}
}
