package org.underlay.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.bmc.sim.redfish.RedfishSimulator;

import com.google.gson.JsonParser;

/**
 * What issue 13 saw the deploy path report falsely, reproduced through the command line against real peers (Redfish
 * simulators over TLS, OpenSSH hosts). Each test failed on the engine before the fix: it said "done" for work that did
 * not happen, ran what validation rejects, lost or glued journal entries, ran two applies at once, dropped a good
 * observation, or let a design value reach the shell.
 */
class DeployTrustTest {

	private static final String PROVISION = """
			workflow up { power on }
			workflow down { power off }
			profile base { workflow up }
			""";

	@TempDir
	Path tmp;

	private final CliRun cli = new CliRun();

	@Test
	void powerOnIsDoneOnlyOnceTheBmcReportsOn() throws Exception {
		try (TrustLab lab = TrustLab.start(tmp, 1, b -> b.powerTransitionDelay(Duration.ofSeconds(3)))) {
			Path design = lab.design(PROVISION, "profile base", "");
			assertEquals(0, cli.run(lab.args("apply", design, "--workflow", "up")), cli.both());
			assertEquals("On", lab.bmc(0).powerState("1"), "apply said done: the machine must be on, not powering on");
			assertTrue(cli.err().contains("m0 1 power on: done (on after "), cli.err());
		}
	}

	@Test
	void aPowerCycleFallsBackToOffAndOnWhereTheBmcListsNoPowerCycle() throws Exception {
		try (TrustLab lab = TrustLab.start(tmp, 1, b -> b.resetTypes(List.of("On", "ForceOff", "GracefulShutdown",
				"ForceRestart", "Nmi")))) {
			lab.bmc(0).setPowerState("1", "On");
			Path design = lab.design(PROVISION + "workflow recycle { power cycle }\n", "profile base", "");
			assertEquals(0, cli.run(lab.args("apply", design, "--workflow", "recycle")), cli.both());
			assertEquals(List.of("ForceOff", "On"), lab.bmc(0).resetHistory().stream()
					.map(RedfishSimulator.ResetRequest::resetType).toList());
			assertEquals("On", lab.bmc(0).powerState("1"));
			assertTrue(cli.err().contains("cycled as power off + on (this BMC offers no power cycle)"), cli.err());
			assertEquals(0, cli.run(lab.args("plan", design, "--workflow", "recycle", "--probe")), cli.both());
			assertTrue(cli.out().contains("m0  power cycle: power off + on, each read back (the BMC offers no power "
					+ "cycle)"), "plan --probe names the operation: " + cli.out());
		}
	}

	@Test
	void aDesignThatDoesNotValidateIsNeitherPlannedNorApplied() throws Exception {
		try (TrustLab lab = TrustLab.start(tmp, 1, b -> b)) {
			// a syntax error in one workflow; the other is fine
			Path design = lab.design(PROVISION + "workflow broken { power sideways }\n", "profile base", "");
			assertEquals(1, cli.run("plan", design.toString(), "--site", "s", "--environment", "lab"), cli.both());
			assertTrue(cli.err().contains("lib.underlay:") && cli.err().contains(": error: "), cli.err());
			assertEquals(1, cli.run(lab.args("apply", design, "--workflow", "up")), cli.both());
			assertTrue(cli.err().contains("plan and apply run only a design that validates; nothing was run"),
					cli.err());
			assertTrue(lab.bmc(0).resetHistory().isEmpty(), "nothing reached the BMC");
		}
	}

	@Test
	void aTornJournalLineIsRepairedAndTheNextRunIsKept() throws Exception {
		try (TrustLab lab = TrustLab.start(tmp, 1, b -> b)) {
			Path design = lab.design(PROVISION, "profile base", "");
			assertEquals(0, cli.run(lab.args("apply", design, "--workflow", "up")), cli.both());
			Path journal = design.resolve(".underlay/journal/lab.jsonl");
			Files.writeString(journal, "{\"at\":\"2026-12-04T10:00:00Z\",\"machi", StandardOpenOption.APPEND);
			assertEquals(0, cli.run(lab.args("apply", design, "--workflow", "down")), cli.both());
			List<String> lines = Files.readAllLines(journal);
			for (String line : lines) {
				assertTrue(JsonParser.parseString(line).isJsonObject(), "every line is one entry: " + line);
			}
			assertEquals(2, lines.stream().filter(l -> l.contains("\"status\":\"RUN\"")).count(), lines::toString);
			assertTrue(lines.stream().anyMatch(l -> l.contains("torn last line")), "the repair is recorded");
		}
	}

	@Test
	void aSecondApplyOfTheSameEnvironmentIsRefusedNamingTheFirst() throws Exception {
		try (TrustLab lab = TrustLab.start(tmp, 1, b -> b)) {
			Path design = lab.design(PROVISION + "workflow slow { run \"sleep 4; echo slept >> " + tmp
					+ "/runs\" }\n", "profile base", "");
			CliRun first = new CliRun();
			CompletableFuture<Integer> running = CompletableFuture.supplyAsync(
					() -> first.run(lab.args("apply", design, "--workflow", "slow")));
			Path journal = design.resolve(".underlay/journal/lab.jsonl");
			long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (!(Files.exists(journal) && Files.readString(journal).contains("\"STARTED\""))) {
				assertTrue(System.nanoTime() < end, "the first apply did not start: " + first.both());
				Thread.sleep(50);
			}
			assertEquals(1, cli.run(lab.args("apply", design, "--workflow", "slow")), cli.both());
			assertTrue(cli.err().contains("is locked: apply slow in lab by "), cli.err());
			assertEquals(0, running.get(), first.both());
			assertEquals(1, Files.readAllLines(tmp.resolve("runs")).size(), "the command ran once, not twice");
		}
	}

