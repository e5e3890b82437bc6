package org.underlay.core.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.underlay.core.observed.Observation;
import org.underlay.core.observed.ObservedMachine;
import org.underlay.dsl.params.ParamResolver;
import org.underlay.dsl.params.Values;
import org.underlay.dsl.underlay.Binding;
import org.underlay.dsl.underlay.DesiredBoot;
import org.underlay.dsl.underlay.DesiredPower;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceMember;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Expectation;
import org.underlay.dsl.underlay.Interface;
import org.underlay.dsl.underlay.Link;
import org.underlay.dsl.underlay.LinkEnd;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.validation.RackUnits;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * Design against observation, for the machines of one environment: per device what is missing, unexpected or
 * different (reachability, power, boot device, MACs, addresses, expected facts, the OS image param against the
 * installed image, sensors out of range) and per cable whether LLDP sees the designed neighbour. Results come in a
 * stable order (device, then subject), so two runs on the same state compare equal and diff cleanly.
 */
public final class Drift {

	private static final Comparator<DriftFinding> ORDER = Comparator.comparing(DriftFinding::device)
			.thenComparing(DriftFinding::subject).thenComparing(DriftFinding::kind);

	private Drift() {
	}

	/**
	 * @param environment the binding that says which devices are machines of this environment; null: every device
	 *                    of the site with a BMC interface or an SSH user is expected
	 */
	public static List<DriftFinding> compute(Site site, Environment environment, Observation observation) {
		Map<String, Device> designed = new LinkedHashMap<>();
		if (environment != null) {
			for (Binding binding : environment.getBindings()) {
				Device device = binding.getDevice();
				if (device != null && !device.eIsProxy()) {
					designed.put(device.getName(), device);
				}
			}
		} else {
			for (Device device : RackUnits.devicesOf(site)) {
				designed.put(device.getName(), device);
			}
		}
		Map<String, ObservedMachine> observed = observation.byName();
		List<DriftFinding> findings = new ArrayList<>();
		for (Device device : designed.values()) {
			ObservedMachine machine = observed.get(device.getName());
			if (machine == null) {
				findings.add(new DriftFinding(device.getName(), DriftFinding.Kind.MISSING, "machine", null,
						"never observed"));
			} else if (!machine.reachable()) {
				findings.add(new DriftFinding(device.getName(), DriftFinding.Kind.MISSING, "reachable", "yes",
						machine.error()));
			} else {
				compare(device, machine, findings);
			}
		}
		for (ObservedMachine machine : observation.machines()) {
			if (!designed.containsKey(machine.name())) {
				findings.add(new DriftFinding(machine.name(), DriftFinding.Kind.UNEXPECTED, "machine", null,
						machine.facts().getOrDefault("hostname", "observed")));
			}
		}
		cables(site, designed.keySet(), observed, findings);
		findings.sort(ORDER);
		return findings;
	}

