package org.underlay.deploy.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.core.plan.Plan;
import org.underlay.deploy.engine.Applier;
import org.underlay.deploy.engine.Journal;
import org.underlay.deploy.engine.Journal.Status;

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
			assertEquals(Set.of(), journal.begin("A", keys, "bring-up in lab"), "a new journal: a new run");
			journal.record("m0", 1, "POWER", Status.DONE, null);
		}
		try (Journal journal = Journal.open(file)) {
			assertEquals(Set.of("m0#1"), journal.resumable("A", keys), "interrupted after m0#1: resume");
			assertEquals(Set.of(), journal.resumable("B", Set.of("m0#1", "m0#2", "m0#3")), "another plan starts anew");
			assertEquals(Set.of("m0#1"), journal.begin("A", keys, "bring-up in lab"));
			journal.record("m0", 2, "RUN", Status.DONE, null);
			assertEquals(Set.of(), journal.resumable("A", keys), "finished: the next apply runs it all again");
			assertEquals(Set.of(), journal.begin("A", keys, "bring-up in lab"));
			assertEquals(Set.of(), journal.resumable("A", keys), "the new run has nothing done yet");
			journal.record("m0", 1, "POWER", Status.DONE, null);
			assertEquals(Set.of("m0#1"), journal.resumable("A", keys));
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
			assertEquals(Set.of(), journal.resumable("A", Set.of("m0#1", "m0#2")));
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
