package org.underlay.operations.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.dsl.underlay.Site;
import org.underlay.operations.plan.Plan;
import org.underlay.operations.plan.Planner;
import org.underlay.testing.design.Designs;

/**
 * Commands in plans: param values are shell-quoted where they stand, so a value can never become a command of its
 * own; script paths stay inside the design folder whatever the params say. (The example renders as it always did:
 * {@link PlanTest}.)
 */
class PlanTemplatesTest {

	@TempDir
	Path folder;

	@Test
	void aParamValueNeverRunsAsACommand() throws Exception {
		Site site = design("m; touch pwned #", """
				run "echo {{ os.mirror }} > mirror"
				run "echo 'deb http://{{ os.mirror }}/debian bookworm main' > sources.list"
				run "echo \\"mirror={{ os.mirror }}\\" > quoted"
				script "scripts/mirror.sh {{ os.mirror }}"
				""");
		Plan plan = Planner.plan(site, Designs.environment(site, "lab"), null);
		assertTrue(plan.runnable(), () -> "problems: " + plan.problems());
		List<String> details = plan.actions().stream().map(Plan.Action::detail).toList();
		assertEquals(List.of("timeout 60 s", "echo 'm; touch pwned #' > mirror",
				"echo 'deb http://m; touch pwned #/debian bookworm main' > sources.list",
				"echo \"mirror=m; touch pwned #\" > quoted", "scripts/mirror.sh 'm; touch pwned #'"), details);
		for (String command : details.subList(1, 4)) {
			sh(command);
		}
		assertEquals("m; touch pwned #\n", Files.readString(folder.resolve("mirror")));
		assertEquals("deb http://m; touch pwned #/debian bookworm main\n", Files.readString(folder.resolve("sources.list")));
		assertEquals("mirror=m; touch pwned #\n", Files.readString(folder.resolve("quoted")));
		// the script's arguments, as the engine runs them: sh <uploaded file> <arguments>
		sh("sh scripts/mirror.sh " + details.get(4).split(" ", 2)[1]);
		assertEquals("m; touch pwned #\n", Files.readString(folder.resolve("argument")));
		assertFalse(Files.exists(folder.resolve("pwned")), "the value ran as a command");
	}

	@Test
	void aValueThatCannotBeQuotedWhereItStandsStopsThePlan() throws Exception {
		Site site = design("$(touch pwned)", """
				run "cat <<EOF > mirror\\n{{ os.mirror }}\\nEOF"
				""");
		Plan plan = Planner.plan(site, Designs.environment(site, "lab"), null);
		assertFalse(plan.runnable());
		assertEquals(1, plan.problems().size(), plan.problems()::toString);
		assertTrue(plan.problems().get(0).startsWith("a: w step 2 (run cat <<EOF"), plan.problems().get(0));
		assertTrue(plan.problems().get(0).contains("{{ os.mirror }} stands in a here-document"), plan.problems().get(0));
	}

	@Test
	void aTemplatedScriptPathThatLeavesTheDesignFolderIsAPlanProblem() throws Exception {
		for (String value : List.of("../../etc/passwd", "x/../../../outside.sh")) {
			Plan plan = plan(value, "script \"scripts/{{ os.mirror }}\"");
			assertEquals(List.of("a: w step 2 (script scripts/" + value + ") names the path scripts/" + value
					+ ", outside the design folder; only files of the design are uploaded"), plan.problems());
		}
		Plan absolute = plan("/etc/passwd", "script \"{{ os.mirror }} arg\"");
		assertEquals(List.of("a: w step 2 (script /etc/passwd arg) names the path /etc/passwd, outside the design "
				+ "folder; only files of the design are uploaded"), absolute.problems());
	}

	@Test
	void aTemplatedScriptPathCannotSpillIntoTheArguments() throws Exception {
		Plan plan = plan("mirror.sh ;touch pwned", "script \"scripts/{{ os.mirror }} --now\"");
		assertEquals(List.of("a: w step 2 (script scripts/mirror.sh ;touch pwned --now) names the path "
				+ "scripts/mirror.sh ;touch pwned, which is not one file name"), plan.problems());
	}

	@Test
	void aLiteralScriptPathOutsideTheFolderIsAPlanProblemToo() throws Exception {
		Plan plan = plan("x", "script \"../x.sh; cmd\"");
		assertEquals(List.of("a: w step 2 (script ../x.sh; cmd) names the path ../x.sh;, outside the design "
				+ "folder; only files of the design are uploaded"), plan.problems());
	}

	@Test
	void rawValuesGoInAsTheyAre() throws Exception {
		Plan plan = plan("a b", "run \"echo {{ os.mirror | raw }}\"");
		assertEquals("echo a b", plan.actions().get(1).detail());
	}

	private Plan plan(String mirror, String step) throws IOException {
		Site site = design(mirror, step);
		return Planner.plan(site, Designs.environment(site, "lab"), null);
	}

	/** A one-machine design whose workflow w waits for SSH, then runs {@code steps}, with os.mirror set. */
	private Site design(String mirror, String steps) throws IOException {
		Files.createDirectories(folder.resolve("scripts"));
		Files.writeString(folder.resolve("scripts/mirror.sh"), "printf '%s\\n' \"$1\" > argument\n");
		Files.writeString(folder.resolve("auto.underlay"), """
				package t.auto
				param os.mirror : string
				workflow w {
					wait ssh timeout 60
				%s}
				profile p { workflow w }
				""".formatted(steps));
		return Designs.site(folder, """
				import t.auto.*
				site s {
					room r {
						rack k height 10 {
							server a : Box at 1 { profile p  param os.mirror = "%s" }
						}
					}
				}
				environment lab for s {
					a { bmc ipmi 127.0.0.1:9002 credential lab-bmc ssh 127.0.0.1:9102 user root credential lab-ssh }
				}
				""".formatted(mirror.replace("\\", "\\\\").replace("\"", "\\\"")));
	}

	private void sh(String command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("/bin/sh", "-c", command).directory(folder.toFile())
				.redirectErrorStream(true).start();
		process.getOutputStream().close();
		assertTrue(process.waitFor(10, TimeUnit.SECONDS), "sh finished");
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertEquals(0, process.exitValue(), () -> command + ": " + out);
		assertEquals("", out, () -> command + " printed something: nothing else may run");
	}
}
