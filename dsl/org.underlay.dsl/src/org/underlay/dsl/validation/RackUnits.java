package org.underlay.dsl.validation;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.Rack;
import org.underlay.dsl.underlay.Room;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.underlay.UnderlayPackage.Literals;

/** Rack-unit arithmetic shared by the validator and, later, the views and quick fixes. */
public final class RackUnits {

	private RackUnits() {
	}

	/** Height in U of the device's type, or null while the type is unresolved. */
	public static Integer heightOf(Device device) {
		DeviceType type = device.getType();
		if (type == null || type.eIsProxy()) {
			return null;
		}
		return type.getHeight();
	}

	public static boolean isPlaced(Device device) {
		return !NodeModelUtils.findNodesForFeature(device, Literals.DEVICE__POSITION).isEmpty()
				|| device.getPosition() != 0;
	}

	public static List<Device> devicesOf(Site site) {
		List<Device> devices = new ArrayList<>();
		for (Room room : site.getRooms()) {
			for (Rack rack : room.getRacks()) {
				devices.addAll(rack.getDevices());
			}
		}
		return devices;
	}

	/** "unit 10" for one unit, "units 10-11" for two. */
	public static String units(int position, int height) {
		return height <= 1 ? "unit " + position : "units " + position + "-" + (position + height - 1);
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
		BitSet used = new BitSet(rack.getHeight() + 1);
		for (Device other : rack.getDevices()) {
			Integer h = heightOf(other);
			if (other == device || h == null || h == 0 || !isPlaced(other)) {
				continue;
			}
			int from = Math.max(0, other.getPosition());
			used.set(from, Math.max(from, other.getPosition() + h));
		}
		for (int position = 1; position + height - 1 <= rack.getHeight(); position++) {
			int clash = used.nextSetBit(position);
			if (clash < 0 || clash >= position + height) {
				return Integer.toString(position);
			}
			position = clash; // skip past the occupied unit
		}
		return null;
	}
}
