package org.underlay.dsl.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.notify.Adapter;
import org.eclipse.emf.common.notify.impl.AdapterImpl;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.xtext.resource.XtextResource;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.net.Ipv4;
import org.underlay.dsl.net.Macs;
import org.underlay.dsl.underlay.BmcInterface;
import org.underlay.dsl.DesignElements;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceMember;
import org.underlay.dsl.underlay.Interface;
import org.underlay.dsl.underlay.Network;
import org.underlay.dsl.underlay.Site;

/**
 * Who uses which host name, IP and MAC address in the whole design (every file loaded beside this one), built in
 * one pass so that design-wide rules stay linear in the size of the design.
 */
final class DesignIndex {

	private final Map<String, List<Site>> hostSites = new HashMap<>();
	private final Map<Long, List<EObject>> addressOwners = new HashMap<>();
	private final Map<String, List<EObject>> macOwners = new HashMap<>();
	/** Every address in use, sorted, and for each the index of the last one of its run of consecutive addresses. */
	private long[] used;
	private int[] runEnds;

	private DesignIndex() {
	}

	/**
	 * The index of the design the context belongs to. Built once per state of the resource set: the same resources
	 * with the same parse results give the same index, so validating every file of a design stays linear.
	 */
	static DesignIndex of(EObject context) {
		Resource own = context.eResource();
		if (own == null || own.getResourceSet() == null) {
			return build(own == null ? List.of() : List.of(own));
		}
		ResourceSet resourceSet = own.getResourceSet();
		List<Resource> resources = List.copyOf(resourceSet.getResources());
		List<Object> key = new ArrayList<>(resources.size() * 2);
		for (Resource resource : resources) {
			key.add(resource);
			key.add(resource instanceof XtextResource x ? x.getParseResult() : resource.getContents());
		}
		Cached cached = null;
		for (Adapter adapter : resourceSet.eAdapters()) {
			if (adapter instanceof Cached c) {
				cached = c;
			}
		}
		if (cached == null) {
			cached = new Cached();
			resourceSet.eAdapters().add(cached);
		}
		synchronized (cached) {
			if (!sameIdentities(key, cached.key)) {
				cached.index = build(resources);
				cached.key = key;
			}
			return cached.index;
		}
	}

	private static boolean sameIdentities(List<Object> a, List<Object> b) {
		if (b == null || a.size() != b.size()) {
			return false;
		}
		for (int i = 0; i < a.size(); i++) {
			if (a.get(i) != b.get(i)) {
				return false;
			}
		}
		return true;
	}

	/** The index held by a resource set, with the state it was built for. */
	private static final class Cached extends AdapterImpl {
		List<Object> key;
		DesignIndex index;
	}

	private static DesignIndex build(List<Resource> resources) {
		DesignIndex index = new DesignIndex();
		for (Site site : DesignElements.elementsOf(resources, Site.class)) {
			index.add(site);
		}
		index.indexRuns();
		return index;
	}

	private void add(Site site) {
		for (Network network : site.getNetworks()) {
			long gateway = Ipv4.parse(network.getGateway());
			if (gateway >= 0) {
				addressOwners.computeIfAbsent(gateway, a -> new ArrayList<>()).add(network);
			}
		}
		for (Device device : Sites.devicesOf(site)) {
			List<Site> sites = hostSites.computeIfAbsent(device.getName(), n -> new ArrayList<>());
			if (!sites.contains(site)) {
				sites.add(site);
			}
			for (DeviceMember member : device.getMembers()) {
				String address = member instanceof Interface nic ? nic.getAddress()
						: member instanceof BmcInterface bmc ? bmc.getAddress() : null;
				String mac = member instanceof Interface nic ? nic.getMac()
						: member instanceof BmcInterface bmc ? bmc.getMac() : null;
				long ip = Ipv4.parse(address);
				if (ip >= 0) {
					addressOwners.computeIfAbsent(ip, a -> new ArrayList<>()).add(member);
				}
				if (Macs.isValid(mac)) {
					macOwners.computeIfAbsent(Macs.normalize(mac), m -> new ArrayList<>()).add(member);
				}
			}
		}
	}

	/** The sites each host name is used in. */
	Map<String, List<Site>> hostSites() {
		return hostSites;
	}

	List<EObject> ownersOfAddress(long address) {
		return addressOwners.getOrDefault(address, List.of());
	}

	List<EObject> ownersOfMac(String mac) {
		return macOwners.getOrDefault(Macs.normalize(mac), List.of());
	}

	private void indexRuns() {
		used = addressOwners.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
		runEnds = new int[used.length];
		for (int i = used.length - 1; i >= 0; i--) {
			runEnds[i] = i + 1 < used.length && used[i + 1] == used[i] + 1 ? runEnds[i + 1] : i;
		}
	}

	/**
	 * The lowest host address of the subnet that nothing in the design uses yet, or null. O(log n): past the first
	 * host, the first free address is the one after the run of used addresses the first host is in.
	 */
	String nextFreeAddress(Ipv4.Prefix subnet) {
		long first = subnet.firstHost();
		int at = Arrays.binarySearch(used, first);
		long free = at < 0 ? first : used[runEnds[at]] + 1;
		return free <= subnet.lastHost() ? Ipv4.format(free) : null;
	}
}
