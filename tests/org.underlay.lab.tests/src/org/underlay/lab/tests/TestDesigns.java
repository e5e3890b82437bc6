package org.underlay.lab.tests;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.underlay.lab.LabPlan;
import org.underlay.lab.LabSpec;

/** Generated designs: machines alternating IPMI and Redfish BMC types, bound to given loopback ports. */
final class TestDesigns {

	private TestDesigns() {
	}

	/**
	 * Writes site t1 with {@code machines} bound servers m-01.. (odd: IPMI type, even: Redfish type) and
	 * {@code unbound} servers spare-01.. without a binding. {@code ports} holds BMC and SSH port per machine.
	 */
	static void write(Path dir, int machines, int unbound, int[] ports) throws IOException {
		StringBuilder d = new StringBuilder("""
				package lab.test

				device-type IpmiBox { vendor "Acme" model "I1" height 1 port ens1f0 speed 25G medium sfp28 psus 1 watts 500 bmc ipmi }
				device-type RedfishBox { vendor "Acme" model "R1" height 1 port ens1f0 speed 25G medium sfp28 psus 1 watts 500 bmc redfish }
				device-type Leaf { vendor "Acme" model "L1" height 1 port Ethernet1..64 speed 25G medium sfp28 psus 1 watts 300 }
				param os.image : string default "debian-12" "The image"

				site t1 {
					network prod vlan 110 subnet 10.10.0.0/16 gateway 10.10.0.1
					room r {
						rack r01 height 120 {
							switch leaf-01 : Leaf at 120
				""");
		for (int i = 1; i <= machines + unbound; i++) {
			String name = i <= machines ? String.format("m-%02d", i) : String.format("spare-%02d", i - machines);
			d.append(String.format("\t\t\tserver %s : %s at %d { nic ens1f0 mac \"%s\" address 10.10.%d.%d on prod%s }%n",
					name, i % 2 == 1 ? "IpmiBox" : "RedfishBox", i, mac(i), i / 200, 10 + i % 200,
					i == 2 ? " param os.image = \"ubuntu-24.04\"" : ""));
		}
		d.append("\t\t}\n\t}\n");
		for (int i = 1; i <= Math.min(machines, 64); i++) {
			d.append(String.format("\tlink m-%02d.ens1f0 to leaf-01.Ethernet%d%n", i, i));
		}
		d.append("}\n\nenvironment lab for t1 {\n");
		for (int i = 1; i <= machines; i++) {
			String kind = i % 2 == 1 ? "ipmi" : "redfish";
			d.append(String.format("\tm-%02d { bmc %s 127.0.0.1:%d credential lab-bmc%s ssh 127.0.0.1:%d user deploy "
					+ "credential lab-ssh }%n", i, kind, ports[2 * (i - 1)], kind.equals("ipmi") ? " cipher 3" : "",
					ports[2 * (i - 1) + 1]));
		}
		d.append("}\n");
		Files.writeString(dir.resolve("t1.underlay"), d.toString());
	}

	/** {@link #write} into {@code tmp/design} with free ports, loaded as the lab spec of site t1. */
	static LabSpec spec(Path tmp, int machines, int unbound) throws Exception {
		Path design = Files.createDirectories(tmp.resolve("design"));
		write(design, machines, unbound, freePorts(2 * machines));
		return LabPlan.load(design, "t1");
	}

	static String mac(int i) {
		return String.format("02:00:00:00:%02x:%02x", i / 256, i % 256);
	}

	/** {@code n} distinct ports free for TCP and UDP on 127.0.0.1 right now. */
	static int[] freePorts(int n) throws IOException {
		List<Integer> ports = new ArrayList<>();
		while (ports.size() < n) {
			int port;
			try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				port = s.getLocalPort();
			}
			if (ports.contains(port)) {
				continue;
			}
			try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
				ports.add(port);
			} catch (IOException e) {
				// UDP side taken
			}
		}
		return ports.stream().mapToInt(Integer::intValue).toArray();
	}
}
