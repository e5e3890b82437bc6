package org.underlay.dsl.validation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.underlay.dsl.model.Ports;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.net.Ipv4;
import org.underlay.dsl.net.Macs;
import org.underlay.dsl.underlay.AddressRange;
import org.underlay.dsl.underlay.BmcInterface;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceMember;
import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.Interface;
import org.underlay.dsl.underlay.Link;
import org.underlay.dsl.underlay.LinkEnd;
import org.underlay.dsl.underlay.Medium;
import org.underlay.dsl.underlay.Network;
import org.underlay.dsl.underlay.PackageElement;
import org.underlay.dsl.underlay.PortMode;
import org.underlay.dsl.underlay.PortSpec;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.underlay.SwitchPort;
import org.underlay.dsl.underlay.UnderlayPackage.Literals;

/** Addresses, networks, VLANs, and the cabling between ports. */
public class NetworkValidator extends UnderlayCheck {

	static final int MIN_VLAN = 1;
	static final int MAX_VLAN = 4094;

	@Check
	public void checkNetwork(Network network) {
		Ipv4.Prefix subnet = Ipv4.parsePrefix(network.getSubnet());
		if (subnet == null) {
			error("'" + network.getSubnet() + "' is not an IPv4 prefix like 10.0.0.0/24", network,
					Literals.NETWORK__SUBNET, IssueCodes.INVALID_ADDRESS);
			return;
		}
		if (subnet.hasHostBits()) {
			warning("Subnet " + network.getSubnet() + " has host bits set; the network is " + subnet, network,
					Literals.NETWORK__SUBNET, IssueCodes.SUBNET_HOST_BITS, subnet.toString());
		}
		if (network.getGateway() != null) {
			checkInside(network, Literals.NETWORK__GATEWAY, network.getGateway(), subnet, "Gateway");
		}
		if (UnderlayValidator.count(network, Literals.NETWORK__VLAN) > 0
				&& (network.getVlan() < MIN_VLAN || network.getVlan() > MAX_VLAN)) {
			error("VLAN " + network.getVlan() + " is outside " + MIN_VLAN + ".." + MAX_VLAN, network,
					Literals.NETWORK__VLAN, IssueCodes.INVALID_VLAN);
		}
		for (AddressRange range : network.getRanges()) {
			boolean from = checkInside(range, Literals.ADDRESS_RANGE__FROM, range.getFrom(), subnet, "Range start");
			boolean to = checkInside(range, Literals.ADDRESS_RANGE__TO, range.getTo(), subnet, "Range end");
			if (from && to && Ipv4.parse(range.getFrom()) > Ipv4.parse(range.getTo())) {
				error("Range " + range.getName() + " runs backwards", range, Literals.ADDRESS_RANGE__TO,
						IssueCodes.INVALID_ADDRESS);
			}
		}
	}

	private boolean checkInside(EObject owner, EStructuralFeature feature, String text, Ipv4.Prefix subnet,
			String what) {
		long ip = Ipv4.parse(text);
		if (ip < 0) {
			error("'" + text + "' is not an IPv4 address", owner, feature, IssueCodes.INVALID_ADDRESS);
			return false;
		}
		if (!subnet.contains(ip) || (subnet.length() < 31 && (ip == subnet.network() || ip == subnet.broadcast()))) {
			error(what + " " + text + " is not a host address of " + subnet, owner, feature,
					IssueCodes.GATEWAY_OUTSIDE_SUBNET);
			return false;
		}
		return true;
	}

	@Check
	public void checkVlansAndSubnetsOfSite(Site site) {
		Map<Integer, Network> vlans = new HashMap<>();
		List<Subnet> subnets = new ArrayList<>();
		for (Network network : site.getNetworks()) {
			if (UnderlayValidator.count(network, Literals.NETWORK__VLAN) > 0) {
				Network other = vlans.putIfAbsent(network.getVlan(), network);
				if (other != null) {
					error("VLAN " + network.getVlan() + " is already used by network " + other.getName(), network,
							Literals.NETWORK__VLAN, IssueCodes.DUPLICATE_VLAN, other.getName());
				}
			}
			Ipv4.Prefix prefix = Ipv4.parsePrefix(network.getSubnet());
			if (prefix != null) {
				subnets.add(new Subnet(network, prefix.network(), prefix.broadcast(), subnets.size()));
			}
		}
		reportOverlaps(subnets);
	}

