package org.underlay.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.core.drift.Drift;
import org.underlay.core.drift.DriftFinding;
import org.underlay.core.export.WorkPackage;
import org.underlay.core.observed.Observation;
import org.underlay.core.observed.ObservationStore;
import org.underlay.core.observed.ObservedMachine;
import org.underlay.dsl.params.ParamResolver;
import org.underlay.dsl.params.Values;
import org.underlay.dsl.underlay.Binding;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Interface;
import org.underlay.dsl.underlay.Link;
import org.underlay.dsl.underlay.Site;

/** Design against observation: nothing when they agree, exactly what differs when they don't, stable and stored. */
class DriftTest {

	private static final Instant AT = Instant.parse("2026-11-27T01:00:00Z");

	@TempDir
	Path folder;

	@Test
	void anObservationThatMatchesTheDesignHasNoDrift() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		Environment lab = environment(fra1, "lab");
		assertEquals(List.of(), Drift.compute(fra1, lab, asDesigned(fra1, lab)));
	}

	@Test
	void reportsExactlyWhatChangedBehindTheDesignsBack() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		Environment lab = environment(fra1, "lab");
		Observation observation = asDesigned(fra1, lab);
		Map<String, ObservedMachine> machines = observation.byName();
		// web-01 powered off through its BMC, web-02 serving another MAC, web-03's LLDP neighbour swapped
		ObservedMachine web01 = machines.get("web-01");
		machines.put("web-01", new ObservedMachine("web-01", AT, "off", null, web01.facts(), web01.interfaces(),
				web01.sensors(), web01.neighbours(), null));
		ObservedMachine web02 = machines.get("web-02");
		Map<String, ObservedMachine.Interface> nics = new HashMap<>(web02.interfaces());
		nics.put("ens1f0", new ObservedMachine.Interface("02:00:0a:0a:00:99", nics.get("ens1f0").addresses()));
		machines.put("web-02", new ObservedMachine("web-02", AT, "on", null, web02.facts(), nics, web02.sensors(),
				web02.neighbours(), null));
		ObservedMachine web03 = machines.get("web-03");
		machines.put("web-03", new ObservedMachine("web-03", AT, "on", null, web03.facts(), web03.interfaces(),
				web03.sensors(), Map.of("ens1f0", new ObservedMachine.Neighbour("tor-r01", "Ethernet9")), null));
		List<DriftFinding> drift = Drift.compute(fra1, lab, new Observation("lab", AT, List.copyOf(machines.values())));
		assertEquals(List.of("web-01: power is off, designed on",
				"web-02: mac ens1f0 is 02:00:0a:0a:00:99, designed 02:00:0a:0a:00:0c",
				"web-03: cable ens1f0 is tor-r01.Ethernet9, designed tor-r01.Ethernet3"),
				drift.stream().map(DriftFinding::describe).toList());
	}

	@Test
	void missingUnexpectedUnreachableImageAndSensors() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		Environment lab = environment(fra1, "lab");
		Map<String, ObservedMachine> machines = asDesigned(fra1, lab).byName();
		machines.remove("app-03");
		machines.put("db-02", ObservedMachine.unreachable("db-02", AT, "BMC 127.0.0.1:18005 did not answer within 5 s"));
		machines.put("stray-01", new ObservedMachine("stray-01", AT, "on", null, Map.of("hostname", "stray-01"), null,
				null, null, null));
		ObservedMachine web01 = machines.get("web-01");
		Map<String, String> facts = new HashMap<>(web01.facts());
		facts.put("os.image", "debian-12");
		machines.put("web-01", new ObservedMachine("web-01", AT, "on", null, facts, web01.interfaces(),
				List.of(new ObservedMachine.Sensor("CPU Temp", 96.0, "degrees C", "critical")), web01.neighbours(), null));
		List<DriftFinding> drift = Drift.compute(fra1, lab, new Observation("lab", AT, List.copyOf(machines.values())));
		assertEquals(List.of("app-03: machine missing: never observed",
				"db-02: reachable missing (designed yes): BMC 127.0.0.1:18005 did not answer within 5 s",
				"stray-01: machine not in the design (stray-01)",
				"web-01: os.image is debian-12, designed debian-12-hardened",
				"web-01: sensor CPU Temp is critical at 96.0 degrees C, designed ok"),
				drift.stream().map(DriftFinding::describe).toList(), "sorted by device, then subject");
		String json = Drift.toJson(drift);
		assertTrue(json.contains("\"kind\": \"UNEXPECTED\"") && json.contains("\"device\": \"stray-01\""), json);
	}

	@Test
	void storeWritesAtomicallyAndReadsBack() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		Observation observation = asDesigned(fra1, environment(fra1, "lab"));
		ObservationStore store = new ObservationStore(folder);
		store.write(observation);
		Observation read = store.read("lab");
		assertEquals(observation, read, "what was written is what is read");
		try (var files = Files.list(store.fileOf("lab").getParent())) {
			assertEquals(List.of("lab.json"), files.map(p -> p.getFileName().toString()).toList(),
					"no temporary file is left behind");
		}
		assertEquals(List.of(), store.read("production").machines(), "nothing observed yet");
		Files.writeString(store.fileOf("lab"), "{ half a fi");
		IOException broken = assertThrows(IOException.class, () -> store.read("lab"));
		assertTrue(broken.getMessage().contains("lab.json is not a readable observation"), broken.getMessage());
		assertThrows(IllegalArgumentException.class, () -> store.fileOf("../etc"));
	}

	/** What the collectors would observe of a lab built exactly as designed. */
	static Observation asDesigned(Site site, Environment environment) {
		List<ObservedMachine> machines = new ArrayList<>();
		for (Binding binding : environment.getBindings()) {
			Device device = binding.getDevice();
			Map<String, ObservedMachine.Interface> nics = new HashMap<>();
			for (var member : device.getMembers()) {
				if (member instanceof Interface nic) {
					nics.put(nic.getName(), new ObservedMachine.Interface(nic.getMac(),
							nic.getAddress() == null ? List.of() : List.of(nic.getAddress() + "/24")));
				}
			}
			Map<String, ObservedMachine.Neighbour> neighbours = new HashMap<>();
			for (Link link : site.getLinks()) {
				if (link.getA().getDevice() == device) {
					neighbours.put(link.getA().getPort(),
							new ObservedMachine.Neighbour(link.getB().getDevice().getName(), link.getB().getPort()));
				} else if (link.getB().getDevice() == device) {
					neighbours.put(link.getB().getPort(),
							new ObservedMachine.Neighbour(link.getA().getDevice().getName(), link.getA().getPort()));
				}
			}
			var image = ParamResolver.resolve(device, "os.image");
			Map<String, String> facts = new HashMap<>();
			facts.put("hostname", device.getName());
			if (image != null && image.isSet()) {
				facts.put("os.image", Values.render(image.value()));
			}
			machines.add(new ObservedMachine(device.getName(), AT, "on", null, facts, nics,
					List.of(new ObservedMachine.Sensor("CPU Temp", 45.0, "degrees C", "ok")), neighbours, null));
		}
		return new Observation(environment.getName(), AT, machines);
	}

	static Environment environment(Site site, String name) {
		return WorkPackage.environmentsOf(site).stream().filter(e -> e.getName().equals(name)).findFirst()
				.orElseThrow();
	}

}
