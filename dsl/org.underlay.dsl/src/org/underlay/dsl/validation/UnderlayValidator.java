package org.underlay.dsl.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.eclipse.xtext.validation.ComposedChecks;
import org.underlay.dsl.model.Ports;
import org.underlay.dsl.model.Racks;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.OutletSpec;
import org.underlay.dsl.underlay.PackageElement;
import org.underlay.dsl.underlay.PortSpec;
import org.underlay.dsl.underlay.Rack;
import org.underlay.dsl.underlay.Room;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.underlay.UnderlayPackage.Literals;

/**
 * Rules over names, device types and rack layout. Networks, power, params and automation have validators of their
 * own, composed here. Each rule is one {@code @Check} method and reports with an {@link IssueCodes} code and the
 * data a quick fix needs. Validators never touch the network.
 */
@ComposedChecks(validators = { NetworkValidator.class, PowerValidator.class, AutomationValidator.class,
		BindingValidator.class, ImportValidator.class, ImageValidator.class })
public class UnderlayValidator extends AbstractUnderlayValidator {

	/** Highest rack we accept; real racks are 42–52 U, 60 leaves room for odd ones. */
	static final int MAX_RACK_HEIGHT = 60;

	@Check
	public void checkUniqueTopLevelNames(Design design) {
		Names.reportDuplicates(this::error, design.getElements(), PackageElement::getName,
				Literals.PACKAGE_ELEMENT__NAME, "element");
	}

	@Check
	public void checkUniqueSiteMemberNames(Site site) {
		Names.reportDuplicates(this::error, site.getRooms(), Room::getName, Literals.ROOM__NAME, "room");
		Names.reportDuplicates(this::error, site.getNetworks(), n -> n.getName(), Literals.NETWORK__NAME, "network");
		Names.reportDuplicates(this::error, site.getFeeds(), f -> f.getName(), Literals.POWER_FEED__NAME, "feed");
	}

	@Check
	public void checkUniqueRackNames(Room room) {
		Names.reportDuplicates(this::error, room.getRacks(), Rack::getName, Literals.RACK__NAME, "rack");
	}

	/** Device names are host names: unique in the whole site, not just in their rack. */
	@Check
	public void checkUniqueDeviceNames(Site site) {
		Names.reportDuplicates(this::error, Sites.devicesOf(site), Device::getName, Literals.DEVICE__NAME, "device");
	}

	/** ... and across the sites of the whole design (all loaded files). */
	@Check(CheckType.NORMAL)
	public void checkHostNamesAcrossSites(Design design) {
		Map<String, List<Site>> sitesByHost = DesignIndex.of(design).hostSites();
		for (PackageElement element : design.getElements()) {
			if (element instanceof Site site) {
				for (Device device : Sites.devicesOf(site)) {
					for (Site other : sitesByHost.getOrDefault(device.getName(), List.of())) {
						if (other != site) {
							error("Host name " + device.getName() + " is also used in site " + other.getName(), device,
									Literals.DEVICE__NAME, IssueCodes.DUPLICATE_HOSTNAME, device.getName());
							break;
						}
					}
				}
			}
		}
	}

	@Check
	public void checkUniquePortNames(DeviceType type) {
		Map<String, EObject> seen = new HashMap<>();
		for (PortSpec port : type.getPorts()) {
			reportRepeatedNames(type, seen, Ports.expand(port), port, Literals.PORT_SPEC__NAME, "Port");
		}
		seen.clear();
		for (OutletSpec outlet : type.getOutlets()) {
			reportRepeatedNames(type, seen, Ports.expand(outlet), outlet, Literals.OUTLET_SPEC__NAME, "Outlet");
		}
	}

	private void reportRepeatedNames(DeviceType type, Map<String, EObject> seen, List<String> names, EObject owner,
			EStructuralFeature feature, String what) {
		for (String name : names) {
			EObject first = seen.putIfAbsent(name, owner);
			if (first != null && first != owner) {
				error(what + " '" + name + "' is declared twice in device type '" + type.getName() + "'", owner, feature,
						IssueCodes.DUPLICATE_NAME, name);
				return;
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
				Literals.DEVICE_TYPE__MODEL, Literals.DEVICE_TYPE__PSU_COUNT, Literals.DEVICE_TYPE__CAPACITY_WATTS,
				Literals.DEVICE_TYPE__BMC)) {
			if (count(type, feature) > 1) {
				error("'" + Names.keyword(feature) + "' is given more than once in device type '" + type.getName() + "'",
						type, Literals.PACKAGE_ELEMENT__NAME, IssueCodes.REPEATED_PROPERTY, feature.getName());
			}
		}
	}

	@Check
	public void checkPortRange(PortSpec port) {
		checkRange(port, port.getName(), port.getLast(), Literals.PORT_SPEC__NAME, Literals.PORT_SPEC__LAST, "port");
	}

