package org.underlay.deploy.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.deploy.engine.Applier;
import org.underlay.deploy.engine.Journal.Status;
import org.underlay.deploy.engine.Journal;
import org.underlay.deploy.engine.JournalLock;
import org.underlay.operations.plan.Plan;

/**
 * The journal resumes only what was interrupted: an unfinished run of the same plan; a finished run, or a run of
 * another plan (another workflow), makes the next apply a new run — actions are numbered per plan, so "m0#1" of one
 * workflow is not "m0#1" of another.
 */
class JournalTest {

	@TempDir
	Path tmp;

	@Test
	void resumesAnUnfinishedRunOfTheSamePlanOnly() throws Exception {
		Path file = tmp.resolve("lab.jsonl");
		Set<String> keys = Set.of("m0#1", "m0#2");
		try (Journal journal = Journal.open(file)) {
			assertEquals(Set.of(), journal.begin("A", keys, "bring-up in lab").done(), "a new journal: a new run");
			journal.record("m0", 1, "POWER", Status.DONE, null);
		}
		try (Journal journal = Journal.open(file)) {
			assertEquals(Set.of("m0#1"), journal.resumable("A", keys).done(), "interrupted after m0#1: resume");
			assertEquals(Set.of(), journal.resumable("B", Set.of("m0#1", "m0#2", "m0#3")).done(), "another plan starts anew");
			assertEquals(Set.of("m0#1"), journal.begin("A", keys, "bring-up in lab").done());
			journal.record("m0", 2, "RUN", Status.DONE, null);
			assertEquals(Set.of(), journal.resumable("A", keys).done(), "finished: the next apply runs it all again");
			assertEquals(Set.of(), journal.begin("A", keys, "bring-up in lab").done());
			assertEquals(Set.of(), journal.resumable("A", keys).done(), "the new run has nothing done yet");
			journal.record("m0", 1, "POWER", Status.DONE, null);
			assertEquals(Set.of("m0#1"), journal.resumable("A", keys).done());
		}
		assertEquals(2, Files.readAllLines(file).stream().filter(l -> l.contains("\"RUN\"") && l.contains("\"kind\":\"A\""))
				.count(), "each new run is recorded, a resumption is not a new run");
	}

	@Test
	void aJournalWithoutRunsIsNotResumed() throws Exception {
		Path file = tmp.resolve("old.jsonl");
		Files.writeString(file, "{\"at\":\"2026-11-26T10:00:00Z\",\"machine\":\"m0\",\"action\":1,\"kind\":\"POWER\","
				+ "\"status\":\"DONE\"}\n{\"at\":\"2026-11-26T10:00:01Z\",\"machi");
		try (Journal journal = Journal.open(file)) {
			assertEquals(Set.of("m0#1"), journal.done(), "the torn last line is ignored");
			assertEquals(Set.of(), journal.resumable("A", Set.of("m0#1", "m0#2")).done());
		}
	}

	@Test
	void aSecondOpenIsRefusedNamingTheHolderUntilTheFirstCloses() throws Exception {
		Path file = tmp.resolve("journal").resolve("lab.jsonl");
		try (Journal first = Journal.open(file, "apply bring-up in lab")) {
			JournalLock.LockedException refused = assertThrows(JournalLock.LockedException.class,
					() -> Journal.open(file, "apply provision in lab"));
			assertTrue(refused.getMessage().contains("apply bring-up in lab by " + System.getProperty("user.name") + "@"),
					refused.getMessage());
			assertEquals(ProcessHandle.current().pid(), refused.holder().pid());
		}
		try (Journal again = Journal.open(file, "apply provision in lab")) {
			assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
			assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
		}
	}

	@Test
	void aTornLastLineIsCutOffAndEveryEntryCarriesItsRun() throws Exception {
		Path file = tmp.resolve("lab.jsonl");
		Set<String> keys = Set.of("m0#1", "m0#2");
		try (Journal journal = Journal.open(file)) {
			journal.begin("A", keys, "bring-up in lab");
			journal.record("m0", 1, "POWER", Status.STARTED, "on");
		}
		Files.writeString(file, "{\"at\":\"2026-12-04T10:00:00Z\",\"run\":\"r\",\"machi", StandardOpenOption.APPEND);
		String run;
		try (Journal journal = Journal.open(file)) {
			Journal.Resumption resumed = journal.begin("A", keys, "bring-up in lab");
			run = journal.run();
			assertEquals(Set.of("m0#1"), resumed.unfinished().keySet(), "started, never finished: unknown");
			journal.record("m0", 1, "POWER", Status.DONE, "found on when resuming");
		}
		List<String> lines = Files.readAllLines(file);
		assertTrue(lines.stream().allMatch(l -> l.startsWith("{") && l.endsWith("}")), lines::toString);
		assertTrue(lines.stream().anyMatch(l -> l.contains("\"NOTE\"") && l.contains("torn last line of")), lines::toString);
		assertTrue(lines.stream().filter(l -> l.contains("\"machine\"")).allMatch(l -> l.contains("\"run\":\"" + run + "\"")),
				lines::toString);
	}

	@Test
	void runsOfOtherPlansInBetweenDoNotHideAnUnfinishedRun() throws Exception {
		Path file = tmp.resolve("lab.jsonl");
		try (Journal journal = Journal.open(file)) {
			journal.begin("A", Set.of("m0#1", "m0#2"), "bring-up in lab");
			journal.record("m0", 1, "POWER", Status.DONE, null);
			journal.begin("P", Set.of("m1#1"), "power off in lab"); // a machine powered from the workbench
			journal.record("m1", 1, "POWER", Status.DONE, null);
			assertEquals(Set.of("m0#1"), journal.resumable("A", Set.of("m0#1", "m0#2")).done());
		}
	}

	@Test
	void aPlansFingerprintIsItsActionsNotItsEndpoints() {
		Plan.Endpoint lab = new Plan.Endpoint("ipmi", "127.0.0.1", 18008, "admin", "lab-bmc", Map.of());
		Plan.Endpoint production = new Plan.Endpoint("ipmi", "10.20.0.18", 623, "admin", "fra1-bmc", Map.of());
		List<Plan.Action> bringUp = List.of(new Plan.Action(1, "m0", Plan.Kind.POWER, "on", List.of(), "power on"),
				new Plan.Action(2, "m0", Plan.Kind.BOOT, "pxe once", List.of(1), "boot pxe once"));
		List<Plan.Action> other = List.of(new Plan.Action(1, "m0", Plan.Kind.POWER, "off", List.of(), "power off"),
				new Plan.Action(2, "m0", Plan.Kind.BOOT, "pxe once", List.of(1), "boot pxe once"));
		String a = Applier.fingerprint(plan(lab, bringUp));
		assertEquals(a, Applier.fingerprint(plan(production, bringUp)), "a corrected binding resumes");
		assertNotEquals(a, Applier.fingerprint(plan(lab, other)));
		assertEquals(Set.of("m0#1", "m0#2"), Applier.keys(plan(lab, bringUp)));
	}

	private static Plan plan(Plan.Endpoint bmc, List<Plan.Action> actions) {
		return new Plan("lab", "t1", "w", List.of(new Plan.Machine("m0", bmc, null, List.of("w"))), actions, Map.of(),
				List.of());
	}
}
