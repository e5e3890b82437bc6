package org.underlay.operations.observed;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.emf.ecore.util.EcoreUtil;

/**
 * Building and reading the observed model the way collectors and drift need it: machines, interfaces, neighbours and
 * facts added in name order (so stored files and reports are stable), and the model's dates as {@link Instant}s.
 */
public final class Observations {

	private static final ObservedFactory FACTORY = ObservedFactory.eINSTANCE;

	private Observations() {
	}

	public static Observation observation(String environment, Instant takenAt) {
		Observation o = FACTORY.createObservation();
		o.setEnvironment(environment);
		o.setTakenAt(date(takenAt));
		return o;
	}

	/** An observation of the given machines, sorted by name. */
	public static Observation observation(String environment, Instant takenAt, Collection<ObservedMachine> machines) {
		Observation o = observation(environment, takenAt);
		Map<String, ObservedMachine> sorted = new TreeMap<>();
		machines.forEach(m -> sorted.put(m.getName(), m));
		o.getMachines().addAll(sorted.values());
		return o;
	}

	/** A machine observed at the given time, with nothing observed yet. */
	public static ObservedMachine machine(String name, Instant at) {
		ObservedMachine m = FACTORY.createObservedMachine();
		m.setName(name);
		m.setObservedAt(date(at));
		return m;
	}

	/** A machine that could not be observed at all, and why (unreachable BMC, refused login, ...). */
	public static ObservedMachine unreachable(String name, Instant at, String error) {
		ObservedMachine m = machine(name, at);
		m.setError(error);
		return m;
	}

	/** Sets the facts, in name order. */
	public static ObservedMachine facts(ObservedMachine machine, Map<String, String> facts) {
		machine.getFacts().clear();
		new TreeMap<>(facts).forEach(machine.getFacts()::put);
		return machine;
	}

	public static ObservedInterface nic(String name, String mac, List<String> addresses) {
		ObservedInterface i = FACTORY.createObservedInterface();
		i.setName(name);
		i.setMac(mac);
		i.getAddresses().addAll(addresses);
		return i;
	}

	/** Sets the interfaces, in name order. */
	public static ObservedMachine interfaces(ObservedMachine machine, Collection<ObservedInterface> interfaces) {
		Map<String, ObservedInterface> sorted = new TreeMap<>();
		interfaces.forEach(i -> sorted.put(i.getName(), i));
		machine.getInterfaces().clear();
		machine.getInterfaces().addAll(sorted.values());
		return machine;
	}

	public static LldpNeighbour neighbour(String localPort, String system, String port) {
		LldpNeighbour n = FACTORY.createLldpNeighbour();
		n.setLocalPort(localPort);
		n.setSystem(system);
		n.setPort(port);
		return n;
	}

	/** Sets the LLDP neighbours, in local-port order. */
	public static ObservedMachine neighbours(ObservedMachine machine, Collection<LldpNeighbour> neighbours) {
		Map<String, LldpNeighbour> sorted = new TreeMap<>();
		neighbours.forEach(n -> sorted.put(n.getLocalPort(), n));
		machine.getNeighbours().clear();
		machine.getNeighbours().addAll(sorted.values());
		return machine;
	}

	public static SensorReading sensor(String name, Double value, String unit, String status) {
		SensorReading s = FACTORY.createSensorReading();
		s.setName(name);
		s.setValue(value);
		s.setUnit(unit);
		s.setStatus(status);
		return s;
	}

	/**
	 * Puts a machine's entry into the observation, replacing the entry of the same name or adding it in name order
	 * (collectors update machine by machine).
	 */
	public static void put(Observation observation, ObservedMachine machine) {
		List<ObservedMachine> machines = observation.getMachines();
		for (int i = 0; i < machines.size(); i++) {
			int order = machines.get(i).getName().compareTo(machine.getName());
			if (order == 0) {
				machines.set(i, machine);
				return;
			}
			if (order > 0) {
				machines.add(i, machine);
				return;
			}
		}
		machines.add(machine);
	}

	/**
	 * A new observation merged into the last one, machine by machine, so that a failed collect never drops a good
	 * observation: a machine observed now replaces its old entry; a machine whose BMC could not be reached now keeps
	 * its last good entry, marked with this attempt's time and error ({@code lastAttemptAt}, {@code lastAttemptError});
	 * a machine whose BMC answered but whose SSH did not gets the new BMC view and keeps the SSH view (facts,
	 * interfaces, neighbours) of its last good entry, marked the same way. Machines not tried now stay as they were.
	 * Neither argument is changed.
	 */
	public static Observation merge(Observation last, Observation now) {
		Observation merged = EcoreUtil.copy(last);
		merged.setEnvironment(now.getEnvironment());
		merged.setTakenAt(now.getTakenAt());
		Map<String, ObservedMachine> before = byName(last);
		for (ObservedMachine fresh : now.getMachines()) {
			ObservedMachine old = before.get(fresh.getName());
			ObservedMachine entry = EcoreUtil.copy(fresh);
			if (old != null && old.isReachable()) {
				if (!fresh.isReachable()) {
					entry = EcoreUtil.copy(old);
					entry.setLastAttemptAt(fresh.getObservedAt());
					entry.setLastAttemptError(fresh.getError());
				} else if (sshFailed(fresh) && !sshFailed(old) && !old.getInterfaces().isEmpty()) {
					Map<String, String> facts = facts(old);
					facts.putAll(bmcFacts(fresh));
					entry.getFacts().clear();
					facts(entry, facts);
					entry.getInterfaces().clear();
					entry.getInterfaces().addAll(EcoreUtil.copyAll(old.getInterfaces()));
					entry.getNeighbours().clear();
					entry.getNeighbours().addAll(EcoreUtil.copyAll(old.getNeighbours()));
					entry.setLastAttemptAt(fresh.getObservedAt());
					entry.setLastAttemptError("SSH " + fresh.getFacts().get(SSH_FACT));
				}
			}
			put(merged, entry);
		}
		return merged;
	}

	/** The fact a collector records when SSH did not answer ("unreachable: why"). */
	public static final String SSH_FACT = "ssh";

	private static boolean sshFailed(ObservedMachine machine) {
		String ssh = machine.getFacts().get(SSH_FACT);
		return ssh != null && ssh.startsWith("unreachable");
	}

	/** Facts read from the BMC, not over SSH. */
	private static Map<String, String> bmcFacts(ObservedMachine machine) {
		Map<String, String> map = new TreeMap<>();
		for (String key : List.of("serial", "model", "manufacturer")) {
			String value = machine.getFacts().get(key);
			if (value != null) {
				map.put(key, value);
			}
		}
		return map;
	}

	/** The machines by name, in the observation's order. */
	public static Map<String, ObservedMachine> byName(Observation observation) {
		Map<String, ObservedMachine> map = new LinkedHashMap<>();
		observation.getMachines().forEach(m -> map.put(m.getName(), m));
		return map;
	}

	/** The facts as a plain map (a copy). */
	public static Map<String, String> facts(ObservedMachine machine) {
		Map<String, String> map = new TreeMap<>();
		machine.getFacts().forEach(e -> map.put(e.getKey(), e.getValue()));
		return map;
	}

	public static Instant instant(Date date) {
		return date == null ? null : date.toInstant();
	}

	public static Date date(Instant instant) {
		return instant == null ? null : Date.from(instant);
	}
}
