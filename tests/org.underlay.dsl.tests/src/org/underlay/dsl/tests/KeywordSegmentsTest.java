package org.underlay.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.underlay.dsl.services.UnderlayGrammarAccess;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.model.Sites;

import com.google.inject.Inject;

/**
 * Package names may use any word of the language as a segment ({@code package acc.ipmi}), in the package declaration,
 * in imports and in qualified references, as the language reference promises. Every word-like keyword of the grammar
 * is tried, so a keyword added later is covered too.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(UnderlayInjectorProvider.class)
class KeywordSegmentsTest {

	@Inject
	private ParseHelper<Design> parser;

	@Inject
	private ValidationTestHelper validation;

	@Inject
	private UnderlayGrammarAccess grammar;

	@Test
	void everyKeywordIsAPackageSegmentInDeclarationsImportsAndReferences() throws Exception {
		List<String> failures = new ArrayList<>();
		for (String keyword : new TreeSet<>(GrammarUtil.getAllKeywords(grammar.getGrammar()))) {
			if (!keyword.matches("[A-Za-z][A-Za-z0-9_-]*")) {
				continue;
			}
			Design library = parser.parse("package acc." + keyword + "\ndevice-type OneU { height 1 }\n");
			ResourceSet resourceSet = library.eResource().getResourceSet();
			Design site = parser.parse("""
					package site.%1$s.fra1
					import acc.%1$s.*
					import acc.%1$s.OneU
					site fra1 {
						room dh1 {
							rack r01 height 42 {
								server a-01 : OneU at 1
								server a-02 : acc.%1$s.OneU at 2
							}
						}
					}
					""".formatted(keyword), resourceSet);
			List<Issue> issues = new ArrayList<>(validation.validate(library));
			issues.addAll(validation.validate(site));
			issues.removeIf(issue -> issue.getSeverity() != Severity.ERROR);
			if (!issues.isEmpty()) {
				failures.add(keyword + ": " + DesignTestSupport.describe(issues).replace('\n', ' '));
				continue;
			}
			List<Device> devices = Sites.devicesOf((Site) site.getElements().get(0));
			assertEquals(2, devices.size(), keyword);
			assertTrue(devices.stream().allMatch(device -> !device.getType().eIsProxy()), keyword);
		}
		assertTrue(failures.isEmpty(), () -> failures.size() + " keywords are no package segment:\n" + String.join("\n", failures));
	}
}