	@Test
	void aFailedCollectKeepsTheLastGoodObservationAndStateFilesAreTheOperatorsAlone() throws Exception {
		try (TrustLab lab = TrustLab.start(tmp, 1, b -> b)) {
			Path design = lab.design(PROVISION, "profile base desired power on", "");
			assertEquals(0, cli.run(lab.args("apply", design, "--workflow", "up")), cli.both());
			assertEquals(0, cli.run(lab.args("collect", design)), cli.both());
			Path observed = design.resolve(".underlay/observed/lab.observed");
			assertTrue(Files.readString(observed).contains("power=\"on\""), Files.readString(observed));
			lab.bmc(0).close();
			assertEquals(1, cli.run(lab.args("collect", design)), cli.both());
			String kept = Files.readString(observed);
			assertTrue(kept.contains("power=\"on\""), "the good observation is kept: " + kept);
			assertTrue(kept.contains("lastAttemptError="), "and the failed attempt is marked: " + kept);
			for (Path file : List.of(observed, design.resolve(".underlay/journal/lab.jsonl"))) {
				assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
						file.toString());
			}
		}
	}

	@Test
	void aDesignValueNeverRunsAsAShellCommand() throws Exception {
		Path pwned = tmp.resolve("pwned");
		try (TrustLab lab = TrustLab.start(tmp, 1, b -> b)) {
			Path design = lab.design(PROVISION + "param os.mirror : string default \"deb.example\"\n"
					+ "workflow mirror { run \"echo mirror={{ os.mirror }}\" }\n",
					"profile base param os.mirror = \"m; touch " + pwned + " #\"", "");
			lab.bmc(0).setPowerState("1", "On");
			assertEquals(0, cli.run(lab.args("apply", design, "--workflow", "mirror")), cli.both());
			assertFalse(Files.exists(pwned), "the param's value ran on the host: " + cli.both());
			assertTrue(cli.err().contains("m0| mirror=m; touch " + pwned + " #"), cli.err());
		}
	}

	@Test
	void aScriptLinkedToAFileOutsideTheDesignIsNeitherUploadedNorRun() throws Exception {
		Path outside = tmp.resolve("outside.sh");
		Path pwned = tmp.resolve("pwned-by-script");
		Files.writeString(outside, "touch " + pwned + "\n");
		try (TrustLab lab = TrustLab.start(tmp, 1, b -> b)) {
			Path design = lab.design(PROVISION + "workflow scripted { script \"scripts/setup.sh\" }\n", "profile base", "");
			Files.createDirectories(design.resolve("scripts"));
			Files.createSymbolicLink(design.resolve("scripts/setup.sh"), outside);
			lab.bmc(0).setPowerState("1", "On");
			assertEquals(1, cli.run(lab.args("apply", design, "--workflow", "scripted")), cli.both());
			assertFalse(Files.exists(pwned), "a file from outside the design ran on the host");
			assertTrue(cli.out().contains("m0: FAILED at action 1: script scripts/setup.sh is not a file inside the "
					+ "design folder"), cli.out());
		}
	}

	@Test
	void aHostKeyPinThatDoesNotMatchRefusesTheHost() throws Exception {
		try (TrustLab lab = TrustLab.start(tmp, 1, b -> b)) {
			Path design = lab.design(PROVISION + "workflow hello { run \"echo hello >> " + tmp + "/hello\" }\n",
					"profile base", "host-key \"SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"");
			assertEquals(1, cli.run(lab.args("apply", design, "--workflow", "hello")), cli.both());
			assertFalse(Files.exists(tmp.resolve("hello")), "a host whose key is not the pinned one ran a command");
			assertTrue(cli.out().contains("m0: FAILED at action 1: SSH ") && cli.out().contains("HOST KEY MISMATCH"), cli.out());
		}
	}

	@Test
	void anInterruptedCommandIsNotRunAgainWithoutBeingAsked() throws Exception {
		try (TrustLab lab = TrustLab.start(tmp, 1, b -> b)) {
			Path count = tmp.resolve("count");
			Path design = lab.design(PROVISION + "workflow single { power on  run \"echo ran >> " + count
					+ "\"  power off }\n", "profile base", "");
			assertEquals(0, cli.run(lab.args("apply", design, "--workflow", "single")), cli.both());
			// the process died after the command started: its outcome and the rest never reached the journal
			Path journal = design.resolve(".underlay/journal/lab.jsonl");
			List<String> lines = Files.readAllLines(journal);
			int started = -1;
			for (int i = 0; i < lines.size(); i++) {
				if (lines.get(i).contains("\"action\":2") && lines.get(i).contains("\"STARTED\"")) {
					started = i;
				}
			}
			Files.write(journal, lines.subList(0, started + 1));
			assertEquals(1, cli.run(lab.args("apply", design, "--workflow", "single")), cli.both());
			assertTrue(cli.out().contains("--rerun-interrupted"), cli.out());
			assertEquals(1, Files.readAllLines(count).size(), "not run again blindly");
			assertEquals(1, cli.run(lab.args("apply", design, "--workflow", "single")), "asks again: " + cli.both());
			assertEquals(0, cli.run(lab.args("apply", design, "--workflow", "single", "--rerun-interrupted")),
					cli.both());
			assertEquals(2, Files.readAllLines(count).size(), "run again once the operator asked for it");
			assertEquals("Off", lab.bmc(0).powerState("1"), "and the rest of the plan ran");
		}
	}
}
