package org.underlay.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.bench.design.SyntheticDesign;
import org.underlay.cli.UnderlayCli;

/** {@code underlay validate}: output format, exit codes and error messages, on real files. */
class ValidateCommandTest {

	private static final String LIBRARY = """
			package t.lib
			device-type OneU { height 1 }
			device-type TwoU { height 2 }
			""";

	/** Three planted mistakes: an overlap (line 7), a device above the rack (line 8), an unknown type (line 9). */
	private static final String PLANTED = """
			package t.site
			import t.lib.*
			site s {
				room r {
					rack k height 10 {
						server a : TwoU at 1
						server b : OneU at 2
						server c : TwoU at 10
						server d : Nope at 5
					}
				}
			}
			""";

	private final CliRun cli = new CliRun();

	@Test
	void cleanExampleFolderExitsZero() {
		Path examples = Path.of(System.getProperty("underlay.examples"));
		int code = cli.run("validate", examples.toString());
		assertEquals(UnderlayCli.OK, code, cli::both);
		assertEquals(List.of("validated 6 files: 0 errors, 0 warnings"), cli.outLines());
	}

	@Test
	void singleFileSeesItsNeighboursImports() {
		Path site = Path.of(System.getProperty("underlay.examples"), "acme-dc", "sites", "fra1.underlay");
		assertEquals(UnderlayCli.OK, cli.run("validate", site.toString()), cli::both);
		assertEquals(List.of("validated 1 file: 0 errors, 0 warnings"), cli.outLines());
	}

	@Test
	void plantedErrorsExitOneWithExactLines(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("lib.underlay"), LIBRARY);
		Path site = dir.resolve("site.underlay");
		Files.writeString(site, PLANTED);
		int code = cli.run("validate", site.toString());
		assertEquals(UnderlayCli.FINDINGS, code, cli::both);
		String name = site.toString();
		assertEquals(List.of(
				name + ":6:23: error: a (units 1-2) overlaps b at unit 2 in rack k; nearest free position: 3 [underlay.rack-unit-overlap]",
				name + ":7:23: error: b (unit 2) overlaps a at unit 2 in rack k; nearest free position: 3 [underlay.rack-unit-overlap]",
				name + ":8:23: error: c occupies units 10-11 but rack k has units 1-10 [underlay.beyond-rack]",
				name + ":9:15: error: unknown device type 'Nope' [underlay.unresolved-reference]",
				"validated 1 file: 4 errors, 0 warnings"), cli.outLines());
		assertEquals("", cli.err());
	}

	@Test
	void scriptMissingFromACopyOfTheExampleIsOneLine(@TempDir Path dir) throws Exception {
		Path example = Path.of(System.getProperty("underlay.examples"), "acme-dc");
		Path copy = dir.resolve("acme-dc");
		try (Stream<Path> files = Files.walk(example)) {
			for (Path file : files.sorted().toList()) {
				Path target = copy.resolve(example.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				} else if (!file.getFileName().toString().equals("apply-disk-layout.sh")) {
					Files.copy(file, target);
				}
			}
		}
		assertEquals(UnderlayCli.FINDINGS, cli.run("validate", copy.toString()), cli::both);
		assertEquals(List.of(copy.resolve("lib/automation.underlay") + ":21:9: error: script scripts/apply-disk-layout.sh"
				+ " not found in the design folder (" + copy + ") [underlay.script-not-found]",
				"validated 6 files: 1 error, 0 warnings"), cli.outLines());
		assertEquals("", cli.err());
	}

	@Test
	void syntaxErrorIsAFindingNotACrash(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("broken.underlay");
		Files.writeString(file, "package p\nsite s { room r { rack k height { } } }\n");
		assertEquals(UnderlayCli.FINDINGS, cli.run("validate", dir.toString()));
		assertTrue(cli.outLines().get(0).startsWith(file + ":2:"), cli::out);
		assertTrue(cli.outLines().get(0).contains(": error: "), cli::out);
	}

	@Test
	void missingFileIsBadInput() {
		assertEquals(UnderlayCli.USAGE, cli.run("validate", "/no/such/design.underlay"));
		assertEquals("underlay validate: no such file or folder: /no/such/design.underlay",
				cli.err().strip());
		assertEquals("", cli.out());
	}

	@Test
	void otherFileTypeIsBadInput(@TempDir Path dir) throws Exception {
		Path yaml = Files.writeString(dir.resolve("design.yaml"), "site: x\n");
		assertEquals(UnderlayCli.USAGE, cli.run("validate", yaml.toString()));
		assertTrue(cli.err().contains("not a .underlay file"));
	}

	@Test
	void folderWithoutDesignsIsBadInput(@TempDir Path dir) {
		assertEquals(UnderlayCli.USAGE, cli.run("validate", dir.toString()));
		assertTrue(cli.err().contains("no .underlay files in"));
	}

	@Test
	void syntheticBenchDesignsAreValidSoTheBenchMeasuresRealWork(@TempDir Path dir) throws Exception {
		List<Path> files = SyntheticDesign.write(dir, 450, 200);
		assertEquals(4, files.size(), "a library and three site files");
		assertEquals(UnderlayCli.OK, cli.run("validate", dir.toString()), cli::both);
		assertEquals(List.of("validated 4 files: 0 errors, 0 warnings"), cli.outLines());
		String site = Files.readString(files.get(1));
		assertEquals(4 * 180, site.lines().filter(l -> l.startsWith("\tlink ")).count(), "four links per server");
	}

	@Test
	void usageErrors() {
		assertEquals(UnderlayCli.USAGE, cli.run());
		assertEquals(UnderlayCli.USAGE, cli.run("validate"));
		assertEquals(UnderlayCli.USAGE, cli.run("frobnicate"));
		assertTrue(cli.err().contains("unknown command 'frobnicate'"));
		assertEquals(UnderlayCli.OK, cli.run("help"));
		assertTrue(cli.out().contains("validate <file.underlay | folder>"));
	}
}
