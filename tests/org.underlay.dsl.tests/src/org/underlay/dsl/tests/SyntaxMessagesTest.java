package org.underlay.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.underlay.dsl.underlay.Design;

import com.google.inject.Inject;

/**
 * Syntax errors say what was expected where, in the language's words, with an {@code underlay.*} code: never a rule
 * name of the parser (RULE_INT, RULE_ID, EOF) and never Xtext's generic code.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(UnderlayInjectorProvider.class)
class SyntaxMessagesTest {

	@Inject
	private ParseHelper<Design> parser;

	@Inject
	private ValidationTestHelper validation;

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"server a : OneU at top | expected a unit number after 'at', not 'top'",
			"server a : OneU at | missing a unit number after 'at'",
			"server a : OneU at 3 { nic eno1 address 10.0.0.1 on } | missing a name after 'on'",
			"server : OneU at 3 | unexpected ':' after 'server'" })
	void saysWhatWasExpectedWhere(String device, String message) throws Exception {
		String text = "package t\nimport test.lib.*\nsite s { room r { rack k height 42 {\n" + device + "\n} } }\n";
		Design library = parser.parse(DesignTestSupport.LIBRARY);
		Design design = parser.parse(text, library.eResource().getResourceSet());
		List<Issue> issues = validation.validate(design.eResource());
		List<String> messages = issues.stream().map(Issue::getMessage).toList();
		assertTrue(messages.contains(message), () -> DesignTestSupport.describe(issues));
		long syntax = issues.stream().filter(i -> i.getCode().equals("underlay.syntax")
				|| i.getCode().equals("underlay.unexpected-token")).count();
		assertTrue(syntax == 1, () -> "one mistake, one syntax error:\n" + DesignTestSupport.describe(issues));
		for (Issue issue : issues) {
			assertTrue(issue.getCode().startsWith("underlay."), () -> DesignTestSupport.describe(issues));
			assertFalse(issue.getMessage().matches(".*(RULE_|EOF|mismatched|viable|extraneous).*"), issue.getMessage());
		}
	}
}
