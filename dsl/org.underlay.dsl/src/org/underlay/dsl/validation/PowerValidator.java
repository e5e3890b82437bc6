package org.underlay.dsl.validation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.xtext.validation.Check;
import org.underlay.dsl.model.Ports;
import org.underlay.dsl.model.Power;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceKind;
import org.underlay.dsl.underlay.DeviceMember;
import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.PowerFeed;
import org.underlay.dsl.underlay.PowerInlet;
import org.underlay.dsl.underlay.PsuConnection;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.underlay.UnderlayPackage.Literals;

/**
 * Power: feed → PDU (its inlet) → outlet → PSU. Budgets use nameplate figures: every connected PSU counts with its
 * rated watts, as electricians plan a circuit.
 */
public class PowerValidator extends UnderlayCheck {

	@Check
	public void checkPsuConnection(PsuConnection connection) {
		Device device = (Device) connection.eContainer();
		DeviceType type = device.getType();
		if (type != null && !type.eIsProxy()
				&& (connection.getPsu() < 1 || connection.getPsu() > type.getPsuCount())) {
			error(type.getName() + " has " + type.getPsuCount() + " PSUs; there is no PSU " + connection.getPsu(),
					connection, Literals.PSU_CONNECTION__PSU, IssueCodes.UNKNOWN_PSU);
		}
		Device pdu = connection.getPdu();
		if (pdu == null || pdu.eIsProxy()) {
			return;
		}
		if (pdu.getKind() != DeviceKind.PDU) {
			error(pdu.getName() + " is not a PDU", connection, Literals.PSU_CONNECTION__PDU, IssueCodes.NOT_A_PDU);
		} else if (pdu.getType() != null && !pdu.getType().eIsProxy()
				&& !Ports.hasOutlet(pdu.getType(), connection.getOutlet())) {
			error(pdu.getName() + " (" + pdu.getType().getName() + ") has no outlet " + connection.getOutlet(),
					connection, Literals.PSU_CONNECTION__OUTLET, IssueCodes.UNKNOWN_OUTLET, connection.getOutlet());
		}
	}

	@Check
	public void checkPsusOfDevice(Device device) {
		Set<Integer> psus = new HashSet<>();
		Set<PowerFeed> feeds = new HashSet<>();
		int connected = 0;
		for (DeviceMember member : device.getMembers()) {
			if (member instanceof PsuConnection connection) {
				connected++;
				if (!psus.add(connection.getPsu())) {
					error("PSU " + connection.getPsu() + " of " + device.getName() + " is connected twice", connection,
							Literals.PSU_CONNECTION__PSU, IssueCodes.UNKNOWN_PSU);
				}
				PowerFeed feed = feedOf(connection.getPdu());
				if (feed != null) {
					feeds.add(feed);
				}
			}
		}
		if (connected > 1 && feeds.size() == 1) {
			warning(device.getName() + " has " + connected + " PSUs but all hang on feed "
					+ feeds.iterator().next().getName() + ": losing it powers the device off", device,
					Literals.DEVICE__NAME, IssueCodes.PSU_NOT_REDUNDANT);
		}
	}

	/** Outlets used twice, PDUs over capacity, feeds over their supply. */
	@Check
	public void checkBudgets(Site site) {
		Map<Device, Long> pduLoad = new LinkedHashMap<>();
		Map<String, PsuConnection> outlets = new HashMap<>();
		List<Device> devices = Sites.devicesOf(site);
		for (Device device : devices) {
			DeviceType type = device.getType();
			long watts = type == null || type.eIsProxy() ? 0 : type.getPsuWatts();
			for (DeviceMember member : device.getMembers()) {
				if (member instanceof PsuConnection connection && connection.getPdu() != null
						&& !connection.getPdu().eIsProxy()) {
					Device pdu = connection.getPdu();
					pduLoad.merge(pdu, watts, Long::sum);
					PsuConnection other = outlets.putIfAbsent(pdu.getName() + "/" + connection.getOutlet(), connection);
					if (other != null) {
						error("Outlet " + connection.getOutlet() + " of " + pdu.getName() + " already feeds "
								+ ((Device) other.eContainer()).getName(), connection, Literals.PSU_CONNECTION__OUTLET,
								IssueCodes.OUTLET_USED_TWICE);
					}
				}
			}
		}
		Map<PowerFeed, Long> feedLoad = new LinkedHashMap<>();
		for (Map.Entry<Device, Long> entry : pduLoad.entrySet()) {
			Device pdu = entry.getKey();
			DeviceType type = pdu.getType();
			if (type != null && !type.eIsProxy() && type.getCapacityWatts() > 0
					&& entry.getValue() > type.getCapacityWatts()) {
				error(pdu.getName() + " is over budget: its PSUs draw up to " + entry.getValue() + " W, it supplies "
						+ type.getCapacityWatts() + " W", pdu, Literals.DEVICE__NAME, IssueCodes.PDU_OVER_BUDGET);
			}
			PowerFeed feed = feedOf(pdu);
			if (feed != null) {
				feedLoad.merge(feed, entry.getValue(), Long::sum);
			}
		}
		for (Map.Entry<PowerFeed, Long> entry : feedLoad.entrySet()) {
			long supply = Power.feedWatts(entry.getKey());
			if (entry.getKey().eResource() == site.eResource() && entry.getValue() > supply) {
				error("Feed " + entry.getKey().getName() + " is over budget: " + entry.getValue() + " W on "
						+ supply + " W", entry.getKey(), Literals.POWER_FEED__NAME, IssueCodes.FEED_OVER_BUDGET);
			}
		}
	}

	/** The feed a PDU's inlet hangs on, or null. */
	static PowerFeed feedOf(Device pdu) {
		if (pdu == null || pdu.eIsProxy()) {
			return null;
		}
		for (DeviceMember member : pdu.getMembers()) {
			if (member instanceof PowerInlet inlet && inlet.getFeed() != null && !inlet.getFeed().eIsProxy()) {
				return inlet.getFeed();
			}
		}
		return null;
	}
}
