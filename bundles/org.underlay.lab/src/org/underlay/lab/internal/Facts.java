package org.underlay.lab.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A machine's served facts: a {@code key=value} file (one per line, sorted) that the SSH host reads at every
 * command, so a changed fact is served at once; and the answers to the fact commands collectors run. Plain Java
 * (no SSH library), shared by the lab and its agent process.
 */
public final class Facts {

	private Facts() {
	}

	public static Map<String, String> read(Path file) throws IOException {
		Map<String, String> facts = new TreeMap<>();
		if (!Files.exists(file)) {
			return facts;
		}
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			int eq = line.indexOf('=');
			if (eq > 0 && !line.startsWith("#")) {
				facts.put(line.substring(0, eq), line.substring(eq + 1));
			}
		}
		return facts;
	}

	/** Writes all facts atomically (temp file + move), so a reader never sees half a file. */
	public static void write(Path file, Map<String, String> facts) throws IOException {
		StringBuilder b = new StringBuilder();
		for (Map.Entry<String, String> e : new TreeMap<>(facts).entrySet()) {
			if (e.getKey().contains("=") || e.getKey().contains("\n") || e.getValue().contains("\n")) {
				throw new IllegalArgumentException("a fact key may not contain '=' or a line break, nor a value a "
						+ "line break: " + e.getKey());
			}
			b.append(e.getKey()).append('=').append(e.getValue()).append('\n');
		}
		AtomicFiles.write(file, b.toString());
	}

	/** The NIC names the facts know, in order (from {@code mac.*} and {@code address.*}). */
	static List<String> nics(Map<String, String> facts) {
		List<String> nics = new ArrayList<>();
		for (String key : facts.keySet()) {
			for (String prefix : new String[] { "mac.", "address." }) {
				if (key.startsWith(prefix)) {
					String nic = key.substring(prefix.length());
					if (!nics.contains(nic)) {
						nics.add(nic);
					}
				}
			}
		}
		nics.sort(null);
		return nics;
	}

	/**
	 * The output of a fact command, or null when {@code command} is not one (the SSH host then runs it for real).
	 * Known: {@code hostname}, {@code hostname -s}, {@code uname -n}, {@code cat /etc/os-release},
	 * {@code ip -j addr}, {@code ip -o link}, {@code lldpctl -f keyvalue}, {@code cat /sys/class/net/NIC/address},
	 * {@code cat /etc/underlay-image}.
	 */
	public static String answer(String command, Map<String, String> facts) {
		String c = normalize(command);
		String hostname = facts.getOrDefault("hostname", "localhost");
		switch (c) {
		case "hostname", "hostname -s", "hostname --short", "uname -n", "cat /etc/hostname":
			return hostname + "\n";
		case "cat /etc/os-release", "cat /usr/lib/os-release":
			return osRelease(facts);
		case "ip -j addr", "ip -j a", "ip -j address", "ip -j addr show", "ip -j address show", "ip -json addr",
				"ip -json address", "ip -json addr show", "ip -json address show":
			return ipJsonAddr(facts);
		case "ip -o link", "ip -o link show", "ip -oneline link", "ip -oneline link show":
			return ipOneLineLink(facts);
		case "lldpctl -f keyvalue":
			return lldp(facts);
		case "cat /etc/underlay-image":
			return facts.getOrDefault("os.image", "") + "\n";
		default:
			break;
		}
		if (c.startsWith("cat /sys/class/net/") && c.endsWith("/address")) {
			String nic = c.substring("cat /sys/class/net/".length(), c.length() - "/address".length());
			String mac = facts.get("mac." + nic);
			return mac == null ? null : mac + "\n";
		}
		return null;
	}

	/**
	 * Whether {@code command} is a fact command about the machine's installed system (host name, os-release, the
	 * installed image): a host with a disk of its own ({@link HostSandbox}) answers it from that disk, so what
	 * provisioning wrote is what a collector reads.
	 */
	public static boolean readsDisk(String command) {
		return switch (normalize(command)) {
		case "hostname", "hostname -s", "hostname --short", "uname -n", "cat /etc/hostname", "cat /etc/os-release",
				"cat /etc/underlay-image" -> true;
		default -> false;
		};
	}

	/** A command as the fact answers know it: trimmed, runs of white space as one space. */
	private static String normalize(String command) {
		return command.strip().replaceAll("\\s+", " ");
	}

	static String osRelease(Map<String, String> facts) {
		String image = facts.getOrDefault("os.image", "linux");
		String[] parts = image.split("-");
		String id = parts[0];
		String version = parts.length > 1 && parts[1].matches("[0-9.]+") ? parts[1] : "";
		StringBuilder b = new StringBuilder();
		b.append("PRETTY_NAME=\"").append(image).append("\"\n");
		b.append("NAME=\"").append(id).append("\"\n");
		if (!version.isEmpty()) {
			b.append("VERSION_ID=\"").append(version).append("\"\n");
		}
		b.append("ID=").append(id).append('\n');
		b.append("UNDERLAY_IMAGE=\"").append(image).append("\"\n");
		return b.toString();
	}

	static String ipJsonAddr(Map<String, String> facts) {
		StringBuilder b = new StringBuilder("[{\"ifindex\":1,\"ifname\":\"lo\",\"flags\":[\"LOOPBACK\",\"UP\","
				+ "\"LOWER_UP\"],\"mtu\":65536,\"operstate\":\"UNKNOWN\",\"link_type\":\"loopback\",\"address\":"
				+ "\"00:00:00:00:00:00\",\"broadcast\":\"00:00:00:00:00:00\",\"addr_info\":[{\"family\":\"inet\","
				+ "\"local\":\"127.0.0.1\",\"prefixlen\":8,\"scope\":\"host\",\"label\":\"lo\"}]}");
		int index = 2;
		for (String nic : nics(facts)) {
			b.append(",{\"ifindex\":").append(index++).append(",\"ifname\":\"").append(nic)
					.append("\",\"flags\":[\"BROADCAST\",\"MULTICAST\",\"UP\",\"LOWER_UP\"],\"mtu\":1500,"
							+ "\"operstate\":\"UP\",\"link_type\":\"ether\",\"address\":\"")
					.append(facts.getOrDefault("mac." + nic, "00:00:00:00:00:00"))
					.append("\",\"broadcast\":\"ff:ff:ff:ff:ff:ff\",\"addr_info\":[");
			String cidr = facts.get("address." + nic);
			if (cidr != null) {
				String[] a = cidr.split("/");
				b.append("{\"family\":\"inet\",\"local\":\"").append(a[0]).append("\",\"prefixlen\":")
						.append(a.length > 1 ? a[1] : "32").append(",\"scope\":\"global\",\"label\":\"").append(nic)
						.append("\"}");
			}
			b.append("]}");
		}
		return b.append("]\n").toString();
	}

	static String ipOneLineLink(Map<String, String> facts) {
		StringBuilder b = new StringBuilder("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode "
				+ "DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n");
		int index = 2;
		for (String nic : nics(facts)) {
			b.append(index++).append(": ").append(nic).append(": <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq "
					+ "state UP mode DEFAULT group default qlen 1000\\    link/ether ")
					.append(facts.getOrDefault("mac." + nic, "00:00:00:00:00:00"))
					.append(" brd ff:ff:ff:ff:ff:ff\n");
		}
		return b.toString();
	}

	static String lldp(Map<String, String> facts) {
		StringBuilder b = new StringBuilder();
		for (Map.Entry<String, String> e : facts.entrySet()) {
			String key = e.getKey();
			if (key.startsWith("lldp.") && key.endsWith(".chassis")) {
				String nic = key.substring(5, key.length() - ".chassis".length());
				b.append("lldp.").append(nic).append(".via=LLDP\n");
				b.append("lldp.").append(nic).append(".chassis.name=").append(e.getValue()).append('\n');
				String port = facts.get("lldp." + nic + ".port");
				if (port != null) {
					b.append("lldp.").append(nic).append(".port.ifname=").append(port).append('\n');
				}
			}
		}
		return b.toString();
	}
}
