package org.underlay.lab.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BootDevice;
import org.underlay.bmc.BootMode;
import org.underlay.bmc.BootOverride;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.PowerState;
import org.underlay.bmc.redfish.RedfishDriver;
import org.underlay.boot.BootMachine;
import org.underlay.boot.BootMachines;
import org.underlay.boot.ImageBuilder;
import org.underlay.boot.MachineReport;
import org.underlay.dsl.images.ImageCatalogue;
import org.underlay.dsl.underlay.Site;
import org.underlay.lab.vm.Accelerator;
import org.underlay.lab.vm.VmLab;
import org.underlay.peers.Programs;
import org.underlay.testing.design.Designs;

/**
 * From power-on to a running OS, for real: QEMU machines on a bridge of their own network-boot through the boot
 * service (dnsmasq DHCP/TFTP, iPXE, HTTP), the installer reports their inventory and writes Debian 12 to their
 * disks, they reboot into it and answer SSH at the design's address with the design's host name. Two failures end
 * as failed machines with the installer's reason: an image whose checksum does not match, a disk too small. Needs
 * root, QEMU, dnsmasq, and the packages the installer and image are built from (CI installs them). Each machine
 * has a Redfish BMC in front of it, driven over Redfish as a workflow does: a one-time PXE override, power on.
 */
class VmInstallTest {

	/** Built once per checkout: the image takes minutes. */
	private static final Path CACHE = Path.of("target/vm-cache").toAbsolutePath();

	@TempDir
	Path dir;

	private final List<String> events = new java.util.ArrayList<>();

	private void event(String line) {
		synchronized (events) {
			events.add(line);
		}
		System.out.println("vm-install: " + line);
	}

	@Test
	void machinesInstallFromPowerOnAndFailuresSayWhy() throws Exception {
		Accelerator accelerator = Accelerator.probe();
		event("accelerator: " + accelerator.reason());
		Path installer = CACHE.resolve("installer");
		if (!Files.exists(installer.resolve("initrd.gz"))) {
			ImageBuilder.installer(installer, Duration.ofMinutes(10), this::event);
		}
		Path built = CACHE.resolve("images");
		if (!Files.exists(built.resolve(ImageCatalogue.MANIFEST))) {
			ImageBuilder.image("debian-12", built, Duration.ofMinutes(30), this::event);
		}
		ImageCatalogue.Image debian = ImageCatalogue.load(built).find("debian-12");
		ImageCatalogue catalogue = catalogue(built, debian);

		Path key = dir.resolve("id_ed25519");
		Programs.output(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "vm-test", "-f", key.toString()),
				null, null, Duration.ofSeconds(20));
		Site site = Designs.site(Files.createDirectories(dir.resolve("design")), """
				site s {
					network prov subnet 10.99.40.0/24 gateway 10.99.40.1
					room r { rack k height 42 {
						server vm-a : OneU at 1 { nic eno1 mac "52:54:00:40:00:01" address 10.99.40.11 on prov }
						server vm-b : OneU at 2 { nic eno1 mac "52:54:00:40:00:02" address 10.99.40.12 on prov }
						server vm-c : OneU at 3 { nic eno1 mac "52:54:00:40:00:03" address 10.99.40.13 on prov
							param os.image = "corrupt" }
						server vm-d : OneU at 4 { nic eno1 mac "52:54:00:40:00:04" address 10.99.40.14 on prov }
					} }
				}
				param os.image : string default "debian-12"
				environment vm for s {
					vm-a { ssh 10.99.40.11 user deploy } vm-b { ssh 10.99.40.12 user deploy }
					vm-c { ssh 10.99.40.13 user deploy } vm-d { ssh 10.99.40.14 user deploy }
				}
				""");
		BootMachines machines = BootMachines.of(Designs.environment(site, "vm"));
		assertEquals(List.of(), machines.errors());

