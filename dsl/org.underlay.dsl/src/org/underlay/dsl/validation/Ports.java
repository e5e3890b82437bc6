package org.underlay.dsl.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.OutletSpec;
import org.underlay.dsl.underlay.PortSpec;

/** Expands port and outlet declarations: 'port Ethernet1..4' is Ethernet1, Ethernet2, Ethernet3, Ethernet4. */
public final class Ports {

	/** Guards against 'port e1..999999999' eating memory in the editor. */
	static final int MAX_RANGE = 4096;

	private Ports() {
	}

	public static List<String> expand(PortSpec port) {
		return expand(port.getName(), port.getLast());
	}

	public static List<String> expand(OutletSpec outlet) {
		return expand(outlet.getName(), outlet.getLast());
	}

	/** Every port of a type by name, in declaration order. */
	public static Map<String, PortSpec> portsOf(DeviceType type) {
		Map<String, PortSpec> ports = new LinkedHashMap<>();
		if (type != null && !type.eIsProxy()) {
			for (PortSpec spec : type.getPorts()) {
				for (String name : expand(spec)) {
					ports.putIfAbsent(name, spec);
				}
			}
		}
		return ports;
	}

	/** Every outlet of a (PDU) type by name. */
	public static Map<String, OutletSpec> outletsOf(DeviceType type) {
		Map<String, OutletSpec> outlets = new LinkedHashMap<>();
		if (type != null && !type.eIsProxy()) {
			for (OutletSpec spec : type.getOutlets()) {
				for (String name : expand(spec)) {
					outlets.putIfAbsent(name, spec);
				}
			}
		}
		return outlets;
	}

	static List<String> expand(String name, int last) {
		List<String> names = new ArrayList<>();
		if (name == null) {
			return names;
		}
		Integer first = trailingNumber(name);
		if (last == 0 || first == null || last < first || last - first >= MAX_RANGE) {
			names.add(name);
			return names;
		}
		String stem = name.substring(0, name.length() - digits(name));
		for (int i = first; i <= last; i++) {
			names.add(stem + i);
		}
		return names;
	}

	/** The number a name ends with ('Ethernet12' gives 12), or null. */
	public static Integer trailingNumber(String name) {
		int n = name == null ? 0 : digits(name);
		if (n == 0 || n > 9) {
			return null;
		}
		return Integer.valueOf(name.substring(name.length() - n));
	}

	private static int digits(String name) {
		int i = name.length();
		while (i > 0 && Character.isDigit(name.charAt(i - 1))) {
			i--;
		}
		return name.length() - i;
	}
}
