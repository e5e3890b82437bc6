package org.underlay.operations.drift;

import org.eclipse.emf.common.util.URI;

/**
 * What a drift finding is about, with the design element that states the designed value: the {@link #element()} URI
 * (resource and fragment) leads the planner's fix and accept-observed straight to it instead of searching the design
 * for a name again. Null where the design has no such element (an unexpected machine, interface or cable is about
 * the device the observation belongs to, or about nothing in the design at all).
 */
public sealed interface DriftSubject {

	/** What differs, as the views, the CLI and the JSON show it: "mac ens1f0", "cable swp1", "power". */
	String label();

	/** The design element whose text states the designed value, or null. */
	URI element();

	/** The machine itself: designed and never observed, or observed and not designed. Element: the device. */
	record Machine(URI element) implements DriftSubject {
		@Override
		public String label() {
			return "machine";
		}
	}

	/** The machine was observed but its BMC (or host) did not answer. Element: the device. */
	record Reachable(URI element) implements DriftSubject {
		@Override
		public String label() {
			return "reachable";
		}
	}

	/** The power state against 'desired power'. Element: the DesiredPower member. */
	record Power(URI element) implements DriftSubject {
		@Override
		public String label() {
			return "power";
		}
	}

	/** The boot device against 'desired boot'. Element: the DesiredBoot member. */
	record Boot(URI element) implements DriftSubject {
		@Override
		public String label() {
			return "boot";
		}
	}

	/** A boot override the BMC keeps for every start where the design asks for none. Element: the device. */
	record BootOverride(URI element) implements DriftSubject {
		@Override
		public String label() {
			return "boot override";
		}
	}

	/**
	 * A network interface designed and not on the machine (element: the 'nic' member) or on the machine and not in
	 * the design (element: the device).
	 */
	record Nic(String name, URI element) implements DriftSubject {
		@Override
		public String label() {
			return "interface " + name;
		}
	}

	/** The MAC of a designed interface. Element: the 'nic' member. */
	record Mac(String nic, URI element) implements DriftSubject {
		@Override
		public String label() {
			return "mac " + nic;
		}
	}

	/** The address of a designed interface. Element: the 'nic' member. */
	record Address(String nic, URI element) implements DriftSubject {
		@Override
		public String label() {
			return "address " + nic;
		}
	}

	/** An 'expect' that does not hold. Element: the Expectation member. */
	record Fact(String key, URI element) implements DriftSubject {
		@Override
		public String label() {
			return "fact " + key;
		}
	}

	/** The installed image against the effective os.image param. Element: the device. */
	record Image(URI element) implements DriftSubject {
		@Override
		public String label() {
			return "os.image";
		}
	}

	/** A sensor the BMC judges out of range. Element: the device. */
	record Sensor(String name, URI element) implements DriftSubject {
		@Override
		public String label() {
			return "sensor " + name;
		}
	}

	/**
	 * The LLDP neighbour on a port: a designed cable not seen or seen elsewhere (element: the 'link'), or a
	 * neighbour on a port the design does not cable (element: the device).
	 */
	record Cable(String port, URI element) implements DriftSubject {
		@Override
		public String label() {
			return "cable " + port;
		}
	}

	/** The stored observation itself could not be read. No element. */
	record Observation(URI element) implements DriftSubject {
		@Override
		public String label() {
			return "observation";
		}
	}
}
