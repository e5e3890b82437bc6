package org.underlay.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.validation.IssueCodes;

import com.google.inject.Inject;

/** Every rule of the validator, each shown firing and, with the mistake corrected, silent. */
@ExtendWith(InjectionExtension.class)
@InjectWith(UnderlayInjectorProvider.class)
class UnderlayValidatorTest {

	@Inject
	private ParseHelper<Design> parser;

	@Inject
	private ValidationTestHelper validation;

	/** A site file importing the test library, with {@code devices} in rack r01 (height 42) of room dh1. */
	private static String site(String devices) {
		return """
				package test.site
				import test.lib.*
				site fra1 {
					room dh1 {
						rack r01 height 42 {
				%s
						}
						rack r02 height 42 {
							server spare : OneU at 1
						}
					}
				}
				""".formatted(devices);
	}

	static Stream<Arguments> rules() {
		return Stream.of(
				Arguments.of("rack-unit overlap", IssueCodes.RACK_UNIT_OVERLAP,
						site("server a : TwoU at 10\nserver b : OneU at 11"),
						site("server a : TwoU at 10\nserver b : OneU at 12")),
				Arguments.of("overlap of two multi-unit devices", IssueCodes.RACK_UNIT_OVERLAP,
						site("server a : TwoU at 10\nserver b : TwoU at 9"),
						site("server a : TwoU at 10\nserver b : TwoU at 8")),
				Arguments.of("device above the top of the rack", IssueCodes.BEYOND_RACK,
						site("server a : TwoU at 42"), site("server a : TwoU at 41")),
				Arguments.of("device below unit 1", IssueCodes.BEYOND_RACK,
						site("server a : OneU at 0"), site("server a : OneU at 1")),
				Arguments.of("rack-mounted device without position", IssueCodes.MISSING_POSITION,
						site("server a : OneU"), site("server a : OneU at 3")),
				Arguments.of("duplicate device name in a rack", IssueCodes.DUPLICATE_NAME,
						site("server a : OneU at 1\nserver a : OneU at 2"),
						site("server a : OneU at 1\nserver b : OneU at 2")),
				Arguments.of("duplicate device name across racks of a site", IssueCodes.DUPLICATE_NAME,
						site("server spare : OneU at 1"), site("server spare2 : OneU at 1")),
				Arguments.of("duplicate rack name", IssueCodes.DUPLICATE_NAME,
						"package s import test.lib.* site x { room y { rack r height 42 { } rack r height 42 { } } }",
						"package s import test.lib.* site x { room y { rack r height 42 { } rack q height 42 { } } }"),
				Arguments.of("duplicate room name", IssueCodes.DUPLICATE_NAME,
						"package s site x { room y { } room y { } }", "package s site x { room y { } room z { } }"),
				Arguments.of("duplicate device type", IssueCodes.DUPLICATE_NAME,
						"package lib2 device-type T { height 1 } device-type T { height 2 }",
						"package lib2 device-type T { height 1 } device-type U { height 2 }"),
				Arguments.of("duplicate port from overlapping ranges", IssueCodes.DUPLICATE_NAME,
						"package lib2 device-type T { height 1 port e1..4 port e3 }",
						"package lib2 device-type T { height 1 port e1..4 port e5 }"),
				Arguments.of("device type without height", IssueCodes.MISSING_PROPERTY,
						"package lib2 device-type T { vendor \"x\" }",
						"package lib2 device-type T { vendor \"x\" height 1 }"),
				Arguments.of("property given twice", IssueCodes.REPEATED_PROPERTY,
						"package lib2 device-type T { height 1 height 2 }",
						"package lib2 device-type T { height 2 }"),
				Arguments.of("port range running backwards", IssueCodes.INVALID_PORT_RANGE,
						"package lib2 device-type T { height 1 port e4..1 }",
						"package lib2 device-type T { height 1 port e1..4 }"),
				Arguments.of("port range on a name without number", IssueCodes.INVALID_PORT_RANGE,
						"package lib2 device-type T { height 1 port eth..4 }",
						"package lib2 device-type T { height 1 port eth1..4 }"),
				Arguments.of("rack taller than any real rack", IssueCodes.INVALID_RACK_HEIGHT,
						"package s site x { room y { rack r height 61 { } } }",
						"package s site x { room y { rack r height 60 { } } }"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rules")
	void ruleFiresOnMistakeAndNotOnFix(String rule, String code, String wrong, String right) throws Exception {
		List<Issue> wrongIssues = validate(wrong);
		assertTrue(wrongIssues.stream().anyMatch(i -> code.equals(i.getCode())),
				() -> rule + ": expected " + code + " in\n" + DesignTestSupport.describe(wrongIssues));
		List<Issue> rightIssues = validate(right);
		assertTrue(rightIssues.isEmpty(), () -> rule + ": expected no issues after the fix, got\n"
				+ DesignTestSupport.describe(rightIssues));
	}

	@Test
	void overlapIsReportedOnBothDevicesWithTheirNearestFreePositions() throws Exception {
		// a: 1, b: 3-4, c: 4-5. b fits one unit lower (2-3) or above c (6-7); c fits one unit higher (5-6) only
		List<Issue> issues = validate(site("server a : OneU at 1\nserver b : TwoU at 3\nserver c : TwoU at 4"));
		assertEquals(List.of("b (units 3-4) overlaps c at unit 4 in rack r01; nearest free positions: 2, 6",
				"c (units 4-5) overlaps b at unit 4 in rack r01; nearest free position: 5"),
				issues.stream().map(Issue::getMessage).toList(), () -> DesignTestSupport.describe(issues));
		assertTrue(issues.stream().allMatch(i -> IssueCodes.RACK_UNIT_OVERLAP.equals(i.getCode())));
		assertEquals(List.of("c", "2", "6"), List.of(issues.get(0).getData()),
				"data for the quick fixes: the other device, then the free positions, nearest first");
		assertEquals(List.of("b", "5"), List.of(issues.get(1).getData()));
		assertEquals(List.of(7, 8), issues.stream().map(Issue::getLineNumber).toList(), "each on its own device's line");
	}

	@Test
	void nearestFreePositionSkipsGapsThatAreTooSmall() throws Exception {
		// a (1) and c (1-2) clash, b takes 3: the 2U c fits first at 4-5, not at 2 (3 is taken); a fits at 4 as well
		List<Issue> issues = validate(site("server a : OneU at 1\nserver b : OneU at 3\nserver c : TwoU at 1"));
		assertEquals(List.of(List.of("c", "4"), List.of("a", "4")),
				issues.stream().map(i -> List.of(i.getData())).toList(), () -> DesignTestSupport.describe(issues));
	}

	@Test
	void aFullRackSaysSo() throws Exception {
		String full = "package d import test.lib.* site s { room r { rack k height 2 { server a : TwoU at 1 server b : OneU at 2 } } }";
		List<Issue> issues = validate(full);
		assertEquals(List.of("a (units 1-2) overlaps b at unit 2 in rack k; the rack has no room left",
				"b (unit 2) overlaps a at unit 2 in rack k; the rack has no room left"),
				issues.stream().map(Issue::getMessage).toList());
		assertEquals(List.of("b"), List.of(issues.get(0).getData()));
	}

	@Test
	void zeroUnitDevicesNeverOverlap() throws Exception {
		assertTrue(validate(site("pdu p1 : ZeroU\npdu p2 : ZeroU\nserver a : OneU at 1")).isEmpty());
	}

	@Test
	void errorsAreReportedOnTheLineOfTheMistake() throws Exception {
		List<Issue> issues = validate(site("server a : OneU at 1\nserver b : OneU at 1"));
		assertEquals(List.of(6, 7), issues.stream().map(Issue::getLineNumber).toList(), "both servers' lines");
	}

	private List<Issue> validate(String text) throws Exception {
		Design library = parser.parse(DesignTestSupport.LIBRARY);
		ResourceSet resourceSet = library.eResource().getResourceSet();
		Design design = parser.parse(text, resourceSet);
		return validation.validate(design);
	}
}
