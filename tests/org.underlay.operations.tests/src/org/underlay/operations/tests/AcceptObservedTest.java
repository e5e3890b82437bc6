package org.underlay.operations.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.dsl.UnderlayStandaloneSetup;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Site;
import org.underlay.operations.drift.AcceptObserved;
import org.underlay.operations.drift.AcceptObserved.Acceptance;
import org.underlay.operations.drift.Drift;
import org.underlay.operations.drift.DriftFinding;
import org.underlay.operations.drift.DriftSubject;
import org.underlay.operations.observed.Observation;
import org.underlay.operations.observed.Observations;
import org.underlay.testing.design.Designs;

/**
 * Accepting what was observed into the design, headless: each accepted finding is written into a copy of the example
 * design, the design is read again, and the finding is gone, nothing else appears, and the design still validates
 * without errors. What the design does not state in one place, or what the observation does not prove, is refused
 * with a reason and no edit.
 */
class AcceptObservedTest {

	@TempDir
	Path folder;

	@Test
	void aChangedMacIsWrittenWhereTheInterfaceStatesIt() throws Exception {
		DriftFinding mac = acceptedAndGone(o -> o.findMachine("web-02").findInterface("ens1f0")
				.setMac("02:00:0a:0a:00:99"));
		assertTrue(mac.subject() instanceof DriftSubject.Mac);
		assertTrue(siteText().contains("nic ens1f0 mac \"02:00:0a:0a:00:99\" address 10.10.0.12 on prod"), siteText());
	}

	@Test
	void anAddressAndTheDesiredPowerAreAccepted() throws Exception {
		acceptedAndGone(o -> o.findMachine("web-03").findInterface("ens1f0").getAddresses().set(0, "10.10.0.113/24"));
		assertTrue(siteText().contains("nic ens1f0 mac \"02:00:0a:0a:00:0d\" address 10.10.0.113 on prod"));
		acceptedAndGone(o -> o.findMachine("web-01").setPower("off"));
		assertTrue(siteText().contains("desired power off"), siteText());
	}

	@Test
	void aRepatchedCableMovesTheOtherEndOfItsLink() throws Exception {
		acceptedAndGone(o -> o.findMachine("web-03").findNeighbour("ens1f0").setPort("Ethernet9"));
		assertTrue(siteText().contains("link web-03.ens1f0 to tor-r01.Ethernet9 cable dac length 2"), siteText());
	}

	@Test
	void aNewInterfaceAndANewCableAreAdded() throws Exception {
		acceptedAndGone(o -> o.findMachine("web-04").getInterfaces()
				.add(Observations.nic("ens1f1", "02:00:0A:0A:01:0E", List.of())));
		assertTrue(siteText().contains("nic ens1f1 mac \"02:00:0a:0a:01:0e\""), siteText());
		acceptedAndGone(o -> o.findMachine("web-04").getNeighbours()
				.add(Observations.neighbour("ens1f1", "tor-r02", "Ethernet6")));
		assertTrue(siteText().contains("link web-04.ens1f1 to tor-r02.Ethernet6"), siteText());
	}

