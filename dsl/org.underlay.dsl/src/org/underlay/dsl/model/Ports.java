package org.underlay.dsl.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.OutletSpec;
import org.underlay.dsl.underlay.PortSpec;

/** Expands port and outlet declarations: 'port Ethernet1..4' is Ethernet1, Ethernet2, Ethernet3, Ethernet4. */
public final class Ports {

	/** Guards against 'port e1..999999999' eating memory in the editor. */
	public static final int MAX_RANGE = 4096;

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
		return type == null || type.eIsProxy() ? Map.of() : byName(type.getPorts(), PortSpec::getName, PortSpec::getLast);
	}

	/** Every outlet of a (PDU) type by name. */
	public static Map<String, OutletSpec> outletsOf(DeviceType type) {
		return type == null || type.eIsProxy() ? Map.of()
				: byName(type.getOutlets(), OutletSpec::getName, OutletSpec::getLast);
	}

	/** The declaration of port {@code name} on the type, without expanding ranges; null if it has none. */
	public static PortSpec findPort(DeviceType type, String name) {
		return type == null || type.eIsProxy() ? null : find(type.getPorts(), PortSpec::getName, PortSpec::getLast, name);
	}

	/** Whether the (PDU) type has outlet {@code name}. */
	public static boolean hasOutlet(DeviceType type, String name) {
		return type != null && !type.eIsProxy()
				&& find(type.getOutlets(), OutletSpec::getName, OutletSpec::getLast, name) != null;
	}

	private static <T> Map<String, T> byName(List<T> specs, Function<T, String> name, ToIntFunction<T> last) {
		Map<String, T> byName = new LinkedHashMap<>();
		for (T spec : specs) {
			for (String expanded : expand(name.apply(spec), last.applyAsInt(spec))) {
				byName.putIfAbsent(expanded, spec);
			}
		}
		return byName;
	}

	private static <T> T find(List<T> specs, Function<T, String> name, ToIntFunction<T> last, String wanted) {
		if (wanted == null) {
			return null;
		}
		for (T spec : specs) {
			if (matches(name.apply(spec), last.applyAsInt(spec), wanted)) {
				return spec;
			}
		}
		return null;
	}

	/** Whether {@code name} is one of the names 'declared..last' stands for. */
	private static boolean matches(String declared, int last, String name) {
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

	private static List<String> expand(String name, int last) {
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
