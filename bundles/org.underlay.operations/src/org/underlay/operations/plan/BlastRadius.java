package org.underlay.operations.plan;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceKind;
import org.underlay.dsl.underlay.DeviceMember;
import org.underlay.dsl.underlay.Link;
import org.underlay.dsl.underlay.LinkEnd;
import org.underlay.dsl.underlay.PsuConnection;
import org.underlay.dsl.underlay.Site;



/** What else a power action affects, for a plan to show before it runs. */
final class BlastRadius {

	private BlastRadius() {
	}

	/**
	 * What else a power action on a machine affects: every device cabled to it when it is a switch or patch panel,
	 * every device fed by it when it is a PDU, and devices sharing one of its PDU outlets.
	 */
	static Map<String, List<String>> of(Site site, Set<String> powered) {
		Map<String, List<String>> radius = new TreeMap<>();
		Map<String, Device> devices = new LinkedHashMap<>();
		Sites.devicesOf(site).forEach(d -> devices.put(d.getName(), d));
		for (String name : powered) {
			Device device = devices.get(name);
			if (device == null) {
				continue;
			}
			Set<String> affected = new LinkedHashSet<>();
			if (device.getKind() == DeviceKind.SWITCH || device.getKind() == DeviceKind.PATCH_PANEL) {
				for (Link link : site.getLinks()) {
					other(link, device).ifPresent(affected::add);
				}
			}
			for (Device other : devices.values()) {
				for (DeviceMember member : other.getMembers()) {
					if (member instanceof PsuConnection psu && psu.getPdu() == device) {
						affected.add(other.getName()); // fed by this PDU
					}
				}
			}
			for (DeviceMember member : device.getMembers()) {
				if (member instanceof PsuConnection mine) {
					for (Device other : devices.values()) {
						if (other != device && other.getMembers().stream().anyMatch(m -> m instanceof PsuConnection p
								&& p.getPdu() == mine.getPdu() && p.getOutlet().equals(mine.getOutlet()))) {
							affected.add(other.getName() + " (shares " + mine.getPdu().getName() + " outlet "
									+ mine.getOutlet() + ")");
						}
					}
				}
			}
			affected.remove(name);
			if (!affected.isEmpty()) {
				radius.put(name, List.copyOf(affected));
			}
		}
		return radius;
	}

	private static Optional<String> other(Link link, Device device) {
		LinkEnd a = link.getA();
		LinkEnd b = link.getB();
		if (a.getDevice() == device && b.getDevice() != null) {
			return Optional.of(b.getDevice().getName());
		}
		if (b.getDevice() == device && a.getDevice() != null) {
			return Optional.of(a.getDevice().getName());
		}
		return Optional.empty();
	}
}
