package org.underlay.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.List;

import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.validation.IssueCodes;

import com.google.inject.Inject;

/** Overlaps are reported on every element involved, each naming the other. */
@ExtendWith(InjectionExtension.class)
@InjectWith(UnderlayInjectorProvider.class)
class OverlapTest {

	@Inject
	private ParseHelper<Design> parser;

	@Inject
	private ValidationTestHelper validation;

	@Test
	void overlappingSubnetsMarkBothNetworks() throws Exception {
		List<String> issues = subnetIssues("""
				network core subnet 10.0.0.0/16
				network prod subnet 10.1.0.0/24
				network web subnet 10.0.5.0/24
				network oob subnet 10.2.0.0/24
				network copy subnet 10.2.0.0/24
				""");
		assertEquals(List.of(
				"core: Subnet 10.0.0.0/16 overlaps 10.0.5.0/24 of network web",
				"web: Subnet 10.0.5.0/24 overlaps 10.0.0.0/16 of network core",
				"oob: Subnet 10.2.0.0/24 overlaps 10.2.0.0/24 of network copy",
				"copy: Subnet 10.2.0.0/24 overlaps 10.2.0.0/24 of network oob"), issues);
	}

	@Test
	void disjointSubnetsDoNotOverlap() throws Exception {
		assertEquals(List.of(), subnetIssues("""
				network a subnet 10.0.0.0/24
				network b subnet 10.0.1.0/24
				network c subnet 10.0.2.0/23
				network d subnet 10.0.4.0/22
				"""));
	}

	/** "network: message" of each overlapping-subnet issue, in text order. */
	private List<String> subnetIssues(String networks) throws Exception {
		Design design = parser.parse("package t.site\nsite s {\n" + networks + "}\n");
		List<Issue> issues = validation.validate(design);
		String text = ((XtextResource) design.eResource()).getParseResult().getRootNode().getText();
		return issues.stream().filter(i -> IssueCodes.OVERLAPPING_SUBNETS.equals(i.getCode()))
				.sorted(Comparator.comparingInt(Issue::getOffset))
				.map(i -> networkAt(text, i.getOffset()) + ": " + i.getMessage()).toList();
	}

	private static String networkAt(String text, int offset) {
		int line = text.lastIndexOf('\n', offset) + 1;
		return text.substring(line).trim().split("\\s+")[1];
	}
}
