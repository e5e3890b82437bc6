package org.underlay.core.observed;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything observed in one environment ("production", "lab"), machine by machine. */
public record Observation(String environment, Instant takenAt, List<ObservedMachine> machines) {

	public Observation {
		machines = List.copyOf(machines);
	}

	public Map<String, ObservedMachine> byName() {
		Map<String, ObservedMachine> map = new LinkedHashMap<>();
		machines.forEach(m -> map.put(m.name(), m));
		return map;
	}

	/** This observation with one machine's entry replaced (or added): collectors update machine by machine. */
	public Observation with(ObservedMachine machine, Instant at) {
		Map<String, ObservedMachine> map = byName();
		map.put(machine.name(), machine);
		return new Observation(environment, at, List.copyOf(map.values()));
	}
}
