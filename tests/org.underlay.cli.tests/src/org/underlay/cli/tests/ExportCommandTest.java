package org.underlay.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code underlay export}: every format from the example design, and clear errors for bad requests. */
class ExportCommandTest {

	@TempDir
	Path folder;

	private final CliRun cli = new CliRun();

	private static String example() {
		return Path.of(System.getProperty("underlay.examples"), "acme-dc").toString();
	}

	@Test
	void textFormatsGoToStandardOutput() {
		assertEquals(0, cli.run("export", "graph.dot", example(), "--site", "fra1"), cli::err);
		assertTrue(cli.out().startsWith("graph \"fra1\" {"), cli.out());
		assertEquals(0, cli.run("export", "cables.csv", example(), "--site", "fra1"), cli::err);
		assertTrue(cli.out().startsWith("site,cable_id,a_rack,"), cli.out());
		assertEquals(0, cli.run("export", "ip-plan.csv", example(), "--site", "ams1"), cli::err);
		assertTrue(cli.out().lines().skip(1).allMatch(l -> l.startsWith("ams1,")), cli.out());
		assertEquals(0, cli.run("export", "elevation.svg", example(), "--site", "fra1", "--room", "dh2"), cli::err);
		assertTrue(cli.out().contains("data-id=\"device:web-01\""));
		assertEquals("", cli.err(), "a clean design exports without warnings");
	}

	@Test
	void filesAreWrittenWhereAsked() throws Exception {
		Path png = folder.resolve("fra1.png");
		assertEquals(0, cli.run("export", "elevation.png", example(), "--site", "fra1", "--out", png.toString()), cli::err);
		byte[] bytes = Files.readAllBytes(png);
		assertEquals((byte) 0x89, bytes[0]);
		assertEquals("PNG", new String(bytes, 1, 3, StandardCharsets.US_ASCII));
		Path html = folder.resolve("fra1.html");
		assertEquals(0, cli.run("export", "work-package.html", example(), "--site", "fra1", "--out", html.toString()));
		assertTrue(Files.readString(html).contains("Cable run sheet"));
		assertEquals("", cli.out(), "nothing on standard output when writing a file");
	}

	@Test
	void badRequestsGetOneLineAndExitTwo() throws Exception {
		assertEquals(2, cli.run("export", "graph.dot", example()));
		assertTrue(cli.err().contains("several sites; choose one with --site: fra1, ams1")
				|| cli.err().contains("several sites; choose one with --site: ams1, fra1"), cli.err());
		assertEquals(2, cli.run("export", "graph.dot", example(), "--site", "nowhere"));
		assertTrue(cli.err().startsWith("underlay export: no site 'nowhere'"), cli.err());
		assertEquals(2, cli.run("export", "pie-chart.svg", example()));
		assertTrue(cli.err().startsWith("underlay export: unknown export 'pie-chart.svg'"), cli.err());
		assertEquals(2, cli.run("export", "elevation.png", example(), "--site", "fra1"));
		assertTrue(cli.err().contains("a PNG needs --out FILE"), cli.err());
		assertEquals(2, cli.run("export", "graph.dot", folder.resolve("missing").toString()));
		assertTrue(cli.err().startsWith("underlay export: not a design folder"), cli.err());
		assertEquals(2, cli.run("export", "graph.dot", example(), "--site", "fra1", "--room", "attic"));
		assertTrue(cli.err().contains("has no room 'attic'"), cli.err());
		assertTrue(!cli.err().contains("Exception"), "never a stack trace");
	}

	@Test
	void designWithErrorsIsExportedWithItsProblemsMarked() throws Exception {
		Files.writeString(folder.resolve("lib.underlay"), "package t.lib\ndevice-type OneU { height 1 }\n");
		Files.writeString(folder.resolve("site.underlay"), """
				package t.site
				import t.lib.*
				site s { room r { rack k height 4 { server a : OneU at 1  server b : OneU at 1 } } }
				""");
		assertEquals(0, cli.run("export", "elevation.svg", folder.toString()), cli::err);
		assertTrue(cli.err().contains("warning: the design has problems on"), cli.err());
		assertTrue(cli.out().contains("stroke=\"#d1242f\""), "the overlapping devices are outlined in red");
	}
}
