package org.underlay.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.emf.ecore.resource.ResourceSet;
import org.underlay.dsl.validation.IssueCodes;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceKind;
import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.Face;
import org.underlay.dsl.underlay.Medium;
import org.underlay.dsl.underlay.Numbering;
import org.underlay.dsl.underlay.Rack;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.underlay.Speed;
import org.underlay.dsl.model.Ports;

import com.google.inject.Inject;
import org.underlay.dsl.underlay.UnderlayPackage;

@ExtendWith(InjectionExtension.class)
@InjectWith(UnderlayInjectorProvider.class)
class UnderlayParsingTest {

	@Inject
	private ParseHelper<Design> parser;

	@Inject
	private ValidationTestHelper validation;

	@Test
	void parsesLibraryWithPortsAndRanges() throws Exception {
		Design library = parser.parse(DesignTestSupport.LIBRARY);
		validation.assertNoIssues(library);
		assertEquals("test.lib", library.getName());
		DeviceType oneU = (DeviceType) library.getElements().get(0);
		assertEquals("OneU", oneU.getName());
		assertEquals("Dell", oneU.getVendor());
		assertEquals("PowerEdge R650", oneU.getModel());
		assertEquals(1, oneU.getHeight());
		assertEquals(Speed.G25, oneU.getPorts().get(0).getSpeed());
		assertEquals(Medium.SFP28, oneU.getPorts().get(0).getMedium());
		assertEquals(List.of("eno1", "eno2"), Ports.expand(oneU.getPorts().get(0)));
	}

	@Test
	void parsesSiteRoomRackDevicesAcrossFiles() throws Exception {
		Design library = parser.parse(DesignTestSupport.LIBRARY);
		ResourceSet resourceSet = library.eResource().getResourceSet();
		Design site = parser.parse("""
				package test.site
				import test.lib.*
				site fra1 {
					description "test hall"
					room dh1 {
						rack r01 height 42 top-down {
							server web-01 : OneU at 10 rear
							server db-01 : test.lib.TwoU at 11
							pdu pdu-a : ZeroU
						}
					}
				}
				""", resourceSet);
		validation.assertNoIssues(site);
		Site fra1 = (Site) site.getElements().get(0);
		assertEquals("test hall", fra1.getDescription());
		Rack rack = fra1.getRooms().get(0).getRacks().get(0);
		assertEquals(42, rack.getHeight());
		assertEquals(Numbering.TOP_DOWN, rack.getNumbering());
		Device web = rack.getDevices().get(0);
		assertEquals("web-01", web.getName());
		assertEquals(DeviceKind.SERVER, web.getKind());
		assertEquals(10, web.getPosition());
		assertEquals(Face.REAR, web.getFace());
		assertSame(library.getElements().get(0), web.getType(), "wildcard import resolves into the library file");
		assertSame(library.getElements().get(1), rack.getDevices().get(1).getType(), "qualified reference resolves");
		assertEquals(DeviceKind.PDU, rack.getDevices().get(2).getKind());
	}

	@Test
	void defaultsAreBottomUpNumberingAndFrontFace() throws Exception {
		Design library = parser.parse(DesignTestSupport.LIBRARY);
		Design site = parser.parse("""
				package test.site
				import test.lib.OneU
				site s { room r { rack k height 10 { server a : OneU at 1 } } }
				""", library.eResource().getResourceSet());
		validation.assertNoIssues(site);
		Rack rack = ((Site) site.getElements().get(0)).getRooms().get(0).getRacks().get(0);
		assertEquals(Numbering.BOTTOM_UP, rack.getNumbering());
		assertEquals(Face.FRONT, rack.getDevices().get(0).getFace());
	}

	@Test
	void unresolvedDeviceTypeIsALinkingError() throws Exception {
		Design site = parser.parse("""
				package test.site
				site s { room r { rack k height 10 { server a : NoSuchType at 1 } } }
				""");
		validation.assertError(site, UnderlayPackage.Literals.DEVICE,
				IssueCodes.UNRESOLVED_REFERENCE, "unknown device type 'NoSuchType'");
	}

	@Test
	void typeFromAnotherPackageNeedsAnImport() throws Exception {
		Design library = parser.parse(DesignTestSupport.LIBRARY);
		Design site = parser.parse("""
				package test.site
				site s { room r { rack k height 10 { server a : OneU at 1 } } }
				""", library.eResource().getResourceSet());
		assertFalse(validation.validate(site).isEmpty(), "OneU is not visible without 'import test.lib.*'");
	}

	@Test
	void syntaxErrorsAreReportedNotThrown() throws Exception {
		Design broken = parser.parse("package p site s { room { rack }");
		assertTrue(broken.eResource().getErrors().size() > 0);
		assertFalse(validation.validate(broken).isEmpty());
	}

	@Test
	void hyphenatedNamesAreIdentifiersButKeywordsStayKeywords() throws Exception {
		Design library = parser.parse("""
				package p
				device-type patch-1 { height 1 port port-1..3 }
				""");
		validation.assertNoIssues(library);
		DeviceType type = (DeviceType) library.getElements().get(0);
		assertEquals("patch-1", type.getName());
		assertEquals(List.of("port-1", "port-2", "port-3"), Ports.expand(type.getPorts().get(0)));
	}
}