	@Test
	void aVanishedInterfaceIsRemovedUnlessACableStillUsesIt() throws Exception {
		Site site = load();
		Observation observation = DriftTest.asDesigned(site, lab(site));
		observation.findMachine("web-02").getInterfaces().clear();
		observation.findMachine("web-02").getInterfaces()
				.add(Observations.nic("eno1", "02:00:0a:0a:02:0c", List.of()));
		DriftFinding gone = only(site, observation, DriftFinding.Kind.MISSING, DriftSubject.Nic.class);
		Acceptance refused = AcceptObserved.of(site, gone);
		assertFalse(refused.accepted());
		assertEquals("web-02.ens1f0 is cabled (link web-02.ens1f0 to tor-r01.Ethernet2 cable dac length 2): re-patch "
				+ "or remove that link first.", refused.refusal());
		assertEquals(List.of(), refused.edits());
		// without the cable, the interface line goes
		Files.writeString(sitePath(), siteText().replace("\tlink web-02.ens1f0 to tor-r01.Ethernet2 cable dac length 2\n",
				""));
		site = load();
		observation = DriftTest.asDesigned(site, lab(site));
		observation.findMachine("web-02").getInterfaces().clear();
		observation.findMachine("web-02").getInterfaces().add(Observations.nic("eno1", "02:00:0a:0a:02:0c", List.of()));
		write(AcceptObserved.of(site, only(site, observation, DriftFinding.Kind.MISSING, DriftSubject.Nic.class)));
		assertFalse(siteText().contains("nic ens1f0 mac \"02:00:0a:0a:00:0c\""), siteText());
		assertTrue(siteText().contains("\t\t\tserver web-02 : DellR650 at 39 {\n\t\t\t\tbmc mac"), "the whole line went");
		assertNoErrors();
	}

	@Test
	void whatTheDesignDoesNotStateInOnePlaceOrTheObservationDoesNotProveIsRefused() throws Exception {
		Site site = load();
		Observation observation = DriftTest.asDesigned(site, lab(site));
		observation.findMachine("web-01").getFacts().put("os.image", "debian-13");
		observation.findMachine("web-02").getNeighbours().clear();
		observation.findMachine("web-02").getNeighbours().add(Observations.neighbour("eno1", "tor-r01", "Ethernet77"));
		observation.findMachine("web-03").findNeighbour("ens1f0").setSystem("tor-zz");
		observation.findMachine("web-04").findInterface("ens1f0").getAddresses().add("10.10.0.99/24");
		observation.findMachine("web-04").findInterface("ens1f0").getAddresses().set(0, "10.10.0.98/24");
		observation.findMachine("db-01").getInterfaces().add(Observations.nic("docker0", "02:42:ac:11:00:01", List.of()));
		observation.getMachines().remove(observation.findMachine("app-03"));
		String before = siteText();
		List<String> refusals = new ArrayList<>();
		for (DriftFinding finding : Drift.compute(site, lab(site), observation)) {
			Acceptance acceptance = AcceptObserved.of(site, finding);
			assertFalse(acceptance.accepted(), finding.describe());
			assertEquals(List.of(), acceptance.edits());
			refusals.add(finding.device() + " " + finding.subject().label() + ": " + acceptance.refusal());
		}
		assertEquals(List.of(
				"app-03 machine: Adding or removing a whole machine is a design decision: declare or delete app-03 by hand.",
				"db-01 interface docker0: HpeDL380Gen11 has no port docker0: an interface the device type does not list (an "
						+ "adapter, a virtual interface) is added by hand.",
				"web-01 os.image: os.image of web-01 comes from params (a profile, the rack, the site): set it where it "
						+ "should change, by hand.",
				"web-02 cable eno1: web-02.eno1 sees tor-r01.Ethernet77, which is not a port of a device of the design: "
						+ "add that device or port first.",
				"web-02 cable ens1f0: LLDP saw no neighbour on ens1f0 of web-02: the cable may be there with LLDP off on "
						+ "the other end. Remove the link by hand if it is gone.",
				"web-03 cable ens1f0: web-03.ens1f0 sees tor-zz.Ethernet3, which is not a port of a device of the "
						+ "design: add that device or port first.",
				"web-04 address ens1f0: web-04.ens1f0 showed several addresses (10.10.0.98, 10.10.0.99): write the one "
						+ "it should keep by hand."), refusals);
		assertEquals(before, siteText(), "nothing written");
	}

