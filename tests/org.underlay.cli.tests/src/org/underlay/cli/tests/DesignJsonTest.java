package org.underlay.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.UnderlayStandaloneSetup;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code underlay export design.json} and {@code underlay import json}: every example file goes to JSON, back to a
 * model and through Xtext's serializer to text; parsed again it is the same model, it validates clean, and it gives
 * the same JSON.
 */
class DesignJsonTest {

	@TempDir
	Path dir;

	private final CliRun cli = new CliRun();

	private static XtextResourceSet load(Path folder) throws Exception {
		XtextResourceSet set = UnderlayStandaloneSetup.injector()
				.getInstance(XtextResourceSet.class);
		for (Path file : DesignFiles.find(folder)) {
			set.getResource(URI.createFileURI(file.toAbsolutePath().toString()), true);
		}
		EcoreUtil.resolveAll(set);
		return set;
	}

	private static EObject design(XtextResourceSet set, Path file) {
		Resource resource = set.getResource(URI.createFileURI(file.toAbsolutePath().toString()), false);
		assertNotNull(resource, file::toString);
		assertTrue(resource.getErrors().isEmpty(), () -> file + ": " + resource.getErrors());
		return resource.getContents().get(0);
	}

	@Test
	void everyExampleFileSurvivesJsonModelTextParse() throws Exception {
		Path json = dir.resolve("design.json");
		assertEquals(0, cli.run("export", "design.json", CliRun.example(), "--out", json.toString()), cli::both);
		JsonObject document = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
		assertEquals("underlay-design", document.get("format").getAsString());
		List<String> paths = new ArrayList<>();
		document.getAsJsonArray("files").forEach(f -> paths.add(f.getAsJsonObject().get("path").getAsString()));
		assertEquals(List.of("lib/automation.underlay", "lib/devices.underlay", "sites/ams1-environments.underlay",
				"sites/ams1.underlay", "sites/fra1-environments.underlay", "sites/fra1.underlay"), paths);
		String text = Files.readString(json);
		assertTrue(text.contains("\"type\": \"acme.lib.DellR650\""), "cross-references by qualified name");
		assertTrue(text.contains("\"kind\": \"patch-panel\""), "enums by their keyword");
		assertTrue(text.contains("\"side\": \"left\""), "a default written in the text is kept");

		Path rebuilt = dir.resolve("rebuilt");
		assertEquals(0, cli.run("import", "json", json.toString(), "--out", rebuilt.toString()), cli::both);
		String ams1 = Files.readString(rebuilt.resolve("sites/ams1.underlay"));
		assertTrue(ams1.contains("at 42 left"), ams1);
		assertTrue(ams1.contains("rack e01 height 42 feeds a, b {"), ams1);
		assertTrue(ams1.contains("param ntp.servers = [\"10.30.0.1\"]"), ams1);
		String devices = Files.readString(rebuilt.resolve("lib/devices.underlay"));
		assertTrue(devices.contains("\tport eno1..2 speed 1G medium rj45\n"), devices);
		assertTrue(devices.contains("\tpsus 2 watts 1100\n"), devices);
		String environments = Files.readString(rebuilt.resolve("sites/fra1-environments.underlay"));
		assertTrue(environments.contains("bmc redfish 10.20.0.11:443 credential fra1-bmc"), environments);
		String automation = Files.readString(rebuilt.resolve("lib/automation.underlay"));
		assertTrue(automation.contains("run \"echo 'deb http://{{ os.mirror }}/debian"), automation);
		assertTrue(automation.contains("run \"test \\\"$(cat /etc/underlay-image)\\\" = {{ os.image }}\""), automation);

		Path examples = Path.of(CliRun.example());
		XtextResourceSet original = load(examples);
		XtextResourceSet again = load(rebuilt);
		for (String path : paths) {
			EObject before = design(original, examples.resolve(path));
			EObject after = design(again, rebuilt.resolve(path));
			assertTrue(EcoreUtil.equals(before, after),
					() -> path + " changed on its way through JSON:\n" + read(rebuilt.resolve(path)));
		}

		// the JSON carries the design's text, not the files its script steps upload: those come along as files
		Path scripts = examples.resolve("scripts");
		try (Stream<Path> files = Files.list(scripts)) {
			Files.createDirectories(rebuilt.resolve("scripts"));
			for (Path script : files.toList()) {
				Files.copy(script, rebuilt.resolve("scripts").resolve(script.getFileName().toString()));
			}
		}
		assertEquals(0, cli.run("validate", rebuilt.toString()), cli::both);
		assertEquals(List.of("validated 6 files: 0 errors, 0 warnings"), cli.out().lines().toList());

		Path json2 = dir.resolve("again.json");
		assertEquals(0, cli.run("export", "design.json", rebuilt.toString(), "--out", json2.toString()), cli::both);
		assertEquals(Files.readString(json), Files.readString(json2), "the same JSON from the rebuilt design");
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		} catch (Exception e) {
			return e.toString();
		}
	}

	@Test
	void oneSiteTakesTheFilesItNeeds() throws Exception {
		assertEquals(0, cli.run("export", "design.json", CliRun.example(), "--site", "ams1"), cli::both);
		JsonArray files = JsonParser.parseString(cli.out()).getAsJsonObject().getAsJsonArray("files");
		List<String> paths = new ArrayList<>();
		files.forEach(f -> paths.add(f.getAsJsonObject().get("path").getAsString()));
		assertEquals(List.of("lib/automation.underlay", "lib/devices.underlay", "sites/ams1-environments.underlay",
				"sites/ams1.underlay"), paths);
	}

	@Test
	void aSingleFileGoesWhereAsked() throws Exception {
		assertEquals(0, cli.run("export", "design.json", CliRun.example()), cli::both);
		JsonObject document = JsonParser.parseString(cli.out()).getAsJsonObject();
		JsonArray files = document.getAsJsonArray("files");
		JsonArray devices = new JsonArray();
		files.forEach(f -> {
			if (f.getAsJsonObject().get("path").getAsString().equals("lib/devices.underlay")) {
				devices.add(f);
			}
		});
		document.add("files", devices);
		Path json = Files.writeString(dir.resolve("devices.json"), document.toString());
		Path out = dir.resolve("devices.underlay");
		assertEquals(0, cli.run("import", "json", json.toString(), "--out", out.toString()), cli::both);
		String text = Files.readString(out);
		assertTrue(text.startsWith("package acme.lib"), text);
		assertTrue(text.contains("device-type ApcAP8868"), text);
		assertTrue(text.contains("height 0"), "a zero-U type keeps its height: " + text);
		assertEquals(0, cli.run("validate", out.toString()), cli::both);

		assertEquals(0, cli.run("import", "json", json.toString()), cli::both);
		assertEquals(text, cli.out(), "standard output without --out");
	}

	@Test
	void badJsonIsBadInput() throws Exception {
		Path broken = Files.writeString(dir.resolve("broken.json"), "{\"format\": \"underlay-design\", ");
		assertEquals(2, cli.run("import", "json", broken.toString()));
		assertTrue(cli.err().startsWith(broken + ": malformed JSON"), cli::err);
		Path other = Files.writeString(dir.resolve("other.json"), "{\"name\": \"x\"}");
		assertEquals(2, cli.run("import", "json", other.toString()));
		assertTrue(cli.err().contains("not an Underlay design"), cli::err);
		Path dangling = Files.writeString(dir.resolve("dangling.json"), """
				{"format": "underlay-design", "version": 1, "files": [{"path": "s.underlay", "design":
				  {"eClass": "Design", "name": "p", "elements": [{"eClass": "Site", "name": "s", "rooms": [
				    {"eClass": "Room", "name": "r", "racks": [{"eClass": "Rack", "name": "k", "height": 4, "devices": [
				      {"eClass": "Device", "kind": "server", "name": "a", "type": "lib.Nope", "position": 1}]}]}]}]}}]}
				""");
		assertEquals(2, cli.run("import", "json", dangling.toString()));
		assertTrue(cli.err().contains("no DeviceType named 'lib.Nope'"), cli::err);
		Path wrongClass = Files.writeString(dir.resolve("class.json"), """
				{"format": "underlay-design", "version": 1, "files": [{"path": "s.underlay", "design":
				  {"eClass": "Spaceship", "name": "p"}}]}
				""");
		assertEquals(2, cli.run("import", "json", wrongClass.toString()));
		assertTrue(cli.err().contains("unknown eClass \"Spaceship\""), cli::err);
		assertTrue(!cli.err().contains("Exception"), cli::err);
	}
}
