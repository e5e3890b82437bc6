package org.underlay.lab.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.lab.LabException;
import org.underlay.lab.LabPlan;
import org.underlay.lab.LabSpec;

/** The lab plan of the bundled example and of generated designs. */
class LabPlanTest {

	static Path example() {
		return Path.of(System.getProperty("underlay.examples"), "acme-dc");
	}

	@Test
	void exampleFra1() throws Exception {
		LabSpec spec = LabPlan.load(example(), "fra1");
		assertEquals(10, spec.machines().size(), spec.toString());
		LabSpec.Machine web01 = spec.machine("web-01");
		assertEquals(LabSpec.BmcKind.REDFISH, web01.bmcKind());
		assertEquals("127.0.0.1", web01.bmcHost());
		assertEquals(18001, web01.bmcPort());
		assertEquals(18101, web01.sshPort());
		assertEquals("deploy", web01.sshUser());
		assertEquals("lab-bmc", web01.bmcCredential());
		assertEquals("lab-ssh", web01.sshCredential());
		assertEquals("web-01", web01.facts().get("hostname"));
		assertEquals("02:00:0a:0a:00:0b", web01.facts().get("mac.ens1f0"));
		assertEquals("10.10.0.11/24", web01.facts().get("address.ens1f0"));
		assertEquals("debian-12-hardened", web01.facts().get("os.image"));
		assertEquals("tor-r01", web01.facts().get("lldp.ens1f0.chassis"));
		assertEquals("Ethernet1", web01.facts().get("lldp.ens1f0.port"));
		assertEquals("debian-12", spec.machine("web-02").facts().get("os.image"));
	}

	@Test
	void exampleAms1MixesIpmiAndRedfish() throws Exception {
		LabSpec spec = LabPlan.load(example(), "ams1");
		assertEquals(LabSpec.BmcKind.IPMI, spec.machine("util-01").bmcKind());
		assertEquals(19004, spec.machine("util-01").bmcPort());
		assertEquals(LabSpec.BmcKind.REDFISH, spec.machine("edge-01").bmcKind());
	}

	@Test
	void devicesWithoutBindingAreSkippedWithANote(@TempDir Path dir) throws Exception {
		TestDesigns.write(dir, 3, 1, new int[] { 41001, 41002, 41003, 41004, 41005, 41006 });
		LabSpec spec = LabPlan.load(dir, "t1");
		assertEquals(3, spec.machines().size());
		assertEquals(LabSpec.BmcKind.IPMI, spec.machine("m-01").bmcKind());
		assertEquals(LabSpec.BmcKind.REDFISH, spec.machine("m-02").bmcKind());
		assertEquals(1, spec.notes().size(), spec.notes().toString());
		assertTrue(spec.notes().get(0).startsWith("spare-01: skipped"), spec.notes().toString());
	}

	@Test
	void unknownSiteIsAClearError() {
		LabException e = assertThrows(LabException.class, () -> LabPlan.load(example(), "nowhere"));
		assertTrue(e.getMessage().contains("no site 'nowhere'"), e.getMessage());
	}
}
