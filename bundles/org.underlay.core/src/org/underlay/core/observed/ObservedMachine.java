package org.underlay.core.observed;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What was observed of one machine in one environment, with when: from its BMC (power, boot device, inventory,
 * sensors) and over SSH (facts, interfaces, LLDP neighbours). Anything not observed is null or empty: a machine
 * whose BMC answered but whose SSH did not has power but no facts.
 *
 * @param facts      SSH facts by name: {@code hostname}, {@code os.image}, {@code os.release}, {@code kernel},
 *                   {@code serial} (from the BMC's inventory), anything a collect step gathered
 * @param interfaces interface name to its MAC and addresses
 * @param neighbours local port to the LLDP neighbour seen on it
 */
public record ObservedMachine(String name, Instant observedAt, String power, String bootDevice,
		Map<String, String> facts, Map<String, Interface> interfaces, List<Sensor> sensors,
		Map<String, Neighbour> neighbours, String error) {

	public record Interface(String mac, List<String> addresses) {
	}

	/** A sensor reading; {@code status} "ok", "warning" or "critical" as the BMC judged it. */
	public record Sensor(String name, Double value, String unit, String status) {
	}

	public record Neighbour(String system, String port) {
	}

	public ObservedMachine {
		facts = facts == null ? Map.of() : new TreeMap<>(facts);
		interfaces = interfaces == null ? Map.of() : new TreeMap<>(interfaces);
		sensors = sensors == null ? List.of() : List.copyOf(sensors);
		neighbours = neighbours == null ? Map.of() : new TreeMap<>(neighbours);
	}

	/** A machine that could not be observed at all, and why (unreachable BMC, refused login, ...). */
	public static ObservedMachine unreachable(String name, Instant at, String error) {
		return new ObservedMachine(name, at, null, null, null, null, null, null, error);
	}

	public boolean reachable() {
		return error == null;
	}
}
