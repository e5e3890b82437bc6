package org.underlay.operations.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.underlay.dsl.model.Sites;
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
import org.underlay.operations.observed.LldpNeighbour;
import org.underlay.operations.observed.Observation;
import org.underlay.operations.observed.Observations;
import org.underlay.operations.observed.ObservedInterface;
import org.underlay.operations.observed.ObservedMachine;
import org.underlay.operations.observed.SensorReading;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * Design against observation, for the machines of one environment: per device what is missing, unexpected or
 * different (reachability, power, boot device, MACs, addresses, expected facts, the OS image param against the
 * installed image, sensors out of range) interfaces the design does not name, and per cable whether LLDP sees the designed neighbour. Each finding carries
 * the design element it is about ({@link DriftSubject#element()}). Results come in a
 * stable order (device, then subject), so two runs on the same state compare equal and diff cleanly.
 */
public final class Drift {

	private static final Comparator<DriftFinding> ORDER = Comparator.comparing(DriftFinding::device)
			.thenComparing(f -> f.subject().label()).thenComparing(DriftFinding::kind);

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
			for (Device device : Sites.devicesOf(site)) {
				designed.put(device.getName(), device);
			}
		}
		Map<String, ObservedMachine> observed = Observations.byName(observation);
		List<DriftFinding> findings = new ArrayList<>();
		for (Device device : designed.values()) {
			ObservedMachine machine = observed.get(device.getName());
			if (machine == null) {
				findings.add(new DriftFinding(device.getName(), DriftFinding.Kind.MISSING, new DriftSubject.Machine(uri(device)), null,
						"never observed"));
			} else if (!machine.isReachable()) {
				findings.add(new DriftFinding(device.getName(), DriftFinding.Kind.MISSING, new DriftSubject.Reachable(uri(device)), "yes",
						machine.getError()));
			} else {
				compare(device, machine, findings);
			}
		}
		for (ObservedMachine machine : observation.getMachines()) {
			if (!designed.containsKey(machine.getName())) {
				String hostname = machine.getFacts().get("hostname");
				findings.add(new DriftFinding(machine.getName(), DriftFinding.Kind.UNEXPECTED, new DriftSubject.Machine(null), null,
						hostname == null ? "observed" : hostname));
			}
		}
		cables(site, designed, observed, findings);
		findings.sort(ORDER);
		return findings;
	}

	private static void compare(Device device, ObservedMachine machine, List<DriftFinding> findings) {
		String name = device.getName();
		for (DeviceMember member : device.getMembers()) {
			if (member instanceof DesiredPower power && machine.getPower() != null) {
				mismatch(findings, name, new DriftSubject.Power(uri(power)), power.getState().getLiteral(), machine.getPower());
			} else if (member instanceof DesiredBoot boot && machine.getBootDevice() != null) {
				mismatch(findings, name, new DriftSubject.Boot(uri(boot)), boot.getTarget().getLiteral(), machine.getBootDevice());
			} else if (member instanceof Interface nic && !machine.getInterfaces().isEmpty()) {
				ObservedInterface seen = machine.findInterface(nic.getName());
				if (seen == null) {
					findings.add(new DriftFinding(name, DriftFinding.Kind.MISSING, new DriftSubject.Nic(nic.getName(), uri(nic)),
							nic.getMac(), "not on the machine"));
					continue;
				}
				if (nic.getMac() != null) {
					mismatch(findings, name, new DriftSubject.Mac(nic.getName(), uri(nic)), nic.getMac().toLowerCase(Locale.ROOT),
							seen.getMac() == null ? null : seen.getMac().toLowerCase(Locale.ROOT));
				}
				if (nic.getAddress() != null && !seen.getAddresses().stream().map(a -> a.split("/")[0])
						.anyMatch(nic.getAddress()::equals)) {
					findings.add(new DriftFinding(name, DriftFinding.Kind.MISMATCH, new DriftSubject.Address(nic.getName(), uri(nic)),
							nic.getAddress(), String.join(", ", seen.getAddresses())));
				}
			} else if (member instanceof Expectation expectation && machine.getFacts().containsKey(expectation.getFact())) {
				String actual = machine.getFacts().get(expectation.getFact());
				String expected = Values.render(expectation.getExpected());
				boolean holds = switch (expectation.getOperator()) {
				case EQ -> actual.equals(expected);
				case NE -> !actual.equals(expected);
				case CONTAINS -> actual.contains(expected);
				};
				if (!holds) {
					findings.add(new DriftFinding(name, DriftFinding.Kind.MISMATCH,
							new DriftSubject.Fact(expectation.getFact(), uri(expectation)),
							expectation.getOperator().getLiteral() + " " + expected, actual));
				}
			}
		}
		// interfaces with a MAC on the machine that the design does not name (only where it names any: a device whose
		// design says nothing of its NICs is not compared)
		Set<String> named = new HashSet<>();
		for (DeviceMember member : device.getMembers()) {
			if (member instanceof Interface nic) {
				named.add(nic.getName());
			}
		}
		if (!named.isEmpty()) {
			for (ObservedInterface seen : machine.getInterfaces()) {
				if (!named.contains(seen.getName()) && seen.getMac() != null && !seen.getMac().isBlank()) {
					findings.add(new DriftFinding(name, DriftFinding.Kind.UNEXPECTED,
							new DriftSubject.Nic(seen.getName(), uri(device)), null,
							seen.getMac().toLowerCase(Locale.ROOT)));
				}
			}
		}
		// an override the BMC holds for every start (a BMC that stored Once as Continuous boots the network forever)
		// is drift unless the design asks for that boot device
		if ("continuous".equals(machine.getBootOverride()) && machine.getBootDevice() != null
				&& device.getMembers().stream().noneMatch(m -> m instanceof DesiredBoot)) {
			findings.add(new DriftFinding(name, DriftFinding.Kind.MISMATCH, new DriftSubject.BootOverride(uri(device)), "none",
					machine.getBootDevice() + " on every start (continuous)"));
		}
		// the installed image against the effective os.image param (what the provisioning wrote)
		String image = machine.getFacts().get("os.image");
		var param = image == null ? null : ParamResolver.resolve(device, "os.image");
		if (param != null && param.isSet()) {
			mismatch(findings, name, new DriftSubject.Image(uri(device)), Values.render(param.value()), image);
		}
		for (SensorReading sensor : machine.getSensors()) {
			// out of range as the BMC judges it; "unavailable" (an empty slot, a sensor not read) is not drift
			if ("warning".equalsIgnoreCase(sensor.getStatus()) || "critical".equalsIgnoreCase(sensor.getStatus())) {
				findings.add(new DriftFinding(name, DriftFinding.Kind.MISMATCH,
						new DriftSubject.Sensor(sensor.getName(), uri(device)), "ok",
						sensor.getStatus() + (sensor.getValue() == null ? "" : " at " + sensor.getValue()
								+ (sensor.getUnit() == null ? "" : " " + sensor.getUnit()))));
			}
		}
	}

	/** Each designed cable end of an observed machine against the LLDP neighbour on that port. */
	private static void cables(Site site, Map<String, Device> devices, Map<String, ObservedMachine> observed,
			List<DriftFinding> findings) {
		Set<String> machines = devices.keySet();
		Set<String> designedPorts = new HashSet<>();
		for (Link link : site.getLinks()) {
			check(link, link.getA(), link.getB(), machines, observed, findings);
			check(link, link.getB(), link.getA(), machines, observed, findings);
			for (LinkEnd end : List.of(link.getA(), link.getB())) {
				if (end.getDevice() != null && !end.getDevice().eIsProxy()) {
					designedPorts.add(end.getDevice().getName() + "." + end.getPort());
				}
			}
		}
		// neighbours on ports the design does not cable
		for (String machine : machines) {
			ObservedMachine seen = observed.get(machine);
			if (seen == null || !seen.isReachable()) {
				continue;
			}
			for (LldpNeighbour neighbour : seen.getNeighbours()) {
				if (!designedPorts.contains(machine + "." + neighbour.getLocalPort())) {
					findings.add(new DriftFinding(machine, DriftFinding.Kind.UNEXPECTED,
							new DriftSubject.Cable(neighbour.getLocalPort(), uri(devices.get(machine))),
							null, neighbour.getSystem() + "." + neighbour.getPort()));
				}
			}
		}
	}

	private static void check(Link link, LinkEnd local, LinkEnd remote, Set<String> machines,
			Map<String, ObservedMachine> observed, List<DriftFinding> findings) {
		if (local.getDevice() == null || local.getDevice().eIsProxy() || remote.getDevice() == null
				|| remote.getDevice().eIsProxy()) {
			return;
		}
		String device = local.getDevice().getName();
		ObservedMachine seen = observed.get(device);
		if (!machines.contains(device) || seen == null || !seen.isReachable() || seen.getNeighbours().isEmpty()) {
			return; // LLDP not observed on this machine: nothing to compare
		}
		String designed = remote.getDevice().getName() + "." + remote.getPort();
		LldpNeighbour neighbour = seen.findNeighbour(local.getPort());
		if (neighbour == null) {
			findings.add(new DriftFinding(device, DriftFinding.Kind.MISSING, new DriftSubject.Cable(local.getPort(), uri(link)),
					designed,
					"no neighbour"));
		} else {
			mismatch(findings, device, new DriftSubject.Cable(local.getPort(), uri(link)), designed,
					neighbour.getSystem() + "." + neighbour.getPort());
		}
	}

	private static void mismatch(List<DriftFinding> findings, String device, DriftSubject subject, String designed,
			String observed) {
		if (observed != null && !designed.equals(observed)) {
			findings.add(new DriftFinding(device, DriftFinding.Kind.MISMATCH, subject, designed, observed));
		}
	}

	/** The element's URI (resource and fragment), or null for none or an element outside a resource. */
	private static URI uri(EObject element) {
		return element == null || element.eResource() == null ? null : EcoreUtil.getURI(element);
	}

	/**
	 * Findings as JSON: {"drift": [{"device":…, "kind":"MISMATCH", "subject":"mac ens1f0", "designed":…,
	 * "observed":…, "element":"file:/…/site.underlay#…"}]}.
	 */
	public static String toJson(List<DriftFinding> findings) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (DriftFinding finding : findings) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("device", finding.device());
			row.put("kind", finding.kind().name());
			row.put("subject", finding.subject().label());
			row.put("designed", finding.designed());
			row.put("observed", finding.observed());
			URI element = finding.subject().element();
			row.put("element", element == null ? null : element.toString());
			rows.add(row);
		}
		Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();
		return gson.toJson(Map.of("drift", rows)) + "\n";
	}

}
