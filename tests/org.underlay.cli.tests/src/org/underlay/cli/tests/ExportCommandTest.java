package org.underlay.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.cli.UnderlayCli;

/** {@code underlay export}: every format from the example design, and clear errors for bad requests. */
class ExportCommandTest {

	@TempDir
	Path folder;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(String... args) {
		out.reset();
		err.reset();
		return new UnderlayCli(new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
	}

	private static String example() {
		return Path.of(System.getProperty("underlay.examples"), "acme-dc").toString();
	}

	private String out() {
		return out.toString(StandardCharsets.UTF_8);
	}

	private String err() {
		return err.toString(StandardCharsets.UTF_8);
	}

	@Test
	void textFormatsGoToStandardOutput() {
		assertEquals(0, run("export", "graph.dot", example(), "--site", "fra1"), this::err);
		assertTrue(out().startsWith("graph \"fra1\" {"), out());
		assertEquals(0, run("export", "cables.csv", example(), "--site", "fra1"), this::err);
		assertTrue(out().startsWith("site,cable_id,a_rack,"), out());
		assertEquals(0, run("export", "ip-plan.csv", example(), "--site", "ams1"), this::err);
		assertTrue(out().lines().skip(1).allMatch(l -> l.startsWith("ams1,")), out());
		assertEquals(0, run("export", "elevation.svg", example(), "--site", "fra1", "--room", "dh2"), this::err);
		assertTrue(out().contains("data-id=\"device:web-01\""));
		assertEquals("", err(), "a clean design exports without warnings");
	}

	@Test
	void filesAreWrittenWhereAsked() throws Exception {
		Path png = folder.resolve("fra1.png");
		assertEquals(0, run("export", "elevation.png", example(), "--site", "fra1", "--out", png.toString()), this::err);
		byte[] bytes = Files.readAllBytes(png);
		assertEquals((byte) 0x89, bytes[0]);
		assertEquals("PNG", new String(bytes, 1, 3, StandardCharsets.US_ASCII));
		Path html = folder.resolve("fra1.html");
		assertEquals(0, run("export", "work-package.html", example(), "--site", "fra1", "--out", html.toString()));
		assertTrue(Files.readString(html).contains("Cable run sheet"));
		assertEquals("", out(), "nothing on standard output when writing a file");
	}

	@Test
	void badRequestsGetOneLineAndExitTwo() throws Exception {
		assertEquals(2, run("export", "graph.dot", example()));
		assertTrue(err().contains("several sites; choose one with --site: fra1, ams1")
				|| err().contains("several sites; choose one with --site: ams1, fra1"), err());
		assertEquals(2, run("export", "graph.dot", example(), "--site", "nowhere"));
		assertTrue(err().startsWith("underlay export: no site 'nowhere'"), err());
		assertEquals(2, run("export", "pie-chart.svg", example()));
		assertTrue(err().startsWith("underlay export: unknown export 'pie-chart.svg'"), err());
		assertEquals(2, run("export", "elevation.png", example(), "--site", "fra1"));
		assertTrue(err().contains("a PNG needs --out FILE"), err());
		assertEquals(2, run("export", "graph.dot", folder.resolve("missing").toString()));
		assertTrue(err().startsWith("underlay export: not a design folder"), err());
		assertEquals(2, run("export", "graph.dot", example(), "--site", "fra1", "--room", "attic"));
		assertTrue(err().contains("has no room 'attic'"), err());
		assertTrue(!err().contains("Exception"), "never a stack trace");
	}

	@Test
	void designWithErrorsIsExportedWithItsProblemsMarked() throws Exception {
		Files.writeString(folder.resolve("lib.underlay"), "package t.lib\ndevice-type OneU { height 1 }\n");
		Files.writeString(folder.resolve("site.underlay"), """
				package t.site
				import t.lib.*
				site s { room r { rack k height 4 { server a : OneU at 1  server b : OneU at 1 } } }
				""");
		assertEquals(0, run("export", "elevation.svg", folder.toString()), this::err);
		assertTrue(err().contains("warning: the design has problems on"), err());
		assertTrue(out().contains("stroke=\"#d1242f\""), "the overlapping devices are outlined in red");
	}
}
