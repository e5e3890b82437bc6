package org.underlay.boot.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.boot.BootHttpServer;
import org.underlay.boot.BootMachines;
import org.underlay.peers.Programs;
import org.underlay.dsl.images.ImageCatalogue;

/** The boot service's HTTP side over real HTTP on loopback, as iPXE and the installer use it (docs/boot.md). */
class BootHttpServerTest {

	private static final int IMAGE_SIZE = 3_000_000;

	@TempDir
	Path dir;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	private final List<String> events = new CopyOnWriteArrayList<>();
	private BootMachines machines;
	private ImageCatalogue catalogue;
	private BootHttpServer server;

	@BeforeEach
	void start() throws Exception {
		machines = BootFixtures.machines(Files.createDirectories(dir.resolve("design")), 7);
		catalogue = BootFixtures.catalogue(dir.resolve("images"), IMAGE_SIZE);
		server = new BootHttpServer(machines, catalogue, BootFixtures.installer(dir.resolve("installer")),
				List.of(BootFixtures.KEY), "console=ttyS0,115200", "127.0.0.1", 0,
				(machine, what) -> events.add(machine + ": " + what));
	}

	@AfterEach
	void stop() {
		server.close();
	}

	private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.base() + path));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private String text(String path) throws Exception {
		HttpResponse<byte[]> response = get(path);
		assertEquals(200, response.statusCode(), path);
		return new String(response.body());
	}

	private int post(String path, String body) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create(server.base() + path))
				.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
	}

	/** The token the machine's iPXE script hands its installer. */
	private String token(String mac) throws Exception {
		Matcher m = Pattern.compile("underlay\\.token=([0-9a-f]+)").matcher(text("/boot/" + mac.replace(':', '-')
				+ ".ipxe"));
		assertTrue(m.find());
		return m.group(1);
	}

	@Test
	void iPxeChainsToTheMachinesOwnScriptWithItsNameAndToken() throws Exception {
		assertEquals("#!ipxe\nchain " + server.base() + "/boot/${mac:hexhyp}.ipxe\n", text("/boot.ipxe"));
		String script = text("/boot/52-54-00-12-34-01.ipxe");
		assertTrue(script.startsWith("#!ipxe\nkernel " + server.base() + "/installer/vmlinuz initrd=initrd.gz underlay.server="
				+ server.base() + " underlay.machine=a underlay.token="), script);
		assertTrue(script.contains(" console=ttyS0,115200\ninitrd " + server.base() + "/installer/initrd.gz\nboot\n"),
				script);
		assertEquals("booting", server.report("a").status());
		assertEquals("kernel", text("/installer/vmlinuz"));
		assertTrue(!token("52:54:00:12:34:01").equals(token("52:54:00:12:34:02")), "a token per machine");
	}

	@Test
	void aMachineOfAnotherEnvironmentOrNoneGetsNoScript() throws Exception {
		HttpResponse<byte[]> other = get("/boot/52-54-00-12-34-03.ipxe");
		assertEquals(404, other.statusCode());
		assertTrue(new String(other.body()).contains("not in the design"));
		assertTrue(events.contains(": a machine not in environment lab asked for its boot script (52-54-00-12-34-03);"
				+ " not served"), events::toString);
		assertEquals(404, get("/boot/..%2f..%2fetc%2fpasswd.ipxe").statusCode());
	}

	@Test
	void aWrongTokenChangesNothingAndReadsNothing() throws Exception {
		String tokenB = token(BootFixtures.MAC_B);
		assertEquals(403, get("/machines/a/plan?token=" + tokenB).statusCode(), "b's token is not a's");
		assertEquals(403, get("/machines/a/files.tar").statusCode());
		assertEquals(403, post("/machines/a/status?token=" + tokenB, "installed"));
		assertEquals(403, get("/machines/c/plan?token=" + tokenB).statusCode(), "c is another environment's");
		assertEquals("waiting", server.report("a").status());
	}

	@Test
	void thePlanNamesTheImageItsChecksumAndTheUser() throws Exception {
		String token = token(BootFixtures.MAC_A);
		ImageCatalogue.Image image = catalogue.find("test-image");
		assertEquals("image.url=" + server.base() + "/images/test-image.raw.gz\nimage.sha256=" + image.sha256()
				+ "\nimage.size=" + IMAGE_SIZE + "\nimage.format=raw.gz\nimage.disk-bytes=" + 4L * IMAGE_SIZE
				+ "\nuser.name=deploy\n", text("/machines/a/plan?token=" + token));
		assertEquals(image.sha256() + "  test-image.raw.gz\n", text("/images/test-image.raw.gz.sha256"));
	}

	@Test
	void imagesAreServedWholeAndByRange() throws Exception {
		byte[] whole = Files.readAllBytes(dir.resolve("images/test-image.raw.gz"));
		HttpResponse<byte[]> all = get("/images/test-image.raw.gz");
		assertEquals(200, all.statusCode());
		assertEquals("bytes", all.headers().firstValue("Accept-Ranges").orElse(""));
		assertArrayEquals(whole, all.body());

		HttpResponse<byte[]> middle = get("/images/test-image.raw.gz", "Range", "bytes=1000000-1000099");
		assertEquals(206, middle.statusCode());
		assertEquals("bytes 1000000-1000099/" + IMAGE_SIZE, middle.headers().firstValue("Content-Range").orElse(""));
		assertArrayEquals(Arrays.copyOfRange(whole, 1_000_000, 1_000_100), middle.body());

		HttpResponse<byte[]> resume = get("/images/test-image.raw.gz", "Range", "bytes=2999990-");
		assertArrayEquals(Arrays.copyOfRange(whole, IMAGE_SIZE - 10, IMAGE_SIZE), resume.body());
		HttpResponse<byte[]> tail = get("/images/test-image.raw.gz", "Range", "bytes=-5");
		assertArrayEquals(Arrays.copyOfRange(whole, IMAGE_SIZE - 5, IMAGE_SIZE), tail.body());

		assertEquals(416, get("/images/test-image.raw.gz", "Range", "bytes=3000000-").statusCode());
		assertEquals(416, get("/images/test-image.raw.gz", "Range", "bytes=9-3").statusCode());
		assertEquals(404, get("/images/manifest.json").statusCode(), "only the catalogue's images");
		assertEquals(404, get("/images/..%2fdesign%2flib.underlay").statusCode());
	}

	@Test
	void theFilesUnpackIntoTheMachinesConfiguration() throws Exception {
		String token = token(BootFixtures.MAC_A);
		HttpResponse<byte[]> tar = get("/machines/a/files.tar?token=" + token);
		assertEquals(200, tar.statusCode());
		Path archive = Files.write(dir.resolve("files.tar"), tar.body());
		Path root = Files.createDirectories(dir.resolve("root"));
		Programs.output(List.of("tar", "-x", "-f", archive.toString(), "-C", root.toString()), null, null,
				Duration.ofSeconds(20));
		assertEquals("a\n", Files.readString(root.resolve("etc/hostname")));
		assertEquals("127.0.0.1\tlocalhost\n10.99.7.11\ta.lab.example\ta\n", Files.readString(root.resolve("etc/hosts")));
		assertEquals("# Written by Underlay from the design\n\nauto eth0\niface eth0 inet static\n\taddress 10.99.7.11/24\n"
				+ "\tgateway 10.99.7.1\n", Files.readString(root.resolve("etc/network/interfaces.d/underlay")));
		assertEquals("[Match]\nMACAddress=52:54:00:12:34:01\n\n[Link]\nName=eth0\n",
				Files.readString(root.resolve("etc/systemd/network/10-underlay-eth0.link")));
		assertEquals("search lab.example\nnameserver 10.99.7.1\n", Files.readString(root.resolve("etc/resolv.conf")));
		assertEquals("test-image\n", Files.readString(root.resolve("etc/underlay-image")));
		assertEquals(BootFixtures.KEY + "\n", Files.readString(root.resolve("root/.ssh/authorized_keys")));
		assertEquals(BootFixtures.KEY + "\n", Files.readString(root.resolve("home/deploy/.ssh/authorized_keys")));
		assertEquals("deploy ALL=(ALL) NOPASSWD:ALL\n", Files.readString(root.resolve("etc/sudoers.d/underlay")));
		String listing = Programs.output(List.of("tar", "-tvf", archive.toString()), null, null, Duration.ofSeconds(20));
		assertTrue(listing.contains("-rw------- root/root") && listing.contains("root/.ssh/authorized_keys"), listing);
		assertTrue(listing.lines().anyMatch(l -> l.startsWith("-r--r----- root/root") && l.endsWith(" etc/sudoers.d/underlay")),
				listing);
	}

	@Test
	void theInstallersReportsAreKept() throws Exception {
		String token = token(BootFixtures.MAC_A);
		assertEquals(204, post("/machines/a/inventory?token=" + token,
				"cpu.count=2\nmemory.kib=1012345\ndisk.vda.bytes=4294967296\nnic.eth0.mac=52:54:00:12:34:01\n"
						+ "bad key=x\nsystem.serial=\u001b[2Jevil\n"));
		Map<String, String> inventory = server.report("a").inventory();
		assertEquals("2", inventory.get("cpu.count"));
		assertEquals("4294967296", inventory.get("disk.vda.bytes"));
		assertEquals("?[2Jevil", inventory.get("system.serial"), "no terminal escapes reach the operator");
		assertEquals(5, inventory.size(), inventory::toString);
		assertEquals(204, post("/machines/a/status?token=" + token, "installing\n"));
		assertEquals(204, post("/machines/a/log?token=" + token, "underlay-installer: writing the image\n"));
		assertEquals(204, post("/machines/a/status?token=" + token, "failed: checksum mismatch\n"));
		assertEquals("failed: checksum mismatch", server.report("a").awaitFinished(1000));
		assertTrue(text("/boot/52-54-00-12-34-01.ipxe").contains("kernel "), "a failed machine may try again");
		assertEquals(204, post("/machines/a/status?token=" + token, "installed"));
		assertEquals("#!ipxe\necho Installed by Underlay; booting from the disk.\nexit\n",
				text("/boot/52-54-00-12-34-01.ipxe"), "an installed machine boots its disk");
		assertEquals("underlay-installer: writing the image\n", server.report("a").log());
		assertTrue(events.containsAll(List.of("a: inventory: 5 facts", "a: installing", "a: failed: checksum mismatch")),
				events::toString);
	}
}
