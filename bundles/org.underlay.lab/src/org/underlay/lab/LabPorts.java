package org.underlay.lab;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

import org.underlay.lab.internal.Processes;
import org.underlay.peers.Ports;

/** The lab's endpoints: loopback only, each port once and free before {@code up}, free again after {@code down}. */
final class LabPorts {

	private LabPorts() {
	}

	/** Every endpoint a loopback address, no port twice, every port free right now. */
	static void check(LabSpec spec) throws LabException {
		Map<String, String> taken = new HashMap<>();
		for (LabSpec.Machine m : spec.machines()) {
			String bmcProto = m.bmcKind() == LabSpec.BmcKind.IPMI ? "udp" : "tcp";
			String[][] endpoints = {
					{ bmcProto, m.bmcHost(), Integer.toString(m.bmcPort()),
							(m.bmcKind() == LabSpec.BmcKind.IPMI ? "IPMI" : "Redfish") + " BMC of " + m.name() },
					{ "tcp", m.sshHost(), Integer.toString(m.sshPort()), "SSH host of " + m.name() } };
			for (String[] e : endpoints) {
				try {
					if (!InetAddress.getByName(e[1]).isLoopbackAddress()) {
						throw new LabException("the lab only listens on loopback addresses: the " + e[3] + " is bound to "
								+ e[1] + " in environment " + spec.environment());
					}
				} catch (UnknownHostException x) {
					throw new LabException("unknown host " + e[1] + " for the " + e[3]);
				}
				String key = e[0] + " " + e[1] + ":" + e[2];
				String before = taken.putIfAbsent(key, e[3]);
				if (before != null) {
					throw new LabException("port " + e[1] + ":" + e[2] + " (" + e[0] + ") is bound twice: " + before
							+ " and " + e[3]);
				}
				if (!Ports.isFree(e[1], Integer.parseInt(e[2]), e[0].equals("udp"))) {
					throw new LabException("port " + e[1] + ":" + e[2] + " (" + e[0] + ", " + e[3]
							+ ") is already in use by another process");
				}
			}
		}
	}

	/** Waits until the port is free or the deadline ({@link System#currentTimeMillis()}) passes; whether it is. */
	static boolean awaitFree(String host, int port, boolean udp, long deadline) {
		while (!Ports.isFree(host, port, udp) && System.currentTimeMillis() < deadline) {
			Processes.sleep(20);
		}
		return Ports.isFree(host, port, udp);
	}
}
