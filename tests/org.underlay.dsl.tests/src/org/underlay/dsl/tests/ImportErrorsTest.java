package org.underlay.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.underlay.dsl.fixes.Fix;
import org.underlay.dsl.fixes.Fixes;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.validation.IssueCodes;

import com.google.inject.Inject;

/**
 * A wrong or missing import is one error where it can be fixed, not one unresolved reference per use; names that
 * exist nowhere are reported in the language's words, with the nearest name when one is close.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(UnderlayInjectorProvider.class)
class ImportErrorsTest {

	@Inject
	private ParseHelper<Design> parser;

	@Inject
	private ValidationTestHelper validation;

	/** A site with 12 servers of the library's types, after the given import lines. */
	private static String site(String imports) {
		StringBuilder servers = new StringBuilder();
		for (int i = 1; i <= 12; i++) {
			servers.append("\t\t\tserver s").append(i).append(i % 2 == 0 ? " : OneU at " : " : TwoU at ").append(i * 3)
					.append('\n');
		}
		return "package test.site\n" + imports + "\nsite fra1 {\n\troom dh1 {\n\t\track r01 height 42 {\n" + servers
				+ "\t\t}\n\t}\n}\n";
	}

	@Test
	void aMisspeltImportIsOneErrorOnTheImportWithTheNearestPackage() throws Exception {
		String text = site("import test.lbi.*");
		List<Issue> issues = validate(text);
		assertEquals(List.of("2: no package 'test.lbi' in this design; did you mean test.lib.*? [underlay.unknown-import]"),
				lines(issues));
		assertEquals(List.of("test.lib.*"), List.of(issues.get(0).getData()));
		String fixed = applyOnly(issues.get(0), text, "Import test.lib.* instead");
		assertEquals(List.of(), lines(validate(fixed)), fixed);
	}

	@Test
	void anImportOfNothingIsOneErrorAndTheRestStillResolves() throws Exception {
		List<Issue> issues = validate(site("import test.lib.*\nimport zzz.qqq.*"));
		assertEquals(List.of("3: no package 'zzz.qqq' in this design [underlay.unknown-import]"), lines(issues));
		assertEquals(0, issues.get(0).getData() == null ? 0 : issues.get(0).getData().length, "no fix to offer");
	}

	@Test
	void anImportOfAnElementThatDoesNotExistIsOneError() throws Exception {
		List<Issue> issues = validate(site("import test.lib.*\nimport test.lib.FourU"));
		assertEquals(List.of("3: nothing named 'test.lib.FourU' in this design [underlay.unknown-import]"),
				lines(issues));
	}

	@Test
	void aMissingImportIsOneErrorNamingThePackageWithAFix() throws Exception {
		String text = site("");
		List<Issue> issues = validate(text);
		assertEquals(List.of("6: 'TwoU' is declared in package test.lib, which this file does not import"
				+ " (nor 1 more name from it) [underlay.missing-import]"), lines(issues));
		assertEquals(List.of("test.lib"), List.of(issues.get(0).getData()));
		String fixed = applyOnly(issues.get(0), text, "Import test.lib.*");
		assertTrue(fixed.startsWith("package test.site\nimport test.lib.*\n"), fixed);
		assertEquals(List.of(), lines(validate(fixed)), fixed);
	}

	@Test
	void aNameThatExistsNowhereIsReportedInTheLanguagesWords() throws Exception {
		List<Issue> issues = validate(site("import test.lib.*").replace("s3 : TwoU", "s3 : Nope")
				.replace("s5 : TwoU", "s5 : TowU"));
		assertEquals(List.of("8: unknown device type 'Nope' [underlay.unresolved-reference]",
				"10: unknown device type 'TowU'; did you mean TwoU? [underlay.unresolved-reference]"), lines(issues));
	}

	private String applyOnly(Issue issue, String text, String label) {
		List<Fix> fixes = Fixes.forIssue(issue.getCode(), issue.getData(), text, issue.getOffset(), issue.getLength());
		assertEquals(List.of(label), fixes.stream().map(Fix::label).toList());
		return fixes.get(0).applyTo(text);
	}

	private static List<String> lines(List<Issue> issues) {
		return issues.stream().map(i -> i.getLineNumber() + ": " + i.getMessage() + " [" + i.getCode() + "]").toList();
	}

	private List<Issue> validate(String site) throws Exception {
		Design library = parser.parse(DesignTestSupport.LIBRARY);
		parser.parse(site, library.eResource().getResourceSet());
		List<Issue> issues = new ArrayList<>();
		for (Resource resource : List.copyOf(library.eResource().getResourceSet().getResources())) {
			issues.addAll(validation.validate(resource));
		}
		assertTrue(issues.stream().allMatch(i -> i.getCode() != null && i.getCode().startsWith("underlay.")),
				() -> "every diagnostic carries an underlay.* code:\n" + DesignTestSupport.describe(issues));
		return issues;
	}
}