	@Check
	public void checkOutletRange(OutletSpec outlet) {
		checkRange(outlet, outlet.getName(), outlet.getLast(), Literals.OUTLET_SPEC__NAME, Literals.OUTLET_SPEC__LAST,
				"outlet");
	}

	private void checkRange(EObject owner, String name, int last, EStructuralFeature nameFeature,
			EStructuralFeature lastFeature, String what) {
		if (count(owner, lastFeature) == 0) {
			return;
		}
		Integer first = Ports.trailingNumber(name);
		if (first == null) {
			error("A " + what + " range needs a name ending in a number, like 'Ethernet1..48'", owner, nameFeature,
					IssueCodes.INVALID_PORT_RANGE);
		} else if (last < first) {
			error("The " + what + " range " + name + ".." + last + " runs backwards", owner, lastFeature,
					IssueCodes.INVALID_PORT_RANGE);
		} else if (last - first >= Ports.MAX_RANGE) {
			error("The " + what + " range " + name + ".." + last + " is longer than " + Ports.MAX_RANGE, owner,
					lastFeature, IssueCodes.INVALID_PORT_RANGE);
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
		Integer height = Racks.heightOf(device);
		if (height == null || height == 0 || !(device.eContainer() instanceof Rack rack)) {
			return; // unresolved type (reported by the linker) or zero-U
		}
		if (!Racks.isPlaced(device)) {
			error(device.getName() + " is " + height + " U high and needs a position ('at <unit>')", device,
					Literals.DEVICE__NAME, IssueCodes.MISSING_POSITION, freeData(rack, device));
			return;
		}
		int top = device.getPosition() + height - 1;
		if (device.getPosition() < 1 || top > rack.getHeight()) {
			error(device.getName() + " occupies " + Racks.units(device.getPosition(), height) + " but rack "
					+ rack.getName() + " has units 1-" + rack.getHeight(), device, Literals.DEVICE__POSITION,
					IssueCodes.BEYOND_RACK, Racks.nearestFreePositions(rack, device, 3).toArray(String[]::new));
		}
	}

	@Check
	public void checkSideOnlyForHalfWidth(Device device) {
		DeviceType type = device.getType();
		if (type != null && !type.eIsProxy() && !type.isHalfWidth() && count(device, Literals.DEVICE__SIDE) > 0) {
			warning(device.getName() + " is full width: 'left'/'right' has no effect", device, Literals.DEVICE__SIDE,
					IssueCodes.SIDE_ON_FULL_WIDTH);
		}
	}

	/**
	 * Face- and width-aware: a half-depth device shares its unit with one on the other face. Each device of a clash gets
	 * the error (the one just moved may be either), with the positions nearest to it where it would fit.
	 */
	@Check
	public void checkRackUnitOverlap(Rack rack) {
		List<List<Device>> byUnit = new ArrayList<>();
		for (int unit = 0; unit <= Math.max(0, rack.getHeight()) + 64; unit++) {
			byUnit.add(new ArrayList<>(1));
		}
		List<Device> placed = new ArrayList<>();
		for (Device device : rack.getDevices()) {
			Integer height = Racks.heightOf(device);
			if (height == null || height == 0 || !Racks.isPlaced(device) || device.getPosition() < 0) {
				continue;
			}
			placed.add(device);
			for (int unit = device.getPosition(); unit < device.getPosition() + height && unit < byUnit.size(); unit++) {
				byUnit.get(unit).add(device);
			}
		}
		for (Device device : placed) {
			int slots = Racks.slotsOf(device);
			int end = Math.min(device.getPosition() + Racks.heightOf(device), byUnit.size());
			clash: for (int unit = device.getPosition(); unit < end; unit++) {
				for (Device other : byUnit.get(unit)) {
					if (other != device && (Racks.slotsOf(other) & slots) != 0) {
						reportOverlap(rack, device, other, unit);
						break clash;
					}
				}
			}
		}
	}

	private void reportOverlap(Rack rack, Device device, Device other, int unit) {
		List<String> free = Racks.nearestFreePositions(rack, device, 3);
		String where = free.isEmpty() ? "; the rack has no room left"
				: "; nearest free position" + (free.size() > 1 ? "s: " : ": ") + String.join(", ", free);
		List<String> data = new ArrayList<>();
		data.add(other.getName());
		data.addAll(free);
		error(device.getName() + " (" + Racks.units(device.getPosition(), Racks.heightOf(device)) + ") overlaps "
				+ other.getName() + " at unit " + unit + " in rack " + rack.getName() + where, device,
				Literals.DEVICE__POSITION, IssueCodes.RACK_UNIT_OVERLAP, data.toArray(String[]::new));
	}

	private static String[] freeData(Rack rack, Device device) {
		String free = Racks.firstFreePosition(rack, device);
		return free == null ? new String[0] : new String[] { free };
	}

	/** How often a feature is written in the text (an int attribute cannot tell 'absent' from 0). */
	static int count(EObject object, EStructuralFeature feature) {
		return NodeModelUtils.findNodesForFeature(object, feature).size();
	}
}
