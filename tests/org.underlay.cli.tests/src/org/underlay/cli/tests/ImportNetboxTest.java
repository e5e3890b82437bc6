package org.underlay.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code underlay import netbox}: device types written in the NetBox device-type library schema become a library
 * that parses and validates clean, with what could not be mapped said in comments; bad YAML names file and line.
 */
class ImportNetboxTest {

	static final String DELL = """
			---
			manufacturer: Dell
			model: PowerEdge R650
			slug: dell-poweredge-r650
			part_number: 210-AYJZ
			u_height: 1
			is_full_depth: true
			airflow: front-to-rear
			comments: '[Dell spec sheet](https://www.dell.com/)'
			console-ports:
			  - name: Serial
			    type: de-9
			interfaces:
			  - name: eno1
			    type: 1000base-t
			  - name: eno2
			    type: 1000base-t
			  - name: ens1f0
			    type: 25gbase-x-sfp28
			  - name: ens1f1
			    type: 25gbase-x-sfp28
			  - name: iDRAC
			    type: 1000base-t
			    mgmt_only: true
			  - name: bond0
			    type: lag
			power-ports:
			  - name: PSU1
			    type: iec-60320-c14
			    maximum_draw: 1100
			    allocated_draw: 650
			  - name: PSU2
			    type: iec-60320-c14
			    maximum_draw: 1100
			""";

	static final String ARISTA = """
			manufacturer: Arista
			model: DCS-7050SX3-48YC8
			slug: arista-dcs-7050sx3-48yc8
			u_height: 1.0
			interfaces:
			%s
			  - name: Ethernet49/1
			    type: 100gbase-x-qsfp28
			  - name: Ethernet50/1
			    type: 100gbase-x-qsfp28
			  - name: Management1
			    type: 1000base-t
			    mgmt_only: true
			  - name: Uplink
			    type: 2.5gbase-t
			power-ports:
			  - name: PS1
			    type: iec-60320-c14
			    maximum_draw: 500
			  - name: PS2
			    type: iec-60320-c14
			    maximum_draw: 500
			""".formatted(ethernet(48));

	static final String APC = """
			manufacturer: APC
			model: AP8868
			slug: apc-ap8868
			u_height: 0
			is_full_depth: false
			interfaces:
			  - name: net
			    type: 100base-tx
			    mgmt_only: true
			power-ports:
			  - name: Input
			    type: iec-60309-p-n-e-6h
			    maximum_draw: 7360
			power-outlets:
			%s
			""".formatted(outlets());

	static final String HALF_U = """
			manufacturer: Acme
			model: 'Tiny Box #1'
			u_height: 0.5
			interfaces:
			  - name: "1"
			    type: 1000base-t
			  - name: port
			    type: 10gbase-x-sfpp
			""";

	private final CliRun cli = new CliRun();

	private static String ethernet(int count) {
		StringBuilder out = new StringBuilder();
		for (int i = 1; i <= count; i++) {
			out.append("  - name: Ethernet").append(i).append("\n    type: 25gbase-x-sfp28\n");
		}
		return out.toString().stripTrailing();
	}

	private static String outlets() {
		StringBuilder out = new StringBuilder();
		for (int i = 1; i <= 42; i++) {
			out.append("  - name: '").append(i).append("'\n    type: ")
					.append(i <= 36 ? "iec-60320-c13" : "iec-60320-c19").append("\n    power_port: Input\n");
		}
		return out.toString().stripTrailing();
	}

	private Path library(Path dir) throws Exception {
		Path netbox = Files.createDirectories(dir.resolve("device-types/Vendors"));
		Files.writeString(netbox.resolve("dell-r650.yaml"), DELL);
		Files.writeString(netbox.resolve("arista-7050sx3.yml"), ARISTA);
		Files.writeString(netbox.resolve("apc-ap8868.yaml"), APC);
		Files.writeString(netbox.resolve("tiny.yaml"), HALF_U);
		return dir.resolve("device-types");
	}

