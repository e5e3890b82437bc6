package org.underlay.boot.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.boot.BootMachine;
import org.underlay.boot.BootMachines;
import org.underlay.dsl.underlay.Site;
import org.underlay.testing.design.Designs;

/** Which machines an environment boots, as the design says: only that environment's, each with its values checked. */
class BootMachinesTest {

	@Test
	void theExamplesLabBootsItsTenServersWithTheirDesignedAddresses() throws Exception {
		Site fra1 = Designs.site(Designs.load(Designs.example()), "fra1");
		BootMachines lab = BootMachines.of(Designs.environment(fra1, "lab"));
		assertEquals(List.of(), lab.errors());
		assertEquals(10, lab.machines().size(), lab::toString);
		BootMachine web01 = lab.machine("web-01");
		assertEquals("02:00:0a:0a:00:0b", web01.bootNic().mac());
		assertEquals("10.10.0.11", web01.bootNic().address());
		assertEquals(24, web01.bootNic().prefix());
		assertEquals("10.10.0.1", web01.bootNic().gateway());
		assertEquals("ens1f0", web01.bootNic().name());
		assertEquals("debian-12-hardened", web01.image(), "the canary's own image");
		assertEquals("debian-12", lab.machine("web-02").image());
		assertEquals("deploy", web01.sshUser());
		assertEquals(List.of("0.debian.pool.ntp.org", "1.debian.pool.ntp.org"), web01.ntpServers());
		assertEquals("web-01", lab.byMac("02-00-0A-0A-00-0B").name());
		assertNull(lab.byMac("02:00:0a:0a:00:ff"));
	}

	@Test
	void anEnvironmentServesOnlyTheMachinesItBinds(@TempDir Path dir) throws Exception {
		Site site = Designs.site(dir, """
				site s {
					network prod subnet 10.1.0.0/24 gateway 10.1.0.1
					room r { rack k height 42 {
						server a : OneU at 1 { nic eth0 mac "52:54:00:00:00:01" address 10.1.0.11 on prod }
						server b : OneU at 2 { nic eth0 mac "52:54:00:00:00:02" address 10.1.0.12 on prod }
						server c : OneU at 3 { nic eth0 mac "52:54:00:00:00:03" }
					} }
				}
				environment one for s { a { ssh 10.1.0.11 user root } c { ssh 10.1.0.13 } }
				environment two for s { b { ssh 10.1.0.12 } }
				""");
		BootMachines one = BootMachines.of(Designs.environment(site, "one"));
		assertEquals(List.of("a"), one.machines().stream().map(BootMachine::name).toList());
		assertEquals(List.of("c: not served, it has no NIC with a MAC and an address to boot from"), one.notes());
		assertNull(one.byMac("52:54:00:00:00:02"), "b belongs to environment two");
		assertEquals(List.of("b"), BootMachines.of(Designs.environment(site, "two")).machines().stream()
				.map(BootMachine::name).toList());
	}

	@Test
	void aMacClaimedByTwoMachinesIsAnErrorNamingBoth(@TempDir Path dir) throws Exception {
		Site site = Designs.site(dir, """
				site s {
					network prod subnet 10.1.0.0/24
					room r { rack k height 42 {
						server a : OneU at 1 { nic eth0 mac "52:54:00:00:00:01" address 10.1.0.11 on prod }
						server b : OneU at 2 { nic eth0 mac "52:54:00:00:00:01" address 10.1.0.12 on prod }
					} }
				}
				environment lab for s { a { ssh 10.1.0.11 } b { ssh 10.1.0.12 } }
				""");
		BootMachines lab = BootMachines.of(Designs.environment(site, "lab"));
		assertEquals(List.of("b: MAC 52:54:00:00:00:01 is also a's; a DHCP server cannot tell them apart"),
				lab.errors());
		assertEquals(List.of("a"), lab.machines().stream().map(BootMachine::name).toList());
	}

	@Test
	void valuesThatWouldReachAConfigurationFileAreChecked() {
		BootMachine.Nic nic = new BootMachine.Nic("eth0", "52:54:00:00:00:01", "10.0.0.2", 24, null);
		IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				() -> new BootMachine("a", "lab\ndhcp-range=0.0.0.0", List.of(nic), "debian-12", null, List.of(),
						List.of()));
		assertTrue(e.getMessage().startsWith("not a valid DNS domain"), e.getMessage());
		org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				() -> new BootMachine("a", null, List.of(nic), "../../etc/passwd", null, List.of(), List.of()));
		org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				() -> new BootMachine("a", null, List.of(nic), "debian-12", "root; rm", List.of(), List.of()));
		org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				() -> new BootMachine("a", null, List.of(nic), "debian-12", null, List.of("pool $(id)"), List.of()));
	}
}
