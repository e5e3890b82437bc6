package org.underlay.dsl.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.Face;
import org.underlay.dsl.underlay.Rack;
import org.underlay.dsl.underlay.Side;
import org.underlay.dsl.underlay.UnderlayPackage.Literals;

/**
 * Rack-unit arithmetic shared by the validator, quick fixes, planner and drawings. Each unit has four slots: front-left,
 * front-right, rear-left, rear-right. A full-depth device takes both faces, a full-width device both sides.
 */
public final class Racks {

	private static final int FRONT_LEFT = 1;
	private static final int FRONT_RIGHT = 2;
	private static final int REAR_LEFT = 4;
	private static final int REAR_RIGHT = 8;

	private Racks() {
	}

	/** Height in U of the device's type, or null while the type is unresolved. */
	public static Integer heightOf(Device device) {
		DeviceType type = device.getType();
		if (type == null || type.eIsProxy()) {
			return null;
		}
		return type.getHeight();
	}

	/** Whether the text gives the device a position ('at'). */
	public static boolean isPlaced(Device device) {
		return !NodeModelUtils.findNodesForFeature(device, Literals.DEVICE__POSITION).isEmpty()
				|| device.getPosition() != 0;
	}

	/** The slots of a unit the device takes, as a bit mask of FRONT_LEFT .. REAR_RIGHT. */
	public static int slotsOf(Device device) {
		DeviceType type = device.getType();
		boolean halfDepth = type != null && !type.eIsProxy() && type.isHalfDepth();
		boolean halfWidth = type != null && !type.eIsProxy() && type.isHalfWidth();
		boolean sideGiven = !NodeModelUtils.findNodesForFeature(device, Literals.DEVICE__SIDE).isEmpty();
		int left = FRONT_LEFT | REAR_LEFT;
		int right = FRONT_RIGHT | REAR_RIGHT;
		int width = !halfWidth || !sideGiven ? left | right : device.getSide() == Side.LEFT ? left : right;
		int depth = !halfDepth ? 0xF : device.getFace() == Face.REAR ? REAR_LEFT | REAR_RIGHT : FRONT_LEFT | FRONT_RIGHT;
		return width & depth;
	}

	/** "unit 10" for one unit, "units 10-11" for two. */
	public static String units(int position, int height) {
		return height <= 1 ? "unit " + position : "units " + position + "-" + (position + height - 1);
	}

	/** Slot masks per unit (index = unit number) of every placed device of the rack but {@code except}. */
	private static int[] occupancy(Rack rack, Device except) {
		int[] used = new int[Math.max(0, rack.getHeight()) + 2];
		for (Device other : rack.getDevices()) {
			Integer h = heightOf(other);
			if (other == except || h == null || h == 0 || !isPlaced(other)) {
				continue;
			}
			int slots = slotsOf(other);
			for (int unit = Math.max(0, other.getPosition()); unit < other.getPosition() + h && unit < used.length; unit++) {
				used[unit] |= slots;
			}
		}
		return used;
	}

	/**
	 * Where {@code device} fits without touching any other placed device of the rack, nearest to where it is first:
	 * for each way it can sit (full-width devices one, half-width devices on either side) the nearest position below or
	 * at its unit and the nearest above it, ordered by distance, then keeping its side, then lower units; at most
	 * {@code max}. A position is "39", or "39 right" when the device would change side. Empty when nothing fits.
	 */
	public static List<String> nearestFreePositions(Rack rack, Device device, int max) {
		Integer height = heightOf(device);
		if (height == null || height < 1 || !isPlaced(device)) {
			return List.of();
		}
		int[] used = occupancy(rack, device);
		int here = device.getPosition();
		int slots = slotsOf(device);
		List<Candidate> candidates = new ArrayList<>();
		addNearest(candidates, used, rack.getHeight(), height, here, slots, null, 0);
		if (device.getType().isHalfWidth()) {
			boolean sideGiven = !NodeModelUtils.findNodesForFeature(device, Literals.DEVICE__SIDE).isEmpty();
			// the same faces as now, on one side
			boolean front = (slots & (FRONT_LEFT | FRONT_RIGHT)) != 0;
			boolean rear = (slots & (REAR_LEFT | REAR_RIGHT)) != 0;
			int left = (front ? FRONT_LEFT : 0) | (rear ? REAR_LEFT : 0);
			int right = (front ? FRONT_RIGHT : 0) | (rear ? REAR_RIGHT : 0);
			if (!sideGiven || device.getSide() != Side.LEFT) {
				addNearest(candidates, used, rack.getHeight(), height, here, left, Side.LEFT, 1);
			}
			if (!sideGiven || device.getSide() != Side.RIGHT) {
				addNearest(candidates, used, rack.getHeight(), height, here, right, Side.RIGHT, 1);
			}
		}
		candidates.sort(Comparator.comparingInt((Candidate c) -> Math.abs(c.position - here))
				.thenComparingInt(c -> c.rank).thenComparingInt(c -> c.position));
		List<String> positions = new ArrayList<>();
		for (Candidate c : candidates) {
			String text = c.side == null ? Integer.toString(c.position) : c.position + " " + c.side.getLiteral();
			if (positions.size() < max && !positions.contains(text)) {
				positions.add(text);
			}
		}
		return positions;
	}

	private record Candidate(int position, Side side, int rank) {
	}

	/** The nearest position at or below {@code here} and the nearest above it where {@code slots} are free. */
	private static void addNearest(List<Candidate> into, int[] used, int rackHeight, int height, int here, int slots,
			Side side, int rank) {
		int start = Math.min(here, rackHeight - height + 1);
		for (int position = side == null ? Math.min(start, here - 1) : start; position >= 1; position--) {
			if (fits(used, position, height, slots)) {
				into.add(new Candidate(position, side, rank));
				break;
			}
		}
		for (int position = Math.max(here + 1, 1); position + height - 1 <= rackHeight; position++) {
			if (fits(used, position, height, slots)) {
				into.add(new Candidate(position, side, rank));
				break;
			}
		}
	}

	private static boolean fits(int[] used, int position, int height, int slots) {
		for (int unit = position; unit < position + height; unit++) {
			if ((used[unit] & slots) != 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The lowest unit where {@code device} fits without touching any other placed device of the rack, or null when
	 * the rack has no such gap.
	 */
	public static String firstFreePosition(Rack rack, Device device) {
		Integer height = heightOf(device);
		if (height == null || height < 1) {
			return null;
		}
		int[] used = occupancy(rack, device);
		int slots = slotsOf(device);
		for (int position = 1; position + height - 1 <= rack.getHeight(); position++) {
			boolean fits = true;
			for (int unit = position; unit < position + height; unit++) {
				if ((used[unit] & slots) != 0) {
					fits = false;
					position = unit; // the next try starts above the clash
					break;
				}
			}
			if (fits) {
				return Integer.toString(position);
			}
		}
		return null;
	}
}
