package org.underlay.dsl.validation;

import java.util.ArrayList;
import java.util.List;

import org.underlay.dsl.underlay.PortSpec;

/** Expands port declarations: 'port Ethernet1..4' is Ethernet1, Ethernet2, Ethernet3, Ethernet4. */
public final class Ports {

	/** Guards against 'port e1..999999999' eating memory in the editor. */
	static final int MAX_RANGE = 4096;

	private Ports() {
	}

	public static List<String> expand(PortSpec port) {
		List<String> names = new ArrayList<>();
		String name = port.getName();
		if (name == null) {
			return names;
		}
		Integer first = trailingNumber(name);
		if (port.getLast() == 0 || first == null || port.getLast() < first || port.getLast() - first >= MAX_RANGE) {
			names.add(name);
			return names;
		}
		String stem = name.substring(0, name.length() - digits(name));
		for (int i = first; i <= port.getLast(); i++) {
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
