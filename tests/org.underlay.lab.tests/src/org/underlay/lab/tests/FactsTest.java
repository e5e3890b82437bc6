package org.underlay.lab.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.lab.internal.Facts;

/** The fact commands the lab's SSH hosts answer, as collectors parse them. */
class FactsTest {

	private static final Map<String, String> FACTS = Map.of("hostname", "web-01", "os.image", "debian-12-hardened",
			"mac.ens1f0", "02:00:0a:0a:00:0b", "address.ens1f0", "10.10.0.11/24", "lldp.ens1f0.chassis", "tor-r01",
			"lldp.ens1f0.port", "Ethernet1");

	@Test
	void hostnameAndOsRelease() {
		assertEquals("web-01\n", Facts.answer("hostname", FACTS));
		assertEquals("web-01\n", Facts.answer("  uname   -n ", FACTS));
		String osRelease = Facts.answer("cat /etc/os-release", FACTS);
		assertTrue(osRelease.contains("ID=debian\n"), osRelease);
		assertTrue(osRelease.contains("VERSION_ID=\"12\"\n"), osRelease);
		assertTrue(osRelease.contains("PRETTY_NAME=\"debian-12-hardened\"\n"), osRelease);
		assertEquals("debian-12-hardened\n", Facts.answer("cat /etc/underlay-image", FACTS));
	}

	@Test
	void interfaces() {
		String json = Facts.answer("ip -j addr", FACTS);
		assertTrue(json.contains("\"ifname\":\"ens1f0\""), json);
		assertTrue(json.contains("\"address\":\"02:00:0a:0a:00:0b\""), json);
		assertTrue(json.contains("\"local\":\"10.10.0.11\",\"prefixlen\":24"), json);
		String link = Facts.answer("ip -o link show", FACTS);
		assertTrue(link.contains("2: ens1f0: <BROADCAST,MULTICAST,UP,LOWER_UP>"), link);
		assertTrue(link.contains("link/ether 02:00:0a:0a:00:0b brd"), link);
		assertEquals("02:00:0a:0a:00:0b\n", Facts.answer("cat /sys/class/net/ens1f0/address", FACTS));
		assertNull(Facts.answer("cat /sys/class/net/ens9/address", FACTS));
	}

	@Test
	void lldpNeighbour() {
		assertEquals("lldp.ens1f0.via=LLDP\nlldp.ens1f0.chassis.name=tor-r01\nlldp.ens1f0.port.ifname=Ethernet1\n",
				Facts.answer("lldpctl -f keyvalue", FACTS));
		assertEquals("", Facts.answer("lldpctl -f keyvalue", Map.of("hostname", "x")));
	}

	@Test
	void otherCommandsAreNotFacts() {
		assertNull(Facts.answer("uname -r", FACTS));
		assertNull(Facts.answer("hostname; id", FACTS));
	}

	@Test
	void factsFileRoundTrip(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("facts.properties");
		Facts.write(file, FACTS);
		assertEquals(FACTS, Facts.read(file));
	}
}
