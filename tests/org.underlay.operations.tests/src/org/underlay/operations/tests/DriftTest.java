package org.underlay.operations.tests;

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

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceFactoryImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.dsl.params.ParamResolver;
import org.underlay.dsl.params.Values;
import org.underlay.dsl.underlay.Binding;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Interface;
import org.underlay.dsl.underlay.Link;
import org.underlay.dsl.underlay.Site;
import org.underlay.operations.drift.Drift;
import org.underlay.operations.drift.DriftFinding;
import org.underlay.operations.observed.LldpNeighbour;
import org.underlay.operations.observed.Observation;
import org.underlay.operations.observed.ObservationStore;
import org.underlay.operations.observed.Observations;
import org.underlay.operations.observed.ObservedInterface;
import org.underlay.operations.observed.ObservedMachine;
import org.underlay.operations.observed.ObservedPackage;
import org.underlay.testing.design.Designs;

/** Design against observation: nothing when they agree, exactly what differs when they don't, stable and stored. */
class DriftTest {

	private static final Instant AT = Instant.parse("2026-11-27T01:00:00Z");

	@TempDir
	Path folder;

	@Test
	void anObservationThatMatchesTheDesignHasNoDrift() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		Environment lab = Designs.environment(fra1, "lab");
		assertEquals(List.of(), Drift.compute(fra1, lab, asDesigned(fra1, lab)));
	}

	@Test
	void reportsExactlyWhatChangedBehindTheDesignsBack() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		Environment lab = Designs.environment(fra1, "lab");
		Observation observation = asDesigned(fra1, lab);
		// web-01 powered off through its BMC, web-02 serving another MAC, web-03's LLDP neighbour swapped
		observation.findMachine("web-01").setPower("off");
		observation.findMachine("web-02").findInterface("ens1f0").setMac("02:00:0a:0a:00:99");
		observation.findMachine("web-03").findNeighbour("ens1f0").setPort("Ethernet9");
		// app-01's BMC kept a network boot for every start; web-02's once-only override is no drift
		observation.findMachine("app-01").setBootDevice("pxe");
		observation.findMachine("app-01").setBootOverride("continuous");
		observation.findMachine("web-02").setBootDevice("pxe");
		observation.findMachine("web-02").setBootOverride("once");
		List<DriftFinding> drift = Drift.compute(fra1, lab, observation);
		assertEquals(List.of("app-01: boot override is pxe on every start (continuous), designed none",
				"web-01: power is off, designed on",
				"web-02: mac ens1f0 is 02:00:0a:0a:00:99, designed 02:00:0a:0a:00:0c",
				"web-03: cable ens1f0 is tor-r01.Ethernet9, designed tor-r01.Ethernet3"),
				drift.stream().map(DriftFinding::describe).toList());
	}

	@Test
	void missingUnexpectedUnreachableImageAndSensors() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		Environment lab = Designs.environment(fra1, "lab");
		Observation observation = asDesigned(fra1, lab);
		observation.getMachines().remove(observation.findMachine("app-03"));
		observation.getMachines().set(observation.getMachines().indexOf(observation.findMachine("db-02")),
				Observations.unreachable("db-02", AT, "BMC 127.0.0.1:18005 did not answer within 5 s"));
		ObservedMachine stray = Observations.machine("stray-01", AT);
		stray.setPower("on");
		stray.getFacts().put("hostname", "stray-01");
		observation.getMachines().add(stray);
		ObservedMachine web01 = observation.findMachine("web-01");
		web01.getFacts().put("os.image", "debian-12");
		web01.getSensors().clear();
		web01.getSensors().add(Observations.sensor("CPU Temp", 96.0, "degrees C", "critical"));
		List<DriftFinding> drift = Drift.compute(fra1, lab, observation);
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
		Observation observation = asDesigned(fra1, Designs.environment(fra1, "lab"));
		ObservationStore store = new ObservationStore(folder);
		store.write(observation);
		Observation read = store.read("lab");
		assertTrue(EcoreUtil.equals(observation, read), "what was written is what is read");
		assertEquals("app-01", read.getMachines().get(0).getName(), "machines in name order");
		try (var files = Files.list(store.fileOf("lab").getParent())) {
			assertEquals(List.of("lab.observed"), files.map(p -> p.getFileName().toString()).toList(),
					"no temporary file is left behind");
		}
		// any EMF tool reads it: a plain resource set with the package registered by its namespace URI
		ResourceSetImpl generic = new ResourceSetImpl();
		generic.getResourceFactoryRegistry().getExtensionToFactoryMap().put("observed", new XMIResourceFactoryImpl());
		generic.getPackageRegistry().put(ObservedPackage.eNS_URI, ObservedPackage.eINSTANCE);
		Resource loaded = generic.getResource(URI.createFileURI(store.fileOf("lab").toString()), true);
		assertEquals("Observation", loaded.getContents().get(0).eClass().getName());
		assertEquals(List.of(), store.read("production").getMachines(), "nothing observed yet");
		Files.writeString(store.fileOf("lab"), "<?xml version=\"1.0\"?><observed:Observation half a fi");
		IOException broken = assertThrows(IOException.class, () -> store.read("lab"));
		assertTrue(broken.getMessage().contains("lab.observed is not a readable observation"), broken.getMessage());
		assertThrows(IllegalArgumentException.class, () -> store.fileOf("../etc"));
	}

	/** What the collectors would observe of a lab built exactly as designed. */
	static Observation asDesigned(Site site, Environment environment) {
		List<ObservedMachine> machines = new ArrayList<>();
		for (Binding binding : environment.getBindings()) {
			Device device = binding.getDevice();
			ObservedMachine machine = Observations.machine(device.getName(), AT);
			machine.setPower("on");
			List<ObservedInterface> nics = new ArrayList<>();
			for (var member : device.getMembers()) {
				if (member instanceof Interface nic) {
					nics.add(Observations.nic(nic.getName(), nic.getMac(),
							nic.getAddress() == null ? List.of() : List.of(nic.getAddress() + "/24")));
				}
			}
			Observations.interfaces(machine, nics);
			List<LldpNeighbour> neighbours = new ArrayList<>();
			for (Link link : site.getLinks()) {
				if (link.getA().getDevice() == device) {
					neighbours.add(Observations.neighbour(link.getA().getPort(), link.getB().getDevice().getName(),
							link.getB().getPort()));
				} else if (link.getB().getDevice() == device) {
					neighbours.add(Observations.neighbour(link.getB().getPort(), link.getA().getDevice().getName(),
							link.getA().getPort()));
				}
			}
			Observations.neighbours(machine, neighbours);
			var image = ParamResolver.resolve(device, "os.image");
			Map<String, String> facts = new HashMap<>();
			facts.put("hostname", device.getName());
			if (image != null && image.isSet()) {
				facts.put("os.image", Values.render(image.value()));
			}
			Observations.facts(machine, facts);
			machine.getSensors().add(Observations.sensor("CPU Temp", 45.0, "degrees C", "ok"));
			machines.add(machine);
		}
		return Observations.observation(environment.getName(), AT, machines);
	}


}