	@Test
	void deviceTypesBecomeALibraryThatValidatesClean(@TempDir Path dir) throws Exception {
		Path design = Files.createDirectories(dir.resolve("design"));
		Path lib = design.resolve("netbox.underlay");
		assertEquals(0, cli.run("import", "netbox", library(dir).toString(), "--package", "acme.netbox", "--out",
				lib.toString()), cli::both);
		assertTrue(cli.err().contains("4 device types into package acme.netbox"), cli::err);
		String text = Files.readString(lib);
		assertTrue(text.startsWith("// Imported from the NetBox device-type library"), text);
		assertTrue(text.contains("package acme.netbox\n"), text);

		// Dell: ranges, management, PSUs from maximum_draw; the LAG and the console port in the comment
		assertTrue(text.contains("// Dell PowerEdge R650 (dell-poweredge-r650), part number 210-AYJZ\n"), text);
		assertTrue(text.contains("device-type DellPowerEdgeR650 {\n\tvendor \"Dell\" model \"PowerEdge R650\"\n"
				+ "\theight 1\n\tport eno1..2 speed 1G medium rj45\n\tport ens1f0..1 speed 25G medium sfp28\n"
				+ "\tport iDRAC speed 1G medium rj45 management\n\tpsus 2 watts 1100\n}\n"), text);
		assertTrue(text.contains("interface bond0 (lag, not a physical port)"), text);
		assertTrue(text.contains("console-ports (1)"), text);
		assertTrue(text.contains("airflow"), text);

		// Arista: 48 ports in one line; slashes made valid; a speed the language lacks said so
		assertTrue(text.contains("device-type AristaDCS7050SX348YC8 {"), text);
		assertTrue(text.contains("\tport Ethernet1..48 speed 25G medium sfp28\n"), text);
		assertTrue(text.contains("\tport Ethernet49-1 speed 100G medium qsfp28\n\tport Ethernet50-1 speed 100G medium qsfp28\n"), text);
		assertTrue(text.contains("'Ethernet49/1' is Ethernet49-1 and 1 more"), text);
		assertTrue(text.contains("interface Uplink type 2.5gbase-t (speed not in the language)"), text);
		assertTrue(text.contains("\tport Uplink medium rj45\n"), text);
		assertTrue(text.contains("\tpsus 2 watts 500\n"), text);

		// APC: zero-U, half depth, capacity from the inlet, numbered outlets named by kind
		assertTrue(text.contains("device-type APCAP8868 {\n\tvendor \"APC\" model \"AP8868\"\n\theight 0\n\thalf-depth\n"
				+ "\tport net speed 100M medium rj45 management\n\tcapacity 7360\n\toutlet C13-1..36 c13\n"
				+ "\toutlet C19-37..42 c19\n}\n"), text);

		// half a unit: rounded up, said so; a name that is a reserved word is escaped
		assertTrue(text.contains("u_height 0.5 (fractional rack units are not supported; rounded up to 1)"), text);
		assertTrue(text.contains("device-type AcmeTinyBox1 {"), text);
		assertTrue(text.contains("\tport p1 speed 1G medium rj45\n\tport ^port speed 10G medium sfp+\n"), text);

		// the imported types in use: a site that places, cables and powers them validates clean too
		Files.writeString(design.resolve("site.underlay"), """
				package acme.site
				import acme.netbox.*
				site s {
					feed a voltage 230 amps 32
					network prod vlan 10 subnet 10.0.0.0/24
					room r {
						rack k height 42 feeds a {
							switch leaf : AristaDCS7050SX348YC8 at 42 {
								port Ethernet1 access prod
								psu 1 from pdu-a outlet C13-1
							}
							server web : DellPowerEdgeR650 at 20 {
								nic ens1f0 mac "02:00:00:00:00:01" address 10.0.0.10 on prod
								psu 1 from pdu-a outlet C19-37
							}
							pdu pdu-a : APCAP8868 { inlet a }
						}
					}
					link web.ens1f0 to leaf.Ethernet1 cable dac length 1
				}
				""");
		assertEquals(0, cli.run("validate", design.toString()), cli::both);
		assertEquals(List.of("validated 2 files: 0 errors, 0 warnings"), cli.out().lines().toList());
	}