		Map<String, InetSocketAddress> bmcs = new LinkedHashMap<>();
		for (BootMachine machine : machines.machines()) {
			try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				bmcs.put(machine.name(), new InetSocketAddress("127.0.0.1", free.getLocalPort()));
			}
		}
		long installable = debian.diskBytes() + (256L << 20);
		try (VmLab lab = VmLab.start(new VmLab.Options(machines, bmcs, "admin", "lab-password", catalogue, installer,
				List.of(Files.readString(Path.of(key + ".pub")).strip()), dir.resolve("vms"), "ulvm40", "10.99.40.1/24",
				accelerator, 768, name -> name.equals("vm-d") ? 64L << 20 : installable), this::event)) {
			// as a workflow does it: a one-time network boot, then power on, through each machine's BMC
			for (String name : bmcs.keySet()) {
				try (Credentials credentials = new Credentials("admin", "lab-password".toCharArray());
						BmcClient bmc = BmcDrivers.open(endpoint(lab, bmcs, name), credentials)) {
					bmc.setBootOverride(BootOverride.once(BootDevice.PXE, BootMode.LEGACY));
					bmc.power(PowerAction.ON);
				}
			}
			Duration install = accelerator.scale(Duration.ofMinutes(4));
			Map<String, String> expected = Map.of("vm-a", "installed", "vm-b", "installed", "vm-c",
					"failed: checksum mismatch", "vm-d", "failed: disk too small");
			for (String name : bmcs.keySet()) {
				MachineReport report = lab.boot().http().report(name);
				String status = report.awaitFinished(install.toMillis());
				assertEquals(expected.get(name), status, () -> name + ": " + report.log() + "\n" + console(lab, name));
			}
			MachineReport a = lab.boot().http().report("vm-a");
			assertTrue(a.inventory().containsValue("52:54:00:40:00:01"), a.inventory()::toString);
			assertEquals("VM-vm-a", a.inventory().get("system.serial"), a.inventory()::toString);
			assertEquals(Long.toString(installable), a.inventory().get("disk.vda.bytes"), a.inventory()::toString);
			assertTrue(lab.boot().http().report("vm-c").log().contains("checksum"), lab.boot().http().report("vm-c")::log);

			// the installed machines reboot from their disks and answer SSH where the design says
			Duration boot = accelerator.scale(Duration.ofMinutes(3));
			for (String name : List.of("vm-a", "vm-b")) {
				String address = machines.machine(name).bootNic().address();
				awaitPort(address, 22, boot, () -> console(lab, name));
				// sshd may take a login before the system has finished its first boot: ask again until it answers
				String said = "";
				for (int attempt = 0; attempt < 10 && !said.startsWith(name + "\n"); attempt++) {
					Thread.sleep(attempt == 0 ? 0 : 3000);
					Programs.Result result = Programs.run(List.of("ssh", "-i", key.toString(), "-o", "BatchMode=yes",
							"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o",
							"ConnectTimeout=20", "-o", "LogLevel=ERROR", "deploy@" + address,
							"cat /etc/hostname /etc/underlay-image; ip -4 -o addr show eno1; sudo -n id -u"), null, null,
							Duration.ofSeconds(60));
					said = result.output();
					event(name + " over SSH (exit " + result.code() + "): " + said.replace('\n', '|'));
				}
				assertTrue(said.startsWith(name + "\ndebian-12\n"), said);
				assertTrue(said.contains("inet " + address + "/24"), said);
				assertTrue(said.endsWith("\n0\n"), "the SSH user has sudo: " + said);
			}
			// what the BMCs say is what happened: the installed ones on, from their disks; the failed ones off
			for (String name : bmcs.keySet()) {
				boolean installed = name.equals("vm-a") || name.equals("vm-b");
				if (!installed) {
					assertTrue(lab.vm(name).awaitOff(Duration.ofMinutes(1)), "a failed installer powers its machine off");
				}
				try (Credentials credentials = new Credentials("admin", "lab-password".toCharArray());
						BmcClient bmc = BmcDrivers.open(endpoint(lab, bmcs, name), credentials)) {
					assertEquals(installed ? PowerState.ON : PowerState.OFF, bmc.powerState(), name);
					assertEquals(BootDevice.NONE, bmc.bootOverride().device(), name + ": the one-time override is used up");
				}
				assertEquals(installed ? 2 : 1, lab.vm(name).boots(), name + ": network boot, then disk boot");
			}
		}
	}

	private BmcEndpoint endpoint(VmLab lab, Map<String, InetSocketAddress> bmcs, String name) throws IOException {
		Path ca = dir.resolve(name + "-bmc.pem");
		if (!Files.exists(ca)) {
			Files.writeString(ca, lab.certificates().get(name));
		}
		return RedfishDriver.endpoint("127.0.0.1", bmcs.get(name).getPort()).withOption(RedfishDriver.CA_FILE,
				ca.toString());
	}

	/** The built catalogue plus image "corrupt": a small gzip whose manifest checksum is wrong. */
	private ImageCatalogue catalogue(Path built, ImageCatalogue.Image debian) throws IOException {
		Path folder = Files.createDirectories(dir.resolve("images"));
		Files.createSymbolicLink(folder.resolve(debian.file()), built.resolve(debian.file()));
		byte[] random = new byte[1 << 20];
		new Random(3).nextBytes(random);
		Path corrupt = folder.resolve("corrupt.raw.gz");
		try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(corrupt))) {
			out.write(random);
		}
		ImageCatalogue.write(folder, List.of(debian, new ImageCatalogue.Image("corrupt", "1", "corrupt.raw.gz",
				"raw.gz", "0".repeat(64), Files.size(corrupt), 1L << 20)));
		return ImageCatalogue.load(folder);
	}

	private static void awaitPort(String host, int port, Duration timeout, java.util.function.Supplier<String> why)
			throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(host, port), 2000);
				return;
			} catch (IOException e) {
				Thread.sleep(2000);
			}
		}
		throw new AssertionError(host + ":" + port + " did not open within " + timeout.toSeconds() + " s\n" + why.get());
	}

	private static String console(VmLab lab, String name) {
		try {
			List<String> lines = Files.readAllLines(lab.vm(name).console(), java.nio.charset.StandardCharsets.ISO_8859_1);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		} catch (IOException e) {
			return "(no console: " + e.getMessage() + ")";
		}
	}
}
