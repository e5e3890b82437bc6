package org.underlay.dsl.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.Check;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.PackageElement;
import org.underlay.dsl.underlay.PortSpec;
import org.underlay.dsl.underlay.Rack;
import org.underlay.dsl.underlay.Room;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.underlay.UnderlayPackage.Literals;

/**
 * Rules over one design file. Each rule is one {@code @Check} method and reports with an {@link IssueCodes} code and
 * the data a quick fix needs. Validators never touch the network.
 */
public class UnderlayValidator extends AbstractUnderlayValidator {

	/** Highest rack we accept; real racks are 42–52 U, 60 leaves room for odd ones. */
	static final int MAX_RACK_HEIGHT = 60;

	@Check
	public void checkUniqueTopLevelNames(Design design) {
		reportDuplicates(design.getElements(), PackageElement::getName, Literals.PACKAGE_ELEMENT__NAME, "element");
	}

	@Check
	public void checkUniqueRoomNames(Site site) {
		reportDuplicates(site.getRooms(), Room::getName, Literals.ROOM__NAME, "room");
	}

	@Check
	public void checkUniqueRackNames(Room room) {
		reportDuplicates(room.getRacks(), Rack::getName, Literals.RACK__NAME, "rack");
	}

	/** Device names are host names: unique in the whole site, not just in their rack. */
	@Check
	public void checkUniqueDeviceNames(Site site) {
		reportDuplicates(RackUnits.devicesOf(site), Device::getName, Literals.DEVICE__NAME, "device");
	}

	@Check
	public void checkUniquePortNames(DeviceType type) {
		Map<String, PortSpec> seen = new HashMap<>();
		for (PortSpec port : type.getPorts()) {
			for (String name : Ports.expand(port)) {
				PortSpec first = seen.putIfAbsent(name, port);
				if (first != null && first != port) {
					error("Port '" + name + "' is declared twice in device type '" + type.getName() + "'", port,
							Literals.PORT_SPEC__NAME, IssueCodes.DUPLICATE_NAME, name);
					break;
				}
			}
		}
	}

	@Check
	public void checkDeviceTypeProperties(DeviceType type) {
		if (count(type, Literals.DEVICE_TYPE__HEIGHT) == 0) {
			error("Device type '" + type.getName() + "' needs a height in rack units ('height 1'; 0 for zero-U)", type,
					Literals.PACKAGE_ELEMENT__NAME, IssueCodes.MISSING_PROPERTY, "height");
		}
		for (EStructuralFeature feature : List.of(Literals.DEVICE_TYPE__HEIGHT, Literals.DEVICE_TYPE__VENDOR,
				Literals.DEVICE_TYPE__MODEL)) {
			if (count(type, feature) > 1) {
				error("'" + feature.getName() + "' is given more than once in device type '" + type.getName() + "'", type,
						Literals.PACKAGE_ELEMENT__NAME, IssueCodes.REPEATED_PROPERTY, feature.getName());
			}
		}
	}

	@Check
	public void checkPortRange(PortSpec port) {
		if (count(port, Literals.PORT_SPEC__LAST) == 0) {
			return;
		}
		Integer first = Ports.trailingNumber(port.getName());
		if (first == null) {
			error("A port range needs a name ending in a number, like 'Ethernet1..48'", port, Literals.PORT_SPEC__NAME,
					IssueCodes.INVALID_PORT_RANGE);
		} else if (port.getLast() < first) {
			error("Port range " + port.getName() + ".." + port.getLast() + " runs backwards", port,
					Literals.PORT_SPEC__LAST, IssueCodes.INVALID_PORT_RANGE);
		}
	}

	@Check
	public void checkRackHeight(Rack rack) {
		if (rack.getHeight() < 1 || rack.getHeight() > MAX_RACK_HEIGHT) {
			error("Rack height must be between 1 and " + MAX_RACK_HEIGHT + " U, not " + rack.getHeight(), rack,
					Literals.RACK__HEIGHT, IssueCodes.INVALID_RACK_HEIGHT);
		}
	}

	@Check
	public void checkDevicePosition(Device device) {
		Integer height = RackUnits.heightOf(device);
		if (height == null || height == 0 || !(device.eContainer() instanceof Rack rack)) {
			return; // unresolved type (reported by the linker) or zero-U
		}
		if (count(device, Literals.DEVICE__POSITION) == 0) {
			error(device.getName() + " is " + height + " U high and needs a position ('at <unit>')", device,
					Literals.DEVICE__NAME, IssueCodes.MISSING_POSITION, freeData(rack, device));
			return;
		}
		int top = device.getPosition() + height - 1;
		if (device.getPosition() < 1 || top > rack.getHeight()) {
			error(device.getName() + " occupies " + RackUnits.units(device.getPosition(), height) + " but rack "
					+ rack.getName() + " has units 1-" + rack.getHeight(), device, Literals.DEVICE__POSITION,
					IssueCodes.BEYOND_RACK, freeData(rack, device));
		}
	}

	/** Devices are full depth for now: front and rear share a unit. */
	@Check
	public void checkRackUnitOverlap(Rack rack) {
		Map<Integer, Device> owner = new HashMap<>();
		for (Device device : rack.getDevices()) {
			Integer height = RackUnits.heightOf(device);
			if (height == null || height == 0 || count(device, Literals.DEVICE__POSITION) == 0) {
				continue;
			}
			for (int unit = device.getPosition(); unit < device.getPosition() + height; unit++) {
				Device other = owner.putIfAbsent(unit, device);
				if (other != null) {
					String free = RackUnits.firstFreePosition(rack, device);
					error(device.getName() + " (" + RackUnits.units(device.getPosition(), height)
							+ ") overlaps " + other.getName() + " at unit " + unit + " in rack " + rack.getName()
							+ (free != null ? "; first free position: " + free : "; the rack has no room left"),
							device, Literals.DEVICE__POSITION, IssueCodes.RACK_UNIT_OVERLAP, other.getName(),
							free != null ? free : "");
					break;
				}
			}
		}
	}

	private static String[] freeData(Rack rack, Device device) {
		String free = RackUnits.firstFreePosition(rack, device);
		return free == null ? new String[0] : new String[] { free };
	}

	private <T extends EObject> void reportDuplicates(List<T> elements, Function<T, String> name,
			EStructuralFeature feature, String kind) {
		Map<String, T> seen = new HashMap<>();
		for (T element : elements) {
			String n = name.apply(element);
			if (n == null) {
				continue;
			}
			T first = seen.putIfAbsent(n, element);
			if (first != null) {
				error("Duplicate " + kind + " '" + n + "'", element, feature, IssueCodes.DUPLICATE_NAME, n);
			}
		}
	}

	/** How often a feature is written in the text (an int attribute cannot tell 'absent' from 0). */
	private static int count(EObject object, EStructuralFeature feature) {
		return NodeModelUtils.findNodesForFeature(object, feature).size();
	}
}