	@Test
	void sameModelTwiceGetsUniqueNamesAndStandardOutputByDefault(@TempDir Path dir) throws Exception {
		Path a = Files.writeString(dir.resolve("a.yaml"), DELL);
		Path b = Files.writeString(dir.resolve("b.yaml"), DELL);
		assertEquals(0, cli.run("import", "netbox", a.toString(), b.toString(), "--package", "p"), cli::both);
		assertTrue(cli.out().contains("device-type DellPowerEdgeR650 {"), cli::out);
		assertTrue(cli.out().contains("device-type DellPowerEdgeR650_2 {"), cli::out);
	}

	@Test
	void malformedYamlNamesFileAndLine(@TempDir Path dir) throws Exception {
		Path bad = Files.writeString(dir.resolve("bad.yaml"), "manufacturer: Dell\nmodel: R650\ninterfaces:\n  - name: [eno1\n");
		assertEquals(2, cli.run("import", "netbox", bad.toString(), "--package", "p"));
		assertTrue(cli.err().startsWith(bad + ":5: malformed YAML: "), cli::err);
		assertEquals(1, cli.err().lines().count(), cli::err);
		assertEquals("", cli.out());

		Path tabs = Files.writeString(dir.resolve("tabs.yaml"), "manufacturer: Dell\nmodel: x\n\tu_height: 1\n");
		assertEquals(2, cli.run("import", "netbox", tabs.toString(), "--package", "p"));
		assertTrue(cli.err().startsWith(tabs + ":3: malformed YAML: "), cli::err);
	}

	@Test
	void schemaProblemsNameFileAndLine(@TempDir Path dir) throws Exception {
		Path noModel = Files.writeString(dir.resolve("nomodel.yaml"), "manufacturer: Dell\nu_height: 1\n");
		assertEquals(2, cli.run("import", "netbox", noModel.toString(), "--package", "p"));
		assertEquals(noModel + ":1: not a NetBox device type: no 'model'", cli.err().strip());

		Path height = Files.writeString(dir.resolve("height.yaml"), "manufacturer: Dell\nmodel: x\nu_height: tall\n");
		assertEquals(2, cli.run("import", "netbox", height.toString(), "--package", "p"));
		assertEquals(height + ":3: u_height is not a number: tall", cli.err().strip());

		Path list = Files.writeString(dir.resolve("list.yaml"), "- just\n- a list\n");
		assertEquals(2, cli.run("import", "netbox", list.toString(), "--package", "p"));
		assertTrue(cli.err().startsWith(list + ":1: not a NetBox device type"), cli::err);
		assertFalse(cli.err().contains("Exception"), cli::err);
	}

	@Test
	void usageErrors(@TempDir Path dir) throws Exception {
		Path a = Files.writeString(dir.resolve("a.yaml"), DELL);
		assertEquals(2, cli.run("import", "netbox", a.toString()));
		assertTrue(cli.err().contains("--package NAME"), cli::err);
		assertEquals(2, cli.run("import", "netbox", a.toString(), "--package", "9bad"));
		assertTrue(cli.err().contains("not a package name: '9bad'"), cli::err);
		assertEquals(2, cli.run("import", "netbox", dir.resolve("missing.yaml").toString(), "--package", "p"));
		assertTrue(cli.err().contains("no such file or folder"), cli::err);
		assertEquals(2, cli.run("import", "csv", a.toString()));
		assertTrue(cli.err().contains("unknown format 'csv'"), cli::err);
	}
}
