package org.underlay.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.serializer.ISerializer;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.StringInputStream;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.underlay.dsl.DesignFiles;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * No text may crash or hang the parser, linker or validators: seeded random mutations of the example designs (cut,
 * duplicate, swap and garble characters and lines) must each come back as diagnostics. And every example survives
 * parse, serialize, parse unchanged.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(UnderlayInjectorProvider.class)
class RobustnessTest {

	private static final long SEED = 20261126L;
	private static final int MUTANTS_PER_FILE = 60;
	private static final String NOISE = "{}[]:.,=\"/*-0123456789 \n\tabcXYZ_^";

	@Inject
	private Provider<XtextResourceSet> resourceSets;

	@Inject
	private IResourceValidator validator;

	@Inject
	private ISerializer serializer;

	@Test
	void mutatedExamplesNeverCrashTheLanguage() throws Exception {
		Random random = new Random(SEED);
		List<Path> files = DesignFiles.find(DesignTestSupport.examples());
		int mutants = 0;
		int withIssues = 0;
		for (Path file : files) {
			String original = DesignTestSupport.read(file);
			for (int i = 0; i < MUTANTS_PER_FILE; i++) {
				String mutant = mutate(original, random);
				XtextResourceSet resourceSet = loadAllBut(files, file);
				XtextResource resource = (XtextResource) resourceSet.createResource(URI.createURI("mutant:/" + i + ".underlay"));
				try {
					resource.load(new StringInputStream(mutant), null);
					List<Issue> issues = validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
					if (!issues.isEmpty()) {
						withIssues++;
					}
				} catch (RuntimeException | StackOverflowError e) {
					throw new AssertionError("mutant " + i + " of " + file.getFileName() + " crashed the language:\n"
							+ mutant, e);
				}
				mutants++;
			}
		}
		assertEquals(files.size() * MUTANTS_PER_FILE, mutants);
		assertTrue(withIssues > mutants / 2, "most mutants are broken and say so: " + withIssues + " of " + mutants);
	}

	@Test
	void examplesSurviveParseSerializeParse() throws Exception {
		List<Path> files = DesignFiles.find(DesignTestSupport.examples());
		XtextResourceSet resourceSet = loadAllBut(files, null);
		for (Resource resource : List.copyOf(resourceSet.getResources())) {
			EObject design = resource.getContents().get(0);
			String text = serializer.serialize(design);
			XtextResourceSet again = loadAllBut(files, Path.of(resource.getURI().toFileString()));
			XtextResource copy = (XtextResource) again.createResource(URI.createURI("copy:/" + resource.getURI().lastSegment()));
			copy.load(new StringInputStream(text), null);
			assertTrue(copy.getErrors().isEmpty(), () -> resource.getURI().lastSegment() + " re-parsed with errors: "
					+ copy.getErrors() + "\n" + text);
			EcoreUtil.resolveAll(copy);
			assertNotNull(copy.getContents().get(0));
			assertTrue(EcoreUtil.equals(design, copy.getContents().get(0)),
					() -> resource.getURI().lastSegment() + " changed in the round trip:\n" + text);
		}
	}

	private XtextResourceSet loadAllBut(List<Path> files, Path except) {
		XtextResourceSet resourceSet = resourceSets.get();
		for (Path file : files) {
			if (!file.equals(except)) {
				resourceSet.getResource(URI.createFileURI(file.toAbsolutePath().toString()), true);
			}
		}
		return resourceSet;
	}

	/** One to four edits: delete, duplicate or move a span, insert noise, or swap two lines. */
	static String mutate(String text, Random random) {
		StringBuilder out = new StringBuilder(text);
		int edits = 1 + random.nextInt(4);
		for (int e = 0; e < edits && out.length() > 2; e++) {
			int at = random.nextInt(out.length());
			int span = Math.min(out.length() - at, 1 + random.nextInt(40));
			switch (random.nextInt(5)) {
			case 0 -> out.delete(at, at + span);
			case 1 -> out.insert(at, out.substring(at, at + span));
			case 2 -> {
				for (int i = 0; i < 1 + random.nextInt(6); i++) {
					out.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
				}
			}
			case 3 -> {
				String cut = out.substring(at, at + span);
				out.delete(at, at + span);
				out.insert(random.nextInt(out.length() + 1), cut);
			}
			default -> {
				List<String> lines = new ArrayList<>(List.of(out.toString().split("\n", -1)));
				int a = random.nextInt(lines.size());
				int b = random.nextInt(lines.size());
				String line = lines.get(a);
				lines.set(a, lines.get(b));
				lines.set(b, line);
				out.setLength(0);
				out.append(String.join("\n", lines));
			}
			}
		}
		return out.toString();
	}
}