	@Test
	void aFindingAboutAnElementTheDesignNoLongerHasIsRefused() throws Exception {
		Site site = load();
		Observation observation = DriftTest.asDesigned(site, lab(site));
		observation.findMachine("web-02").findInterface("ens1f0").setMac("02:00:0a:0a:00:99");
		DriftFinding mac = only(site, observation, DriftFinding.Kind.MISMATCH, DriftSubject.Mac.class);
		// web-01's block is gone by the time the operator accepts: the element URI now names another device's nic
		Files.writeString(sitePath(), siteText().replaceFirst("(?s)\t\t\tserver web-01 : .*?\n\t\t\t}\n", "")
				.replace("\tlink web-01.ens1f0 to tor-r01.Ethernet1 cable dac length 2\n", ""));
		Site changed = load();
		Acceptance acceptance = AcceptObserved.of(changed, mac);
		assertFalse(acceptance.accepted());
		assertTrue(acceptance.refusal().startsWith("The design has changed since web-02 was compared"),
				acceptance.refusal());
	}

	/**
	 * Changes the as-designed observation, expects exactly one finding, accepts it into the design files, reads the
	 * design again: no finding, no error.
	 */
	private DriftFinding acceptedAndGone(Consumer<Observation> change) throws Exception {
		Site site = load();
		Environment lab = lab(site);
		Observation observation = DriftTest.asDesigned(site, lab);
		change.accept(observation);
		List<DriftFinding> drift = Drift.compute(site, lab, observation);
		assertEquals(1, drift.size(), drift.toString());
		DriftFinding finding = drift.get(0);
		assertTrue(finding.subject().element() != null, "the finding names its design element");
		Acceptance acceptance = AcceptObserved.of(site, finding);
		assertTrue(acceptance.accepted(), acceptance.refusal());
		write(acceptance);
		Site again = load();
		Observation same = DriftTest.asDesigned(again, lab(again));
		change.accept(same);
		assertEquals(List.of(), Drift.compute(again, lab(again), same).stream().map(DriftFinding::describe).toList(),
				"accepted: the design now says what was observed");
		assertNoErrors();
		return finding;
	}

	private static DriftFinding only(Site site, Observation observation, DriftFinding.Kind kind,
			Class<? extends DriftSubject> subject) {
		List<DriftFinding> found = Drift.compute(site, lab(site), observation).stream()
				.filter(f -> f.kind() == kind && subject.isInstance(f.subject())).toList();
		assertEquals(1, found.size(), found.toString());
		return found.get(0);
	}

	private void write(Acceptance acceptance) throws IOException {
		for (String path : acceptance.edits().stream().map(AcceptObserved.TextEdit::path).distinct().toList()) {
			Path file = Path.of(path);
			Files.writeString(file, AcceptObserved.apply(Files.readString(file),
					acceptance.edits().stream().filter(e -> e.path().equals(path)).toList()));
		}
	}

	private Site load() throws IOException {
		if (!Files.exists(folder.resolve("design"))) {
			copy(Designs.example(), folder.resolve("design"));
		}
		return Designs.site(Designs.load(folder.resolve("design")), "fra1");
	}

	private static Environment lab(Site site) {
		return Designs.environment(site, "lab");
	}

	private Path sitePath() {
		return folder.resolve("design/sites/fra1.underlay");
	}

	private String siteText() throws IOException {
		return Files.readString(sitePath());
	}

	private void assertNoErrors() throws IOException {
		XtextResourceSet set = Designs.load(folder.resolve("design"));
		IResourceValidator validator = UnderlayStandaloneSetup.injector().getInstance(IResourceValidator.class);
		List<String> errors = new ArrayList<>();
		for (Resource resource : List.copyOf(set.getResources())) {
			for (Issue issue : validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl)) {
				if (issue.getSeverity() == Severity.ERROR) {
					errors.add(resource.getURI().lastSegment() + ":" + issue.getLineNumber() + " " + issue.getMessage());
				}
			}
		}
		assertEquals(List.of(), errors, "the accepted design still validates");
	}

	private static void copy(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path source : files.toList()) {
				Path target = to.resolve(from.relativize(source).toString());
				if (Files.isDirectory(source)) {
					Files.createDirectories(target);
				} else {
					Files.copy(source, target);
				}
			}
		}
	}
}