	private static void compare(Device device, ObservedMachine machine, List<DriftFinding> findings) {
		String name = device.getName();
		for (DeviceMember member : device.getMembers()) {
			if (member instanceof DesiredPower power && machine.power() != null) {
				mismatch(findings, name, "power", power.getState().getLiteral(), machine.power());
			} else if (member instanceof DesiredBoot boot && machine.bootDevice() != null) {
				mismatch(findings, name, "boot", boot.getTarget().getLiteral(), machine.bootDevice());
			} else if (member instanceof Interface nic && !machine.interfaces().isEmpty()) {
				ObservedMachine.Interface seen = machine.interfaces().get(nic.getName());
				if (seen == null) {
					findings.add(new DriftFinding(name, DriftFinding.Kind.MISSING, "interface " + nic.getName(),
							nic.getMac(), "not on the machine"));
					continue;
				}
				if (nic.getMac() != null) {
					mismatch(findings, name, "mac " + nic.getName(), nic.getMac().toLowerCase(Locale.ROOT),
							seen.mac() == null ? null : seen.mac().toLowerCase(Locale.ROOT));
				}
				if (nic.getAddress() != null && !seen.addresses().stream().map(a -> a.split("/")[0])
						.anyMatch(nic.getAddress()::equals)) {
					findings.add(new DriftFinding(name, DriftFinding.Kind.MISMATCH, "address " + nic.getName(),
							nic.getAddress(), String.join(", ", seen.addresses())));
				}
			} else if (member instanceof Expectation expectation && machine.facts().containsKey(expectation.getFact())) {
				String actual = machine.facts().get(expectation.getFact());
				String expected = Values.render(expectation.getExpected());
				boolean holds = switch (expectation.getOperator()) {
				case EQ -> actual.equals(expected);
				case NE -> !actual.equals(expected);
				case CONTAINS -> actual.contains(expected);
				};
				if (!holds) {
					findings.add(new DriftFinding(name, DriftFinding.Kind.MISMATCH, "fact " + expectation.getFact(),
							expectation.getOperator().getLiteral() + " " + expected, actual));
				}
			}
		}
		// the installed image against the effective os.image param (what the provisioning wrote)
		String image = machine.facts().get("os.image");
		var param = image == null ? null : ParamResolver.resolve(device, "os.image");
		if (param != null && param.isSet()) {
			mismatch(findings, name, "os.image", Values.render(param.value()), image);
		}
		for (ObservedMachine.Sensor sensor : machine.sensors()) {
			// out of range as the BMC judges it; "unavailable" (an empty slot, a sensor not read) is not drift
			if ("warning".equalsIgnoreCase(sensor.status()) || "critical".equalsIgnoreCase(sensor.status())) {
				findings.add(new DriftFinding(name, DriftFinding.Kind.MISMATCH, "sensor " + sensor.name(), "ok",
						sensor.status() + (sensor.value() == null ? "" : " at " + sensor.value()
								+ (sensor.unit() == null ? "" : " " + sensor.unit()))));
			}
		}
	}

	/** Each designed cable end of an observed machine against the LLDP neighbour on that port. */
	private static void cables(Site site, Set<String> machines, Map<String, ObservedMachine> observed,
			List<DriftFinding> findings) {
		Set<String> designedPorts = new HashSet<>();
		for (Link link : site.getLinks()) {
			check(link.getA(), link.getB(), machines, observed, findings);
			check(link.getB(), link.getA(), machines, observed, findings);
			for (LinkEnd end : List.of(link.getA(), link.getB())) {
				if (end.getDevice() != null && !end.getDevice().eIsProxy()) {
					designedPorts.add(end.getDevice().getName() + "." + end.getPort());
				}
			}
		}
		// neighbours on ports the design does not cable
		for (String machine : machines) {
			ObservedMachine seen = observed.get(machine);
			if (seen == null || !seen.reachable()) {
				continue;
			}
			seen.neighbours().forEach((port, neighbour) -> {
				if (!designedPorts.contains(machine + "." + port)) {
					findings.add(new DriftFinding(machine, DriftFinding.Kind.UNEXPECTED, "cable " + port, null,
							neighbour.system() + "." + neighbour.port()));
				}
			});
		}
	}

	private static void check(LinkEnd local, LinkEnd remote, Set<String> machines,
			Map<String, ObservedMachine> observed, List<DriftFinding> findings) {
		if (local.getDevice() == null || local.getDevice().eIsProxy() || remote.getDevice() == null
				|| remote.getDevice().eIsProxy()) {
			return;
		}
		String device = local.getDevice().getName();
		ObservedMachine seen = observed.get(device);
		if (!machines.contains(device) || seen == null || !seen.reachable() || seen.neighbours().isEmpty()) {
			return; // LLDP not observed on this machine: nothing to compare
		}
		String designed = remote.getDevice().getName() + "." + remote.getPort();
		ObservedMachine.Neighbour neighbour = seen.neighbours().get(local.getPort());
		if (neighbour == null) {
			findings.add(new DriftFinding(device, DriftFinding.Kind.MISSING, "cable " + local.getPort(), designed,
					"no neighbour"));
		} else {
			mismatch(findings, device, "cable " + local.getPort(), designed, neighbour.system() + "." + neighbour.port());
		}
	}

	private static void mismatch(List<DriftFinding> findings, String device, String subject, String designed,
			String observed) {
		if (observed != null && !designed.equals(observed)) {
			findings.add(new DriftFinding(device, DriftFinding.Kind.MISMATCH, subject, designed, observed));
		}
	}

	/** Findings as JSON: {"drift": [{"device":…, "kind":"MISMATCH", "subject":…, "designed":…, "observed":…}]}. */
	public static String toJson(List<DriftFinding> findings) {
		Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();
		return gson.toJson(Map.of("drift", findings)) + "\n";
	}

}
