package org.underlay.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.underlay.dsl.fixes.Fix;
import org.underlay.dsl.fixes.Fixes;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.validation.IssueCodes;

import com.google.inject.Inject;

/**
 * Every quick fix, applied to the text as the editor, the Problems view and a language-server client apply it, then
 * the design validated again: the problem is gone and nothing new is wrong.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(UnderlayInjectorProvider.class)
class QuickFixesTest {

	private static final String NARROW_LIB = "package test.narrow\ndevice-type Narrow { height 1 half-width }\n";

	@Inject
	private ParseHelper<Design> parser;

	@Inject
	private ValidationTestHelper validation;

	/** The mistake as a change of DesignRulesTest's library or site, the fix to choose, the text it must write. */
	static Stream<Arguments> fixes() {
		String lib = DesignRulesTest.LIB;
		String site = DesignRulesTest.SITE;
		String ipmiLib = lib.replace("bmc redfish {", "bmc ipmi {");
		return Stream.of(
				row("overlap: the nearest free unit", IssueCodes.RACK_UNIT_OVERLAP, lib,
						site.replace("server web : Srv at 10", "server web : Srv at 42"), "Move to unit 41",
						"switch tor : Tor at 41"),
				row("beyond the rack: the nearest free unit", IssueCodes.BEYOND_RACK, lib,
						site.replace("server web : Srv at 10", "server web : Srv at 43"), "Move to unit 41",
						"server web : Srv at 41"),
				row("missing position", IssueCodes.MISSING_POSITION, lib,
						site.replace("server web : Srv at 10", "server web : Srv"), "Place it at the first free position: 1",
						"server web : Srv at 1 {"),
				row("duplicate name", IssueCodes.DUPLICATE_NAME, lib,
						site.replace("\troom r {", "\troom r { }\n\troom r {"), "Rename to r-2", "room r-2 {"),
				row("duplicate host name across sites", IssueCodes.DUPLICATE_HOSTNAME, lib,
						site.replace("site s1 {", "site s0 { room q { rack z height 4 { server web : Bare at 1 } } }\n"
								+ "site s1 {"), "Rename to web-2", "server web-2 : Bare at 1"),
				row("address outside its subnet", IssueCodes.ADDRESS_OUTSIDE_SUBNET, lib,
						site.replace("address 10.1.0.10 on prod", "address 10.9.0.10 on prod"),
						"Use the next free address 10.1.0.2", "address 10.1.0.2 on prod"),
				row("subnet with host bits", IssueCodes.SUBNET_HOST_BITS, lib,
						site.replace("subnet 10.1.0.0/24", "subnet 10.1.0.7/24"), "Use the network address 10.1.0.0/24",
						"subnet 10.1.0.0/24"),
				row("server without a binding", IssueCodes.MISSING_BINDING, lib,
						site.replace("web { bmc redfish 127.0.0.1:8443 credential lab-bmc ssh 127.0.0.1:2222 user root credential lab-ssh }\n",
								""),
						"Add a binding for web", "\tweb { }\n"),
				row("unused param", IssueCodes.UNUSED_PARAM, lib + "param site.motd : string\n", site,
						"Remove the unused param", null),
				row("IPMI cipher 0", IssueCodes.INSECURE_BMC, ipmiLib.replace("ciphers 3, 17", "ciphers 0, 3, 17"),
						site.replace("bmc redfish 127.0.0.1:8443 credential lab-bmc",
								"bmc ipmi 127.0.0.1:9623 credential lab-bmc cipher 0"),
						"Use cipher suite 3 (RAKP-HMAC-SHA1, AES-128)", "credential lab-bmc cipher 3"),
				row("TLS without verification", IssueCodes.INSECURE_BMC, lib,
						site.replace("bmc redfish 127.0.0.1:8443 credential lab-bmc",
								"bmc redfish 127.0.0.1:8443 credential lab-bmc insecure-tls"),
						"Remove 'insecure-tls'", "bmc redfish 127.0.0.1:8443 credential lab-bmc ssh"),
				row("missing import", IssueCodes.MISSING_IMPORT, lib, site.replace("import test.lib.*\n", ""),
						"Import test.lib.*", "package test.dc\nimport test.lib.*\n"),
				row("misspelt import", IssueCodes.UNKNOWN_IMPORT, lib, site.replace("import test.lib.*", "import tset.lib.*"),
						"Import test.lib.* instead", "import test.lib.*\n"),
				row("half-width overlap: the other side of the unit", IssueCodes.RACK_UNIT_OVERLAP, NARROW_LIB,
						"package d import test.narrow.* site s { room r { rack k height 4 {\nswitch a : Narrow at 2 left\n"
								+ "switch b : Narrow at 2 left\n} } }",
						"Move to unit 2 on the right", "switch a : Narrow at 2 right\n"),
				row("half-width overlap without a side: one is added", IssueCodes.RACK_UNIT_OVERLAP, NARROW_LIB,
						"package d import test.narrow.* site s { room r { rack k height 4 {\nswitch a : Narrow at 2 left\n"
								+ "switch b : Narrow at 2\n} } }",
						"Move to unit 2 on the right", "switch b : Narrow at 2 right\n"));
	}

	private static Arguments row(String name, String code, String lib, String site, String label, String written) {
		return Arguments.of(name, code, lib, site, label, written);
	}

	/**
	 * What a fix may leave for the operator to finish: an added binding has no endpoints yet (the fix cannot know the
	 * BMC's address), which the validator says.
	 */
	private static final Set<String> FOLLOW_UPS = Set.of(IssueCodes.MISSING_BMC_ENDPOINT);

	@ParameterizedTest(name = "{0}")
	@MethodSource("fixes")
	void theFixRemovesTheProblem(String name, String code, String lib, String site, String label, String written)
			throws Exception {
		List<String> texts = List.of(lib, site);
		Validated before = validate(texts);
		List<Issue> found = before.issues.stream().filter(i -> code.equals(i.getCode())).toList();
		assertFalse(found.isEmpty(), () -> name + ": no " + code + " in\n" + before.describe());
		List<String> offered = new ArrayList<>();
		Fix fix = null;
		int file = -1;
		for (Issue issue : found) {
			int f = before.fileOf(issue);
			for (Fix candidate : Fixes.forIssue(code, issue.getData(), texts.get(f), issue.getOffset(), issue.getLength())) {
				offered.add(candidate.label());
				if (fix == null && candidate.label().equals(label)) {
					fix = candidate;
					file = f;
				}
			}
		}
		assertTrue(fix != null, () -> name + ": offered " + offered);
		String text = texts.get(file);
		String fixed = fix.applyTo(text);
		if (written != null) {
			assertTrue(fixed.contains(written), () -> name + ": expected '" + written + "' in\n" + fixed);
		}
		assertFalse(fixed.equals(text), name + ": the fix changed nothing");
		List<String> after = new ArrayList<>(texts);
		after.set(file, fixed);
		Validated again = validate(after);
		assertEquals(List.of(), again.issues.stream().filter(i -> code.equals(i.getCode())).toList(),
				() -> name + ": still there after the fix:\n" + again.describe());
		Set<String> codesBefore = Set.copyOf(before.issues.stream().map(Issue::getCode).toList());
		assertEquals(List.of(), again.issues.stream()
				.filter(i -> !codesBefore.contains(i.getCode()) && !(code.equals(IssueCodes.MISSING_BINDING)
						&& FOLLOW_UPS.contains(i.getCode())))
				.toList(),
				() -> name + ": new problems after the fix:\n" + again.describe());
	}

	private record Validated(List<Resource> resources, List<Issue> issues) {
		int fileOf(Issue issue) {
			for (int i = 0; i < resources.size(); i++) {
				if (resources.get(i).getURI().equals(issue.getUriToProblem().trimFragment())) {
					return i;
				}
			}
			throw new AssertionError("no file for " + issue);
		}

		String describe() {
			return DesignTestSupport.describe(issues);
		}
	}

	private Validated validate(List<String> texts) throws Exception {
		Design first = parser.parse(texts.get(0));
		List<Resource> resources = new ArrayList<>(List.of(first.eResource()));
		for (String text : texts.subList(1, texts.size())) {
			resources.add(parser.parse(text, first.eResource().getResourceSet()).eResource());
		}
		List<Issue> issues = new ArrayList<>();
		for (Resource resource : resources) {
			issues.addAll(validation.validate(resource));
		}
		return new Validated(resources, issues);
	}
}