	/** A network's subnet as an interval of addresses, with its place in the text. */
	private record Subnet(Network network, long first, long last, int order) {
	}

	/**
	 * Two CIDR subnets overlap only when one holds the other. Sorted by first address, widest first, a sweep keeps the
	 * subnets still open: the innermost open one that reaches a subnet holds it. Both networks of such a pair are
	 * marked, each naming the other (a subnet that holds several is marked once, for the first it holds). O(n log n).
	 */
	private void reportOverlaps(List<Subnet> subnets) {
		subnets.sort(Comparator.comparingLong(Subnet::first).thenComparing(Comparator.comparingLong(Subnet::last)
				.reversed()).thenComparingInt(Subnet::order));
		Deque<Subnet> open = new ArrayDeque<>();
		Set<Network> marked = new HashSet<>();
		for (Subnet subnet : subnets) {
			while (!open.isEmpty() && open.peek().last() < subnet.first()) {
				open.pop();
			}
			Subnet holder = open.peek();
			if (holder != null) {
				Subnet earlier = holder.order() < subnet.order() ? holder : subnet;
				Subnet later = earlier == holder ? subnet : holder;
				overlap(later, earlier, marked);
				overlap(earlier, later, marked);
			}
			open.push(subnet);
		}
	}

	private void overlap(Subnet mine, Subnet other, Set<Network> marked) {
		if (marked.add(mine.network())) {
			error("Subnet " + mine.network().getSubnet() + " overlaps " + other.network().getSubnet() + " of network "
					+ other.network().getName(), mine.network(), Literals.NETWORK__SUBNET, IssueCodes.OVERLAPPING_SUBNETS,
					other.network().getName());
		}
	}

	@Check
	public void checkInterface(Interface nic) {
		Device device = (Device) nic.eContainer();
		DeviceType type = device.getType();
		if (type != null && !type.eIsProxy() && lookups().port(type, nic.getName()) == null) {
			error(type.getName() + " has no port " + nic.getName(), nic, Literals.INTERFACE__NAME,
					IssueCodes.UNKNOWN_PORT, nic.getName());
		}
		checkAddress(nic, nic.getAddress(), nic.getNetwork(), Literals.INTERFACE__ADDRESS);
		checkMac(nic, nic.getMac(), Literals.INTERFACE__MAC);
	}

	@Check
	public void checkBmcInterface(BmcInterface bmc) {
		checkAddress(bmc, bmc.getAddress(), bmc.getNetwork(), Literals.BMC_INTERFACE__ADDRESS);
		checkMac(bmc, bmc.getMac(), Literals.BMC_INTERFACE__MAC);
	}

	private void checkAddress(EObject owner, String address, Network network, EStructuralFeature feature) {
		if (address == null) {
			return;
		}
		long ip = Ipv4.parse(address);
		if (ip < 0) {
			error("'" + address + "' is not an IPv4 address", owner, feature, IssueCodes.INVALID_ADDRESS);
			return;
		}
		Ipv4.Prefix subnet = network == null || network.eIsProxy() ? null : Ipv4.parsePrefix(network.getSubnet());
		if (subnet != null && !subnet.contains(ip)) {
			String free = DesignIndex.of(owner).nextFreeAddress(subnet);
			error(address + " is outside network " + network.getName() + " (" + subnet + ")"
					+ (free != null ? "; next free address: " + free : ""), owner, feature,
					IssueCodes.ADDRESS_OUTSIDE_SUBNET, free != null ? new String[] { free } : new String[0]);
		}
	}

	private void checkMac(EObject owner, String mac, EStructuralFeature feature) {
		if (mac != null && !Macs.isValid(mac)) {
			error("'" + mac + "' is not a MAC address like 52:54:00:12:34:56", owner, feature,
					IssueCodes.INVALID_ADDRESS);
		}
	}

