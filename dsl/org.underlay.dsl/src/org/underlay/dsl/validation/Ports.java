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

	/** The declaration of port {@code name} on the type, without expanding ranges; null if it has none. */
	public static PortSpec findPort(DeviceType type, String name) {
		if (type == null || type.eIsProxy() || name == null) {
			return null;
		}
		for (PortSpec spec : type.getPorts()) {
			if (matches(spec.getName(), spec.getLast(), name)) {
				return spec;
			}
		}
		return null;
	}

	/** Whether the (PDU) type has outlet {@code name}. */
	public static boolean hasOutlet(DeviceType type, String name) {
		if (type == null || type.eIsProxy() || name == null) {
			return false;
		}
		for (OutletSpec spec : type.getOutlets()) {
			if (matches(spec.getName(), spec.getLast(), name)) {
				return true;
			}
		}
		return false;
	}

	/** Whether {@code name} is one of the names 'declared..last' stands for. */
	static boolean matches(String declared, int last, String name) {
		if (declared == null) {
			return false;
		}
		if (declared.equals(name)) {
			return true;
		}
		Integer first = trailingNumber(declared);
		Integer number = trailingNumber(name);
		if (last == 0 || first == null || number == null || last < first || last - first >= MAX_RANGE) {
			return false;
		}
		String stem = declared.substring(0, declared.length() - digits(declared));
		return number >= first && number <= last && name.length() - digits(name) == stem.length()
				&& name.startsWith(stem) && !name.substring(stem.length()).startsWith("0");
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
