package org.underlay.boot.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.boot.BootException;
import org.underlay.boot.BootMachines;
import org.underlay.boot.BootService;
import org.underlay.peers.Programs;
import org.underlay.dsl.images.ImageCatalogue;

/**
 * The boot service with a real dnsmasq on the host end of a veth pair, and busybox's DHCP and TFTP clients in a
 * network namespace on the other end, as a machine's PXE ROM would ask.
 */
class DnsmasqServiceTest {

	@TempDir
	Path dir;

	private final List<String> events = new CopyOnWriteArrayList<>();

	private BootService.Options options(BootMachines machines, String networkInterface) throws Exception {
		ImageCatalogue catalogue = BootFixtures.catalogue(dir.resolve("images"), 1000);
		return new BootService.Options(machines, catalogue, BootFixtures.installer(dir.resolve("installer")),
				networkInterface, 0, false, List.of(BootFixtures.KEY), "console=ttyS0,115200");
	}

	/** busybox udhcpc in the namespace: one lease attempt; prints what the server offered. */
	private static String dhcp(VethNamespace veth) throws Exception {
		Path script = Files.writeString(Files.createTempFile("udhcpc", ".sh"),
				"#!/bin/sh\necho \"event=$1 ip=$ip boot_file=$boot_file siaddr=$siaddr router=$router\"\n"
						+ "[ \"$1\" = bound ] && ip addr replace \"$ip/$subnet\" dev \"$interface\"\nexit 0\n");
		script.toFile().setExecutable(true);
		try {
			return veth.run(Duration.ofSeconds(30), "busybox", "udhcpc", "-f", "-q", "-n", "-t", "3", "-T", "2", "-i",
					veth.clientEnd, "-s", script.toString()).output();
		} finally {
			Files.delete(script);
		}
	}

	@Test
	void aDesignedMacGetsItsAddressAndTheIpxeLoaderAnUnknownOneNothing() throws Exception {
		try (VethNamespace veth = new VethNamespace(31)) {
			BootMachines machines = BootFixtures.machines(Files.createDirectories(dir.resolve("design")), veth.net);
			try (BootService service = BootService.start(options(machines, veth.hostEnd),
					(machine, what) -> events.add(machine + ": " + what))) {
				assertEquals("10.99.31.1", service.address());

				veth.clientMac(BootFixtures.MAC_B);
				String offer = dhcp(veth);
				assertTrue(offer.contains("event=bound ip=10.99.31.12 boot_file=undionly.kpxe siaddr=10.99.31.1 "
						+ "router=10.99.31.1"), offer);
				Programs.Result tftp = veth.run(Duration.ofSeconds(20), "busybox", "tftp", "-g", "-r", "undionly.kpxe",
						"-l", dir.resolve("fetched.kpxe").toString(), "10.99.31.1");
				assertEquals(0, tftp.code(), tftp.output());
				assertEquals(Files.size(Path.of("/usr/lib/ipxe/undionly.kpxe")), Files.size(dir.resolve("fetched.kpxe")));

				veth.clientMac("52:54:00:12:34:03"); // c: in the design, but environment other's
				String ignored = dhcp(veth);
				assertFalse(ignored.contains("event=bound"), ignored);
				assertTrue(events.stream().anyMatch(e -> e.equals(": a machine not in the design asked for an address: "
						+ "MAC 52:54:00:12:34:03 on " + veth.hostEnd + "; not answered")),
						() -> events + "\n" + String.join("\n", service.dnsmasqLog()));
				assertTrue(service.isServing());
			}
		}
	}

	@Test
	void oneServicePerInterfaceAndABindFailureInDnsmasqsWords() throws Exception {
		try (VethNamespace veth = new VethNamespace(32)) {
			BootMachines machines = BootFixtures.machines(Files.createDirectories(dir.resolve("design")), veth.net);
			try (BootService first = BootService.start(options(machines, veth.hostEnd), (m, w) -> {
			})) {
				BootException e = assertThrows(BootException.class,
						() -> BootService.start(options(machines, veth.hostEnd), (m, w) -> {
						}));
				assertTrue(e.getMessage().startsWith("another boot service already serves interface ulbh32 on this "
						+ "machine"), e.getMessage());
				assertTrue(first.isServing());
			}
			// something else holds the TFTP port on the interface's address
			try (DatagramSocket tftp = new DatagramSocket(new InetSocketAddress("10.99.32.1", 69))) {
				BootException e = assertThrows(BootException.class,
						() -> BootService.start(options(machines, veth.hostEnd), (m, w) -> {
						}));
				assertTrue(e.getMessage().startsWith("dnsmasq did not start: ") && e.getMessage().contains(
						"Address already in use"), e.getMessage());
			}
			try (BootService again = BootService.start(options(machines, veth.hostEnd), (m, w) -> {
			})) {
				assertTrue(again.isServing(), "a failed start leaves nothing behind");
			}
		}
	}

	@Test
	void nothingStartsWithoutAnInterfaceAnImageOrAnInstaller() throws Exception {
		BootMachines machines = BootFixtures.machines(Files.createDirectories(dir.resolve("design")), 33);
		BootService.Options ok = options(machines, "lo");
		assertEquals("name the interface to serve on (--interface): a DHCP server answering on every interface could "
				+ "install the wrong network's machines", assertThrows(BootException.class, () -> BootService.start(
						with(ok, null, ok.catalogue(), ok.installer()), (m, w) -> {
						})).getMessage());
		assertEquals("no network interface 'nosuch0' on this machine", assertThrows(BootException.class,
				() -> BootService.start(with(ok, "nosuch0", ok.catalogue(), ok.installer()), (m, w) -> {
				})).getMessage());
		String unknown = assertThrows(BootException.class, () -> BootService.start(
				with(ok, "lo", ImageCatalogue.empty(dir.resolve("none")), ok.installer()), (m, w) -> {
				})).getMessage();
		assertTrue(unknown.startsWith("a: os.image 'test-image' is not in the image catalogue\nb: os.image 'test-image' "
				+ "is not in the image catalogue\n(the catalogue "), unknown);
		assertTrue(unknown.endsWith(" has: no images)"), unknown);
		String installer = assertThrows(BootException.class, () -> BootService.start(
				with(ok, "lo", ok.catalogue(), dir.resolve("nowhere")), (m, w) -> {
				})).getMessage();
		assertTrue(installer.startsWith("no installer in "), installer);
		Files.write(dir.resolve("images/test-image.raw.gz"), new byte[10]);
		String size = assertThrows(BootException.class, () -> BootService.start(ok, (m, w) -> {
		})).getMessage();
		assertTrue(size.contains("has 10 bytes, the manifest says 1000"), size);
	}

	private static BootService.Options with(BootService.Options o, String networkInterface, ImageCatalogue catalogue,
			Path installer) {
		return new BootService.Options(o.machines(), catalogue, installer, networkInterface, o.httpPort(), o.proxy(),
				o.authorizedKeys(), o.kernelArguments());
	}
}
