package org.underlay.bench.design;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes synthetic but valid designs of any size: a library file and site files of at most
 * {@code devicesPerFile} devices, racks of 20 servers and two leaf switches, every server cabled twice to each leaf
 * (four links per server), one address and MAC per server.
 */
public final class SyntheticDesign {

	static final int SERVERS_PER_RACK = 20;
	private static final int SERVERS_PER_FULL_RACK = 40;
	private static final int MAX_VLAN = 4094;
	/** The /28 subnets of 10.0.0.0/8. */
	public static final int MAX_NETWORKS = 1 << 20;

	private SyntheticDesign() {
	}

	public static final String LIBRARY = """
			package bench.lib

			device-type Server1U {
				vendor "Dell" model "PowerEdge R650"
				height 1
				port ens1f0..3 speed 25G medium sfp28
				port idrac speed 1G medium rj45 management
				psus 2 watts 1100
				bmc redfish
			}

			device-type Leaf {
				vendor "Arista" model "DCS-7050SX3-48YC8"
				height 1
				port Ethernet1..48 speed 25G medium sfp28
				port Ethernet49..56 speed 100G medium qsfp28
				psus 2 watts 500
			}
			""";

	/** Writes the design into {@code folder}; returns the files written (library first). */
	public static List<Path> write(Path folder, int devices, int devicesPerFile) throws IOException {
		Files.createDirectories(folder);
		List<Path> files = new ArrayList<>();
		Path library = folder.resolve("lib.underlay");
		Files.writeString(library, LIBRARY);
		files.add(library);
		int site = 0;
		for (int start = 0; start < devices; start += devicesPerFile, site++) {
			Path file = folder.resolve("site" + site + ".underlay");
			Files.writeString(file, site(site, Math.min(devicesPerFile, devices - start)));
			files.add(file);
		}
		return files;
	}

	/** Writes the library and {@link #networkSite} into {@code folder}; returns the files written (library first). */
	public static List<Path> writeNetworkSite(Path folder, int networks, int addresses) throws IOException {
		Files.createDirectories(folder);
		Path library = Files.writeString(folder.resolve("lib.underlay"), LIBRARY);
		return List.of(library, Files.writeString(folder.resolve("networks.underlay"), networkSite(networks, addresses)));
	}

	/** One site with about {@code devices} devices (servers and their leaf switches). */
	public static String site(int index, int devices) {
		StringBuilder text = new StringBuilder(devices * 200);
		String s = "s" + index;
		text.append("package bench.").append(s).append("\n\nimport bench.lib.*\n\nsite ").append(s).append(" {\n");
		text.append("\tnetwork prod vlan 100 subnet 10.").append(index % 250).append(".0.0/16 gateway 10.")
				.append(index % 250).append(".0.1\n");
		text.append("\troom hall {\n");
		List<String> links = new ArrayList<>();
		int host = 0;
		int rack = 0;
		while (host < devices) {
			String r = s + "r" + rack;
			text.append("\t\track ").append(r).append(" height 42 {\n");
			text.append("\t\t\tswitch ").append(r).append("-leaf-a : Leaf at 42\n");
			text.append("\t\t\tswitch ").append(r).append("-leaf-b : Leaf at 41\n");
			host += 2;
			for (int slot = 1; slot <= SERVERS_PER_RACK && host < devices; slot++, host++) {
				String name = r + "-srv" + slot;
				int ip = 2 + host;
				text.append("\t\t\tserver ").append(name).append(" : Server1U at ").append(slot).append(" {\n");
				text.append("\t\t\t\tnic ens1f0 mac \"").append(mac(index, host)).append("\" address 10.")
						.append(index % 250).append('.').append(ip / 256).append('.').append(ip % 256).append(" on prod\n");
				text.append("\t\t\t}\n");
				for (int port = 0; port < 4; port++) {
					String leaf = r + (port < 2 ? "-leaf-a" : "-leaf-b");
					int leafPort = (slot - 1) * 2 + (port % 2) + 1;
					links.add("\tlink " + name + ".ens1f" + port + " to " + leaf + ".Ethernet" + leafPort + "\n");
				}
			}
			text.append("\t\t}\n");
			rack++;
		}
		text.append("\t}\n");
		links.forEach(text::append);
		text.append("}\n");
		return text.toString();
	}

	/**
	 * One site of {@code networks} networks (/28 subnets of 10.0.0.0/8 with a gateway; the first 4,094 with a VLAN
	 * each) and {@code addresses} servers, racks of 40, each with one NIC that has an address and a MAC on network
	 * (server mod networks): the whole-site address, subnet and VLAN rules at their largest. At most 13 addresses
	 * per network.
	 */
	public static String networkSite(int networks, int addresses) {
		if (networks < 1 || networks > MAX_NETWORKS || addresses > 13L * networks) {
			throw new IllegalArgumentException(networks + " networks cannot hold " + addresses + " addresses");
		}
		StringBuilder text = new StringBuilder(networks * 60 + addresses * 120);
		text.append("package bench.n\n\nimport bench.lib.*\n\nsite n {\n");
		for (int n = 0; n < networks; n++) {
			long base = (10L << 24) + 16L * n;
			text.append("\tnetwork net").append(n);
			if (n < MAX_VLAN) {
				text.append(" vlan ").append(n + 1);
			}
			text.append(" subnet ").append(ipv4(base)).append("/28 gateway ").append(ipv4(base + 1)).append('\n');
		}
		text.append("\troom hall {\n");
		for (int host = 0; host < addresses; host++) {
			int slot = host % SERVERS_PER_FULL_RACK + 1;
			if (slot == 1) {
				text.append(host == 0 ? "" : "\t\t}\n").append("\t\track r").append(host / SERVERS_PER_FULL_RACK)
						.append(" height 42 {\n");
			}
			int network = host % networks;
			long address = (10L << 24) + 16L * network + 2 + host / networks;
			text.append("\t\t\tserver h").append(host).append(" : Server1U at ").append(slot).append(" {\n");
			text.append("\t\t\t\tnic ens1f0 mac \"").append(mac(255, host)).append("\" address ").append(ipv4(address))
					.append(" on net").append(network).append('\n');
			text.append("\t\t\t}\n");
		}
		text.append(addresses > 0 ? "\t\t}\n" : "").append("\t}\n}\n");
		return text.toString();
	}

	private static String ipv4(long address) {
		return ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "."
				+ (address & 0xFF);
	}

	private static String mac(int site, int host) {
		return String.format("02:%02x:%02x:%02x:%02x:%02x", site & 0xFF, (host >> 24) & 0xFF, (host >> 16) & 0xFF,
				(host >> 8) & 0xFF, host & 0xFF, 1);
	}
}