	/** IP and MAC addresses are unique in the whole design, across files and sites. */
	@Check(CheckType.NORMAL)
	public void checkUniqueAddresses(Design design) {
		DesignIndex index = null;
		for (PackageElement element : design.getElements()) {
			if (!(element instanceof Site site)) {
				continue;
			}
			for (Device device : Sites.devicesOf(site)) {
				for (DeviceMember member : device.getMembers()) {
					String address = member instanceof Interface nic ? nic.getAddress()
							: member instanceof BmcInterface bmc ? bmc.getAddress() : null;
					String mac = member instanceof Interface nic ? nic.getMac()
							: member instanceof BmcInterface bmc ? bmc.getMac() : null;
					if (address == null && mac == null) {
						continue;
					}
					if (index == null) {
						index = DesignIndex.of(design);
					}
					EStructuralFeature addressFeature = member instanceof Interface ? Literals.INTERFACE__ADDRESS
							: Literals.BMC_INTERFACE__ADDRESS;
					EStructuralFeature macFeature = member instanceof Interface ? Literals.INTERFACE__MAC
							: Literals.BMC_INTERFACE__MAC;
					EObject other = firstOther(index.ownersOfAddress(Ipv4.parse(address)), member);
					if (address != null && other != null) {
						error(address + " is also used by " + describe(other), member, addressFeature,
								IssueCodes.DUPLICATE_ADDRESS, address);
					}
					other = Macs.isValid(mac) ? firstOther(index.ownersOfMac(mac), member) : null;
					if (other != null) {
						error("MAC " + mac + " is also used by " + describe(other), member, macFeature,
								IssueCodes.DUPLICATE_MAC, mac);
					}
				}
			}
		}
	}

	private static EObject firstOther(List<EObject> owners, EObject self) {
		for (EObject owner : owners) {
			if (owner != self) {
				return owner;
			}
		}
		return null;
	}

	static String describe(EObject owner) {
		if (owner instanceof Interface nic) {
			return ((Device) nic.eContainer()).getName() + "." + nic.getName();
		}
		if (owner instanceof BmcInterface bmc) {
			return "the BMC of " + ((Device) bmc.eContainer()).getName();
		}
		if (owner instanceof Network network) {
			return "the gateway of network " + network.getName();
		}
		return String.valueOf(owner);
	}

	@Check
	public void checkSwitchPort(SwitchPort port) {
		Device device = (Device) port.eContainer();
		DeviceType type = device.getType();
		if (type != null && !type.eIsProxy() && lookups().port(type, port.getPort()) == null) {
			error(type.getName() + " has no port " + port.getPort(), port, Literals.SWITCH_PORT__PORT,
					IssueCodes.UNKNOWN_PORT, port.getPort());
		}
		if (port.getMode() == PortMode.ACCESS && (port.getVlans().size() > 1 || port.getNative() != null)) {
			error("An access port carries exactly one network; use 'trunk' for more", port,
					Literals.SWITCH_PORT__MODE, IssueCodes.VLAN_MISMATCH);
		}
	}

	/** Link ends exist, no port is cabled twice, both ends agree on speed, medium and network. */
	@Check
	public void checkLinks(Site site) {
		Map<String, Link> cabled = new HashMap<>();
		Map<PortSpec, Boolean> mediumGiven = new HashMap<>();
		Map<PortSpec, Boolean> speedGiven = new HashMap<>();
		for (Link link : site.getLinks()) {
			PortSpec a = checkEnd(link, link.getA(), Literals.LINK__A, cabled);
			PortSpec b = checkEnd(link, link.getB(), Literals.LINK__B, cabled);
			if (a == null || b == null) {
				continue;
			}
			boolean copperA = a.getMedium() == Medium.RJ45;
			boolean copperB = b.getMedium() == Medium.RJ45;
			boolean mediums = given(mediumGiven, a, Literals.PORT_SPEC__MEDIUM)
					&& given(mediumGiven, b, Literals.PORT_SPEC__MEDIUM);
			if (mediums && copperA != copperB) {
				error("Cannot cable " + a.getMedium().getLiteral() + " to " + b.getMedium().getLiteral() + ": "
						+ end(link.getA()) + " and " + end(link.getB()), link, Literals.LINK__B,
						IssueCodes.LINK_MEDIUM_MISMATCH);
			} else if (given(speedGiven, a, Literals.PORT_SPEC__SPEED) && given(speedGiven, b, Literals.PORT_SPEC__SPEED)
					&& a.getSpeed() != b.getSpeed()) {
				warning("Speed mismatch: " + end(link.getA()) + " is " + a.getSpeed().getLiteral() + ", "
						+ end(link.getB()) + " is " + b.getSpeed().getLiteral(), link, Literals.LINK__B,
						IssueCodes.LINK_SPEED_MISMATCH);
			}
			checkVlan(link, link.getA(), link.getB());
			checkVlan(link, link.getB(), link.getA());
		}
	}

