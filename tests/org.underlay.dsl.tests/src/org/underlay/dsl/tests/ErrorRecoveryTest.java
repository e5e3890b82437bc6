package org.underlay.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.util.StringInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Site;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * One typo must not wipe the model: a stray token appended to any line of the example site file in turn costs at
 * most the element it stands in, so the elevation (the devices reachable from the site's rooms and racks) keeps at
 * least 95% of its devices, and the file reports few errors, not dozens.
 * <p>
 * The tokens: a number and an identifier (the typos an operator makes: {@code at 40 39}, a half-typed word), keywords
 * that start an element elsewhere ({@code rack}, {@code port}), which the parser may take for the start of a new
 * element, and a {@code }} too many, which closes its block early. ({@code {} is not tested: it opens a block that
 * swallows what follows.)
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(UnderlayInjectorProvider.class)
class ErrorRecoveryTest {

	@Inject
	private Provider<XtextResourceSet> resourceSets;

	@ParameterizedTest(name = "''{0}'' on every line keeps {1}% of the devices, at most {2} errors")
	@CsvSource({ "39, 95, 2", "zz, 95, 2", "rack, 95, 2", "port, 95, 2", "'}', 95, 2" })
	void aStrayTokenOnAnyLineKeepsTheElevation(String token, int percent, int maxErrors) throws Exception {
		Path root = DesignTestSupport.examples().resolve("acme-dc");
		Path fra1 = root.resolve("sites/fra1.underlay");
		List<Path> others = new ArrayList<>(DesignFiles.find(root));
		others.remove(fra1);
		String text = DesignTestSupport.read(fra1);
		int clean = devicesAfterParsing(others, text).devices;
		assertEquals(18, clean, "the clean file's devices: 10 servers, 2 switches, 2 patch panels, 4 PDUs");
		List<String> lines = List.of(text.split("\n", -1));
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			String mutant = withTokenAtEndOf(lines, i, token);
			Parsed parsed = devicesAfterParsing(others, mutant);
			if (parsed.devices * 100 < clean * percent || parsed.errors > maxErrors) {
				failures.add("line " + (i + 1) + " '" + lines.get(i).strip() + " " + token + "': " + parsed.devices
						+ " of " + clean + " devices, " + parsed.errors + " errors");
			}
		}
		assertTrue(failures.isEmpty(), () -> failures.size() + " lines lose the design:\n" + String.join("\n", failures));
	}

	/** The token goes at the end of the line's code, before a trailing comment (which would swallow it). */
	private static String withTokenAtEndOf(List<String> lines, int index, String token) {
		List<String> copy = new ArrayList<>(lines);
		String line = copy.get(index);
		int comment = line.indexOf("//");
		copy.set(index, comment < 0 ? line + " " + token : line.substring(0, comment) + token + " " + line.substring(comment));
		return String.join("\n", copy);
	}

	private record Parsed(int devices, int errors) {
	}

	private Parsed devicesAfterParsing(List<Path> others, String siteText) throws Exception {
		XtextResourceSet resourceSet = resourceSets.get();
		for (Path file : others) {
			resourceSet.getResource(URI.createFileURI(file.toAbsolutePath().toString()), true);
		}
		XtextResource resource = (XtextResource) resourceSet.createResource(URI.createURI("mutant:/fra1.underlay"));
		resource.load(new StringInputStream(siteText), null);
		int devices = 0;
		if (!resource.getContents().isEmpty() && resource.getContents().get(0) instanceof Design design) {
			for (var element : design.getElements()) {
				if (element instanceof Site site) {
					devices += Sites.devicesOf(site).size();
				}
			}
		}
		return new Parsed(devices, resource.getErrors().size());
	}
}
