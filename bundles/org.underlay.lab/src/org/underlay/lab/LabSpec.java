package org.underlay.lab;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a rehearsal lab is made of: one {@link Machine} per device of a site that its {@code lab} environment binds,
 * with the endpoints from the binding and the facts the design expects. Computed from a design by {@link LabPlan};
 * plain data, so tests and tools can also build one by hand.
 *
 * @param site        the site's name
 * @param environment the environment the endpoints come from (normally {@code lab})
 * @param machines    the machines, in design order
 * @param notes       what was left out and why (devices without a binding, bindings without an endpoint)
 */
public record LabSpec(String site, String environment, List<Machine> machines, List<String> notes) {

	/** The BMC a machine has, and therefore which simulator the lab starts for it. */
	public enum BmcKind {
		/** IPMI 2.0 lanplus over UDP: Debian's {@code ipmi_sim}. */
		IPMI,
		/** Redfish over HTTPS: the project's Redfish simulator. */
		REDFISH;

		/** The BMC driver protocol name ({@code ipmi}, {@code redfish}). */
		public String protocol() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/**
	 * One lab machine.
	 *
	 * @param name          the device name; also the host name its SSH host reports
	 * @param bmcKind       which simulator
	 * @param bmcHost       where the simulated BMC listens (a loopback address)
	 * @param bmcPort       its port (UDP for IPMI, TCP for Redfish)
	 * @param bmcCredential the credential name the binding uses for the BMC
	 * @param sshHost       where the simulated host's SSH listens while it is powered on
	 * @param sshPort       its TCP port
	 * @param sshUser       the user the SSH host accepts (with the lab key)
	 * @param sshCredential the credential name the binding uses for SSH
	 * @param facts         the facts the SSH host serves: {@code hostname}, {@code os.image}, {@code mac.<nic>},
	 *                      {@code address.<nic>} (CIDR), {@code lldp.<nic>.chassis} / {@code lldp.<nic>.port},
	 *                      {@code serial}, ...
	 */
	public record Machine(String name, BmcKind bmcKind, String bmcHost, int bmcPort, String bmcCredential,
			String sshHost, int sshPort, String sshUser, String sshCredential, Map<String, String> facts) {

		public Machine {
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(bmcKind, "bmcKind");
			Objects.requireNonNull(bmcHost, "bmcHost");
			Objects.requireNonNull(sshHost, "sshHost");
			if (!name.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
				throw new IllegalArgumentException("machine name must be a plain name: " + name);
			}
			checkPort(bmcPort, name + " BMC");
			checkPort(sshPort, name + " SSH");
			bmcCredential = bmcCredential == null ? "lab-bmc" : bmcCredential;
			sshCredential = sshCredential == null ? "lab-ssh" : sshCredential;
			sshUser = sshUser == null ? "root" : sshUser;
			facts = facts == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(facts));
		}

		private static void checkPort(int port, String what) {
			if (port <= 0 || port > 65535) {
				throw new IllegalArgumentException(what + " port out of range: " + port);
			}
		}

		/** "udp 127.0.0.1:18001" / "tcp 127.0.0.1:18001", for messages. */
		public String bmcAddress() {
			return (bmcKind == BmcKind.IPMI ? "udp " : "tcp ") + bmcHost + ":" + bmcPort;
		}
	}

	public LabSpec {
		Objects.requireNonNull(site, "site");
		environment = environment == null ? "lab" : environment;
		machines = List.copyOf(machines);
		notes = notes == null ? List.of() : List.copyOf(notes);
	}

	public Machine machine(String name) {
		for (Machine m : machines) {
			if (m.name().equals(name)) {
				return m;
			}
		}
		throw new IllegalArgumentException("no lab machine '" + name + "'");
	}
}