	/** Whether the port declaration writes the feature; remembered, the same few specs serve thousands of links. */
	private static boolean given(Map<PortSpec, Boolean> memo, PortSpec port, EStructuralFeature feature) {
		return memo.computeIfAbsent(port, p -> UnderlayValidator.count(p, feature) > 0);
	}

	private PortSpec checkEnd(Link link, LinkEnd end, EStructuralFeature feature, Map<String, Link> cabled) {
		Device device = end == null ? null : end.getDevice();
		if (device == null || device.eIsProxy() || device.getType() == null || device.getType().eIsProxy()) {
			return null;
		}
		PortSpec port = lookups().port(device.getType(), end.getPort());
		if (port == null) {
			error(device.getName() + " (" + device.getType().getName() + ") has no port " + end.getPort(), link, feature,
					IssueCodes.UNKNOWN_PORT, end.getPort());
			return null;
		}
		Link other = cabled.putIfAbsent(end(end), link);
		if (other != null && other != link) {
			error(end(end) + " is already cabled", link, feature, IssueCodes.PORT_USED_TWICE, end(end));
		}
		return port;
	}

	/** A server NIC on network N must meet a switch port that carries N. */
	private void checkVlan(Link link, LinkEnd nicEnd, LinkEnd switchEnd) {
		Interface nic = lookups().member(nicEnd, Interface.class);
		SwitchPort port = lookups().member(switchEnd, SwitchPort.class);
		if (nic == null || port == null || nic.getNetwork() == null || nic.getNetwork().eIsProxy()) {
			return;
		}
		Network network = nic.getNetwork();
		boolean carried = port.getMode() == PortMode.ACCESS ? port.getVlans().contains(network)
				: port.getVlans().contains(network) || port.getNative() == network;
		if (!carried) {
			error(end(nicEnd) + " is on network " + network.getName() + " but " + end(switchEnd) + " ("
					+ port.getMode().getLiteral() + ") does not carry it", link, Literals.LINK__B,
					IssueCodes.VLAN_MISMATCH, network.getName());
		}
	}

	/** The lookups of this validation run (one file), or fresh ones outside a run. */
	private Lookups lookups() {
		Map<Object, Object> context = getContext();
		return context == null ? new Lookups() : (Lookups) context.computeIfAbsent(Lookups.class, k -> new Lookups());
	}

	/**
	 * A type's ports and a device's NICs and switch ports by name, each built once per validation run: a site's
	 * interfaces and links look ports up by name, and searching the declarations for each made a switch with n
	 * cabled ports cost n * n.
	 */
	private static final class Lookups {
		private final Map<DeviceType, Map<String, PortSpec>> ports = new HashMap<>();
		private final Map<Device, Map<String, DeviceMember>> nics = new HashMap<>();
		private final Map<Device, Map<String, DeviceMember>> switchPorts = new HashMap<>();

		/** {@link Ports#findPort}, searched once per type and name. */
		PortSpec port(DeviceType type, String name) {
			Map<String, PortSpec> byName = ports.computeIfAbsent(type, t -> new HashMap<>());
			if (!byName.containsKey(name)) {
				byName.put(name, Ports.findPort(type, name));
			}
			return byName.get(name);
		}

		/** The NIC or switch-port declaration of a link end's device for the end's port, the first one written. */
		<T extends DeviceMember> T member(LinkEnd end, Class<T> kind) {
			Device device = end.getDevice();
			if (device == null || device.eIsProxy()) {
				return null;
			}
			Map<Device, Map<String, DeviceMember>> byDevice = kind == Interface.class ? nics : switchPorts;
			Map<String, DeviceMember> byName = byDevice.computeIfAbsent(device, d -> {
				Map<String, DeviceMember> members = new HashMap<>();
				for (DeviceMember member : d.getMembers()) {
					if (kind.isInstance(member)) {
						members.putIfAbsent(member instanceof Interface nic ? nic.getName()
								: ((SwitchPort) member).getPort(), member);
					}
				}
				return members;
			});
			return kind.cast(byName.get(end.getPort()));
		}
	}

	private static String end(LinkEnd end) {
		return (end.getDevice() == null || end.getDevice().eIsProxy() ? "?" : end.getDevice().getName()) + "."
				+ end.getPort();
	}
}
