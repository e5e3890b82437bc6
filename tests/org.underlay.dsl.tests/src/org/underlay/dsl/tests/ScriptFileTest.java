package org.underlay.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.ScriptStep;
import org.underlay.dsl.underlay.UnderlayPackage;
import org.underlay.dsl.validation.IssueCodes;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * A script step names a file of the design folder (its first word; the rest are arguments), which the engine uploads
 * at apply time: a missing file, or one outside the folder, is an error on the step when the design is read from
 * disk.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(UnderlayInjectorProvider.class)
class ScriptFileTest {

	/** The library, with the script step's text in place of %s. */
	private static final String LIBRARY = """
			package t.lib
			param disk.layout : string default "raid1"
			workflow provision {
				wait ssh timeout 60
				script "%s"
			}
			""";

	private static final String SITE = """
			package t.site
			import t.lib.*
			site s {
				room r { rack k height 4 { } }
			}
			""";

	@Inject
	private Provider<XtextResourceSet> resourceSets;

	@Inject
	private ParseHelper<Design> parser;

	@Inject
	private ValidationTestHelper validation;

	@TempDir
	Path tmp;

	/** What {@link #validate} read. */
	private XtextResourceSet read;

	/** A design folder without an Eclipse project, as a pipeline checks it out; the test's temp folder around it. */
	private Path designFolder() throws Exception {
		return Files.createDirectories(tmp.resolve("design"));
	}

	@Test
	void missingScriptIsAnErrorOnTheStep() throws Exception {
		Path root = designFolder();
		List<Issue> issues = validate(root, "scripts/apply-disk-layout.sh {{ disk.layout }}");
		assertEquals(1, issues.size(), () -> DesignTestSupport.describe(issues));
		Issue issue = issues.get(0);
		assertEquals(IssueCodes.SCRIPT_NOT_FOUND, issue.getCode());
		assertEquals(Severity.ERROR, issue.getSeverity());
		assertEquals("script scripts/apply-disk-layout.sh not found in the design folder (" + root + ")",
				issue.getMessage());
		assertEquals(5, issue.getLineNumber(), "on the script step");
		assertEquals(List.of("scripts/apply-disk-layout.sh"), List.of(issue.getData()));
		assertOnTheStep(issue);
	}

	@Test
	void existingScriptIsFine() throws Exception {
		Path root = designFolder();
		Files.createDirectories(root.resolve("scripts"));
		Files.writeString(root.resolve("scripts/apply-disk-layout.sh"), "#!/bin/sh\necho \"$1\"\n");
		List<Issue> issues = validate(root, "scripts/apply-disk-layout.sh {{ disk.layout }}");
		assertTrue(issues.isEmpty(), () -> DesignTestSupport.describe(issues));
	}

	@Test
	void aFolderOfThatNameIsNotAScript() throws Exception {
		Path root = designFolder();
		Files.createDirectories(root.resolve("scripts/apply-disk-layout.sh"));
		List<Issue> issues = validate(root, "scripts/apply-disk-layout.sh {{ disk.layout }}");
		assertEquals(List.of(IssueCodes.SCRIPT_NOT_FOUND), issues.stream().map(Issue::getCode).toList(),
				() -> DesignTestSupport.describe(issues));
	}

	@Test
	void theProjectFolderIsTheRootNotTheFilesOwnFolder() throws Exception {
		Path project = designFolder();
		Files.writeString(project.resolve(".project"), "<projectDescription><name>d</name></projectDescription>");
		Files.createDirectories(project.resolve("lib/scripts"));
		Files.writeString(project.resolve("lib/scripts/apply-disk-layout.sh"), "#!/bin/sh\n");
		Path lib = Files.createDirectories(project.resolve("lib")).resolve("automation.underlay");
		Files.writeString(lib, LIBRARY.formatted("scripts/apply-disk-layout.sh {{ disk.layout }}"));
		XtextResourceSet set = resourceSets.get();
		Resource resource = set.getResource(URI.createFileURI(lib.toString()), true);
		List<Issue> issues = validation.validate(resource);
		assertEquals(List.of("script scripts/apply-disk-layout.sh not found in the design folder (" + project + ")"),
				issues.stream().map(Issue::getMessage).toList(), "relative to the project, not to lib/");
		Files.createDirectories(project.resolve("scripts"));
		Files.writeString(project.resolve("scripts/apply-disk-layout.sh"), "#!/bin/sh\n");
		List<Issue> again = validation.validate(resource);
		assertTrue(again.isEmpty(), () -> "found where the engine looks: " + DesignTestSupport.describe(again));
	}

	@ParameterizedTest
	@ValueSource(strings = { "scripts/{{ disk.layout }}.sh", "{{ disk.layout }}", "scripts/layout-{{ disk.layout }}" })
	void templatedPathIsNotChecked(String path) throws Exception {
		List<Issue> issues = validate(designFolder(), path + " --force");
		assertTrue(issues.isEmpty(), () -> DesignTestSupport.describe(issues));
	}

	@ParameterizedTest
	@ValueSource(strings = { "../outside.sh", "/abs.sh", "scripts/../../outside.sh" })
	void pathsOutsideTheDesignFolderAreErrors(String path) throws Exception {
		Path root = designFolder();
		Files.writeString(tmp.resolve("outside.sh"), "#!/bin/sh\n"); // it exists, but the engine would not find it
		List<Issue> issues = validate(root, path + " {{ disk.layout }}");
		assertEquals(1, issues.size(), () -> DesignTestSupport.describe(issues));
		assertEquals(IssueCodes.SCRIPT_OUTSIDE_DESIGN, issues.get(0).getCode());
		assertEquals(Severity.ERROR, issues.get(0).getSeverity());
		assertEquals("script " + path + " must be inside the design folder (" + root + "), named relative to it",
				issues.get(0).getMessage());
		assertOnTheStep(issues.get(0));
	}

	@Test
	void aDesignNotReadFromDiskIsNotLookedUpThere() throws Exception {
		Design library = parser.parse(LIBRARY.formatted("scripts/apply-disk-layout.sh {{ disk.layout }}"));
		validation.assertNoIssues(library);
		// where the script would be is unknown, but an absolute path is wrong anywhere
		Design absolute = parser.parse(LIBRARY.formatted("/abs.sh {{ disk.layout }}"));
		validation.assertError(absolute, UnderlayPackage.Literals.SCRIPT_STEP, IssueCodes.SCRIPT_OUTSIDE_DESIGN,
				"script /abs.sh must be inside the design folder, named relative to it");
	}

	/** Writes lib/automation.underlay (with the step) and sites/s.underlay, reads both and validates both. */
	private List<Issue> validate(Path root, String step) throws Exception {
		Path lib = Files.createDirectories(root.resolve("lib")).resolve("automation.underlay");
		Path site = Files.createDirectories(root.resolve("sites")).resolve("s.underlay");
		Files.writeString(lib, LIBRARY.formatted(step.replace("\"", "\\\"")));
		Files.writeString(site, SITE);
		read = resourceSets.get();
		return DesignTestSupport.readAndValidate(read, validation, List.of(lib, site));
	}

	private void assertOnTheStep(Issue issue) {
		assertTrue(read.getEObject(issue.getUriToProblem(), false) instanceof ScriptStep, issue::toString);
	}
}
