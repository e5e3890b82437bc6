package org.underlay.lab.vm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.underlay.peers.Programs;

/**
 * A Linux bridge of the lab's own with an address for the boot service and one tap per virtual machine. It has no
 * uplink: what the machines send (DHCP included) reaches only the boot service and each other. Needs root (or
 * CAP_NET_ADMIN). Closing deletes the taps and the bridge.
 */
public final class VmBridge implements AutoCloseable {

	private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,13}");

	private final String name;
	private final List<String> taps = new ArrayList<>();

	/**
	 * Creates bridge {@code name} (replacing a left-over one of that name) with {@code address} ({@code a.b.c.d/n}).
	 */
	public VmBridge(String name, String address) throws IOException {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("not a bridge name: " + name);
		}
		if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
			throw new IllegalArgumentException("not an address with a prefix: " + address);
		}
		this.name = name;
		Programs.bestEffort("ip", "link", "del", name);
		Programs.check("ip", "link", "add", name, "type", "bridge");
		Programs.check("ip", "addr", "add", address, "dev", name);
		Programs.check("ip", "link", "set", name, "up");
	}

	/** The bridge's interface name (the boot service serves on it). */
	public String name() {
		return name;
	}

	/** Creates tap {@code name}{@code index} on the bridge and returns its name. */
	public String tap(int index) throws IOException {
		String tap = name + "t" + index;
		Programs.bestEffort("ip", "link", "del", tap);
		Programs.check("ip", "tuntap", "add", "dev", tap, "mode", "tap");
		Programs.check("ip", "link", "set", tap, "master", name);
		Programs.check("ip", "link", "set", tap, "up");
		taps.add(tap);
		return tap;
	}

	@Override
	public void close() {
		for (String tap : taps) {
			Programs.bestEffort("ip", "link", "del", tap);
		}
		Programs.bestEffort("ip", "link", "del", name);
	}
}
