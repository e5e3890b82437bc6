package org.underlay.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.cli.UnderlayCli;

/**
 * {@code underlay validate} on hostile input: a file nested deeper than the parser's stack, random bytes, a file with
 * hundreds of findings. Each is reported as findings; the other files of the folder are validated as usual.
 */
class ValidateRobustnessTest {

	private static final String LIBRARY = """
			package t.lib
			device-type OneU { height 1 }
			""";

	/** One planted mistake on line 5: a device above its rack. */
	private static final String SITE = """
			package t.site
			import t.lib.*
			site s {
				room r {
					rack k height 10 { server a : OneU at 11 }
				}
			}
			""";

	private static final int DEPTH = 5_000;

	private final CliRun cli = new CliRun();

	/** A list default nested 5,000 deep: the parser runs out of stack long before its end. */
	private static Path deepFile(Path dir) throws Exception {
		return Files.writeString(dir.resolve("deep.underlay"),
				"package t.deep\nparam deep : list default " + "[".repeat(DEPTH) + "]".repeat(DEPTH) + "\n");
	}

	private static String deepLine(Path deep) {
		int column = "param deep : list default ".length() + DEPTH;
		return deep + ":2:" + column + ": error: too deeply nested to read (brackets and braces nest " + DEPTH
				+ " levels deep here); nest lists and blocks less deeply [underlay.too-deeply-nested]";
	}

	@Test
	void fileNestedTooDeeplyIsOneErrorAndTheOtherFilesAreValidated(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("lib.underlay"), LIBRARY);
		Path site = Files.writeString(dir.resolve("site.underlay"), SITE);
		Path deep = deepFile(dir);

		assertEquals(UnderlayCli.FINDINGS, cli.run("validate", dir.toString()), cli::both);
		assertEquals(List.of(deepLine(deep),
				site + ":5:41: error: a occupies unit 11 but rack k has units 1-10 [underlay.beyond-rack]",
				"validated 3 files: 2 errors, 0 warnings"), cli.outLines());
		assertEquals("", cli.err());
	}

	@Test
	void fileNestedTooDeeplyNamedAloneIsOneError(@TempDir Path dir) throws Exception {
		Path deep = deepFile(dir);
		assertEquals(UnderlayCli.FINDINGS, cli.run("validate", deep.toString()), cli::both);
		assertEquals(List.of(deepLine(deep), "validated 1 file: 1 error, 0 warnings"), cli.outLines());
		assertEquals("", cli.err());
	}

	@Test
	void controlCharactersInMessagesArePrintedEscaped(@TempDir Path dir) throws Exception {
		Path bell = dir.resolve("bell.underlay");
		Files.write(bell, "package p\nsite s\u0007 { room \u001b[31mr { } }\n".getBytes(StandardCharsets.UTF_8));
		Random random = new Random(15);
		for (int i = 0; i < 5; i++) {
			byte[] bytes = new byte[4_000];
			random.nextBytes(bytes);
			Files.write(dir.resolve("random" + i + ".underlay"), bytes);
		}

		assertEquals(UnderlayCli.FINDINGS, cli.run("validate", dir.toString()), cli::both);
		String printed = cli.out();
		assertTrue(cli.outLines().contains(bell + ":2:7: error: unexpected '\\u0007' after 's' [underlay.unexpected-token]"),
				printed);
		assertTrue(cli.outLines().contains(bell + ":2:16: error: expected a name after 'room', not '\\u001b' [underlay.unexpected-token]"),
				printed);
		for (String line : cli.outLines()) {
			assertTrue(line.chars().noneMatch(c -> Character.getType(c) == Character.CONTROL), line);
			assertFalse(line.contains("viable") || line.contains("RULE_") || line.contains("mismatched"), line);
		}
		assertTrue(cli.outLines().stream().filter(l -> l.contains("random")).count() >= 5, printed);
		assertTrue(cli.outLines().get(cli.outLines().size() - 1).matches("validated 6 files: \\d+ errors, 0 warnings"), printed);
		assertEquals("", cli.err());
	}

	/** 251 networks on one VLAN: 250 findings, 200 printed, the rest counted. */
	@Test
	void findingsPerFileStopAt200AndTheSummaryCountsThemAll(@TempDir Path dir) throws Exception {
		StringBuilder site = new StringBuilder("package t.site\nsite s {\n");
		for (int n = 0; n <= 250; n++) {
			site.append("\tnetwork n").append(n).append(" vlan 5 subnet 10.").append(n).append(".0.0/24\n");
		}
		Path many = Files.writeString(dir.resolve("many.underlay"), site.append("}\n"));
		Files.writeString(dir.resolve("lib.underlay"), LIBRARY);
		Path one = Files.writeString(dir.resolve("site.underlay"), SITE);

		assertEquals(UnderlayCli.FINDINGS, cli.run("validate", dir.toString()), cli::both);
		List<String> lines = cli.outLines();
		assertEquals(203, lines.size(), () -> String.join("\n", lines.subList(195, lines.size())));
		assertEquals(many + ":4:18: error: VLAN 5 is already used by network n0 [underlay.duplicate-vlan]", lines.get(0));
		assertEquals(many + ":203:20: error: VLAN 5 is already used by network n0 [underlay.duplicate-vlan]",
				lines.get(199));
		assertEquals(many + ": and 50 more in this file", lines.get(200));
		assertTrue(lines.get(201).startsWith(one + ":5:"), lines.get(201));
		assertEquals("validated 3 files: 251 errors, 0 warnings", lines.get(202));
	}
}
