package org.underlay.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
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

/**
 * The whole-design rules (addresses, cabling, power, params, BMC, environments) on a small but complete design: it
 * validates clean, and each row plants one mistake by replacing a snippet, which must raise the rule's code.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(UnderlayInjectorProvider.class)
class DesignRulesTest {

	static final String LIB = """
			package test.lib

			device-type Srv {
				height 1
				port eth0..1 speed 25G medium sfp28
				port mgmt speed 1G medium rj45
				psus 2 watts 1000
				bmc redfish { power on, off, cycle boot pxe, disk ciphers 3, 17 }
			}

			device-type Tor {
				height 1
				port Ethernet1..48 speed 25G medium sfp28
				port Ethernet49 speed 10G medium sfp28
				port Copper1 speed 1G medium rj45
				psus 2 watts 500
			}

			device-type Pdu {
				height 0
				capacity 3000
				outlet A1..8 c13
			}

			device-type Bare { height 1 }

			param os.image : string default "debian-12" "The image the installer writes"
			param ntp.servers : list

			workflow provision {
				power on
				boot pxe once
				wait ssh timeout 600
				run "install {{ os.image }} --ntp {{ ntp.servers }}"
				script "scripts/prepare.sh {{ host.name }}"
				reboot
				collect facts
				assert fact "os.release" == "12"
			}

			profile web {
				param ntp.servers = ["10.0.0.1"]
				workflow provision
			}
			""";

	static final String SITE = """
			package test.dc
			import test.lib.*

			site s1 {
				feed fa voltage 230 amps 16
				feed fb voltage 230 amps 16
				network prod vlan 110 subnet 10.1.0.0/24 gateway 10.1.0.1
				network oob vlan 120 subnet 10.2.0.0/24 gateway 10.2.0.1
				room r {
					rack k height 42 feeds fa, fb {
						switch tor : Tor at 42 {
							port Ethernet1 access prod
							psu 1 from pdu-a outlet A1
							psu 2 from pdu-b outlet A1
						}
						server web : Srv at 10 {
							nic eth0 mac "52:54:00:00:00:01" address 10.1.0.10 on prod
							bmc address 10.2.0.10 on oob
							profile web
							psu 1 from pdu-a outlet A2
							psu 2 from pdu-b outlet A2
						}
						pdu pdu-a : Pdu { inlet fa }
						pdu pdu-b : Pdu { inlet fb }
					}
				}
				link web.eth0 to tor.Ethernet1
			}

			environment lab for s1 {
				web { bmc redfish 127.0.0.1:8443 credential lab-bmc ssh 127.0.0.1:2222 user root credential lab-ssh }
			}
			""";

	private static final String WEB_BINDING = "web { bmc redfish 127.0.0.1:8443 credential lab-bmc ssh 127.0.0.1:2222 user root credential lab-ssh }";

	@Inject
	private ParseHelper<Design> parser;

	@Inject
	private ValidationTestHelper validation;

	static Stream<Arguments> mistakes() {
		return Stream.of(
				// addresses and networks
				row("address outside its subnet", IssueCodes.ADDRESS_OUTSIDE_SUBNET, "address 10.1.0.10 on prod", "address 10.9.0.10 on prod"),
				row("malformed address", IssueCodes.INVALID_ADDRESS, "10.1.0.10 on prod", "10.1.0.300 on prod"),
				row("malformed MAC", IssueCodes.INVALID_ADDRESS, "\"52:54:00:00:00:01\"", "\"52:54:00:00:01\""),
				row("gateway outside subnet", IssueCodes.GATEWAY_OUTSIDE_SUBNET, "gateway 10.1.0.1", "gateway 10.5.0.1"),
				row("gateway is the network address", IssueCodes.GATEWAY_OUTSIDE_SUBNET, "gateway 10.1.0.1", "gateway 10.1.0.0"),
				row("subnet with host bits", IssueCodes.SUBNET_HOST_BITS, "subnet 10.1.0.0/24", "subnet 10.1.0.7/24"),
				row("overlapping subnets", IssueCodes.OVERLAPPING_SUBNETS, "subnet 10.2.0.0/24 gateway 10.2.0.1", "subnet 10.1.0.0/16 gateway 10.1.128.1"),
				row("VLAN out of range", IssueCodes.INVALID_VLAN, "vlan 120", "vlan 4095"),
				row("VLAN reused", IssueCodes.DUPLICATE_VLAN, "vlan 120", "vlan 110"),
				row("address used twice", IssueCodes.DUPLICATE_ADDRESS, "bmc address 10.2.0.10", "bmc address 10.2.0.1"),
				row("MAC used twice", IssueCodes.DUPLICATE_MAC, "nic eth0 mac", "nic eth1 mac \"52:54:00:00:00:01\"\nnic eth0 mac"),
				row("duplicate network", IssueCodes.DUPLICATE_NAME, "network oob", "network prod"),
				// ports and cabling
				row("NIC on a port the type lacks", IssueCodes.UNKNOWN_PORT, "nic eth0", "nic eth7"),
				row("link to a port the type lacks", IssueCodes.UNKNOWN_PORT, "tor.Ethernet1", "tor.Ethernet99"),
				row("port cabled twice", IssueCodes.PORT_USED_TWICE, "link web.eth0 to tor.Ethernet1", "link web.eth0 to tor.Ethernet1\nlink web.eth1 to tor.Ethernet1"),
				row("speed mismatch", IssueCodes.LINK_SPEED_MISMATCH, "tor.Ethernet1\n", "tor.Ethernet49\n"),
				row("copper to a cage", IssueCodes.LINK_MEDIUM_MISMATCH, "tor.Ethernet1\n", "tor.Copper1\n"),
				row("NIC network not on the access port", IssueCodes.VLAN_MISMATCH, "port Ethernet1 access prod", "port Ethernet1 access oob"),
				row("access port with two networks", IssueCodes.VLAN_MISMATCH, "port Ethernet1 access prod", "port Ethernet1 access prod, oob"),
				row("switch port the type lacks", IssueCodes.UNKNOWN_PORT, "port Ethernet1 access prod", "port Ethernet77 access prod"),
				// power
				row("PSU number beyond the type's", IssueCodes.UNKNOWN_PSU, "psu 2 from pdu-b outlet A2", "psu 3 from pdu-b outlet A2"),
				row("PSU connected twice", IssueCodes.UNKNOWN_PSU, "psu 2 from pdu-b outlet A2", "psu 1 from pdu-b outlet A2"),
				row("outlet the PDU lacks", IssueCodes.UNKNOWN_OUTLET, "psu 2 from pdu-b outlet A2", "psu 2 from pdu-b outlet B9"),
				row("outlet used twice", IssueCodes.OUTLET_USED_TWICE, "psu 2 from pdu-b outlet A2", "psu 2 from pdu-b outlet A1"),
				row("PSU on a switch", IssueCodes.NOT_A_PDU, "psu 2 from pdu-b outlet A2", "psu 2 from tor outlet A2"),
				row("both PSUs on one feed", IssueCodes.PSU_NOT_REDUNDANT, "psu 2 from pdu-b outlet A2", "psu 2 from pdu-a outlet A3"),
				row("PDU over capacity", IssueCodes.PDU_OVER_BUDGET, "capacity 3000", "capacity 1000"),
				row("feed over budget", IssueCodes.FEED_OVER_BUDGET, "feed fa voltage 230 amps 16", "feed fa voltage 230 amps 5"),
				// params
				row("param of the wrong type", IssueCodes.PARAM_TYPE_MISMATCH, "param ntp.servers = [\"10.0.0.1\"]", "param ntp.servers = \"10.0.0.1\""),
				row("default of the wrong type", IssueCodes.PARAM_TYPE_MISMATCH, "default \"debian-12\"", "default 12"),
				row("param a workflow needs is unset", IssueCodes.REQUIRED_PARAM_MISSING, "param ntp.servers = [\"10.0.0.1\"]", ""),
				row("required param unset", IssueCodes.REQUIRED_PARAM_MISSING, "param ntp.servers : list", "param ntp.servers : list\nparam disk.count : int required"),
				row("template names an undeclared param", IssueCodes.UNKNOWN_TEMPLATE_PARAM, "{{ os.image }}", "{{ os.imag }}"),
				row("template value inserted raw", IssueCodes.RAW_TEMPLATE_VALUE, "{{ os.image }}", "{{ os.image | raw }}"),
				row("template filter that does not exist", IssueCodes.UNKNOWN_TEMPLATE_FILTER, "{{ os.image }}", "{{ os.image | upper }}"),
				row("template value in a here-document", IssueCodes.UNQUOTABLE_TEMPLATE_PARAM, "run \"install {{ os.image }} --ntp {{ ntp.servers }}\"",
						"run \"cat <<EOF > /etc/image\\n{{ os.image }}\\nEOF\""),
				row("param nobody sets or uses", IssueCodes.UNUSED_PARAM, "param ntp.servers : list", "param ntp.servers : list\nparam old.thing : string"),
				// BMC and workflows
				row("boot target the BMC lacks", IssueCodes.STEP_NOT_SUPPORTED, "boot pxe, disk", "boot disk"),
				row("power action the BMC lacks", IssueCodes.STEP_NOT_SUPPORTED, "power on, off, cycle", "power off, cycle"),
				row("script outside the design folder", IssueCodes.SCRIPT_OUTSIDE_DESIGN, "scripts/prepare.sh", "../prepare.sh"),
				row("script by absolute path", IssueCodes.SCRIPT_OUTSIDE_DESIGN, "scripts/prepare.sh", "/opt/prepare.sh"),
				row("power steps on a type without BMC", IssueCodes.STEP_NOT_SUPPORTED, "bmc redfish { power on, off, cycle boot pxe, disk ciphers 3, 17 }", ""),
				// environments
				row("binding of another BMC kind", IssueCodes.CAPABILITY_NOT_SUPPORTED, "bmc redfish 127.0.0.1", "bmc ipmi 127.0.0.1"),
				row("cipher the BMC does not offer", IssueCodes.CAPABILITY_NOT_SUPPORTED, "credential lab-bmc", "credential lab-bmc cipher 2"),
				row("TLS verification off", IssueCodes.INSECURE_BMC, "credential lab-bmc", "credential lab-bmc insecure-tls"),
				row("plain HTTP to the BMC", IssueCodes.INSECURE_BMC, "credential lab-bmc", "credential lab-bmc insecure-http"),
				row("pinned fingerprint that is no SHA-256", IssueCodes.INVALID_FINGERPRINT, "credential lab-bmc", "credential lab-bmc tls-fingerprint \"AB:CD\""),
				row("CA file that does not exist", IssueCodes.TLS_CA_NOT_FOUND, "credential lab-bmc", "credential lab-bmc tls-ca \"/nonexistent/underlay-ca.pem\""),
				row("server without binding", IssueCodes.MISSING_BINDING, WEB_BINDING, ""),
				row("binding without BMC for power steps", IssueCodes.MISSING_BMC_ENDPOINT, "bmc redfish 127.0.0.1:8443 credential lab-bmc ", ""),
				row("device bound twice", IssueCodes.DUPLICATE_NAME, WEB_BINDING, WEB_BINDING + "\n" + WEB_BINDING),
				row("host name used in two sites", IssueCodes.DUPLICATE_HOSTNAME, "environment lab for s1",
						"site s2 { room r { rack k height 42 { server web : Bare at 1 } } }\nenvironment lab for s1"));
	}

	private static Arguments row(String rule, String code, String snippet, String mistake) {
		return Arguments.of(rule, code, snippet, mistake);
	}

	@Test
	void theBaseDesignIsClean() throws Exception {
		List<Issue> issues = validate(LIB, SITE);
		assertTrue(issues.isEmpty(), () -> DesignTestSupport.describe(issues));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("mistakes")
	void plantedMistakeRaisesItsCode(String rule, String code, String snippet, String mistake) throws Exception {
		int occurrences = count(LIB, snippet) + count(SITE, snippet);
		assertEquals(1, occurrences, "the snippet must occur exactly once: " + snippet);
		List<Issue> issues = validate(LIB.replace(snippet, mistake), SITE.replace(snippet, mistake));
		assertTrue(issues.stream().anyMatch(i -> code.equals(i.getCode())),
				() -> rule + ": expected " + code + " in\n" + DesignTestSupport.describe(issues));
	}

	@Test
	void addressOutsideSubnetOffersTheNextFreeAddress() throws Exception {
		List<Issue> issues = validate(LIB, SITE.replace("address 10.1.0.10 on prod", "address 10.9.0.10 on prod"));
		Issue issue = issues.stream().filter(i -> IssueCodes.ADDRESS_OUTSIDE_SUBNET.equals(i.getCode())).findFirst()
				.orElseThrow();
		assertEquals("10.9.0.10 is outside network prod (10.1.0.0/24); next free address: 10.1.0.2", issue.getMessage());
		assertEquals(List.of("10.1.0.2"), List.of(issue.getData()), "gateway .1 is taken, .2 is the first free host");
	}

	/** With 'allow-insecure' the operator has said yes to cipher suite 0: it still warns, but it is no error. */
	@Test
	void insecureIpmiCipherIsAWarningNotAnError() throws Exception {
		String lib = LIB.replace("bmc redfish {", "bmc ipmi {").replace("ciphers 3, 17", "ciphers 0, 3, 17");
		String site = SITE.replace("bmc redfish 127.0.0.1:8443 credential lab-bmc",
				"bmc ipmi 127.0.0.1:9623 credential lab-bmc cipher 0 allow-insecure allow-legacy-ipmi");
		List<Issue> issues = validate(lib, site);
		List<String> codes = issues.stream().map(Issue::getCode).toList();
		assertEquals(List.of(IssueCodes.INSECURE_BMC, IssueCodes.INSECURE_BMC), codes, () -> DesignTestSupport.describe(issues));
		assertTrue(issues.stream().allMatch(i -> i.getSeverity() == Severity.WARNING));
		assertTrue(issues.get(0).getMessage().contains("no authentication"), issues.get(0).getMessage());
	}

	@Test
	void halfDepthDevicesShareAUnitOnOppositeFaces() throws Exception {
		String lib = "package l device-type Half { height 1 half-depth } device-type Full { height 1 }";
		String ok = "package d import l.* site s { room r { rack k height 4 { device a : Half at 1 front device b : Half at 1 rear } } }";
		String clash = "package d import l.* site s { room r { rack k height 4 { device a : Half at 1 front device b : Full at 1 } } }";
		List<Issue> clean = validate(lib, ok);
		assertTrue(clean.isEmpty(), () -> DesignTestSupport.describe(clean));
		assertTrue(validate(lib, clash).stream().anyMatch(i -> IssueCodes.RACK_UNIT_OVERLAP.equals(i.getCode())));
	}

	@Test
	void halfWidthDevicesShareAUnitSideBySide() throws Exception {
		String lib = "package l device-type Narrow { height 1 half-width }";
		String ok = "package d import l.* site s { room r { rack k height 4 { switch a : Narrow at 2 left switch b : Narrow at 2 right } } }";
		String clash = "package d import l.* site s { room r { rack k height 4 { switch a : Narrow at 2 left switch b : Narrow at 2 left } } }";
		List<Issue> clean = validate(lib, ok);
		assertTrue(clean.isEmpty(), () -> DesignTestSupport.describe(clean));
		List<Issue> issues = validate(lib, clash);
		assertEquals(List.of("a (unit 2) overlaps b at unit 2 in rack k; nearest free positions: 2 right, 1, 3",
				"b (unit 2) overlaps a at unit 2 in rack k; nearest free positions: 2 right, 1, 3"),
				issues.stream().map(Issue::getMessage).toList(), () -> DesignTestSupport.describe(issues));
		assertEquals(List.of("a", "2 right", "1", "3"), List.of(issues.get(1).getData()),
				"the other side of the same unit first: it is no distance away");
	}

	/** Parses both files into one resource set and validates every resource (as the CLI does). */
	private List<Issue> validate(String lib, String site) throws Exception {
		Design library = parser.parse(lib);
		parser.parse(site, library.eResource().getResourceSet());
		List<Issue> issues = new ArrayList<>();
		for (Resource resource : List.copyOf(library.eResource().getResourceSet().getResources())) {
			issues.addAll(validation.validate(resource));
		}
		return issues;
	}

	private static int count(String text, String snippet) {
		int n = 0;
		for (int i = text.indexOf(snippet); i >= 0; i = text.indexOf(snippet, i + 1)) {
			n++;
		}
		return n;
	}
}
