package org.underlay.boot.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.underlay.boot.BootException;
import org.underlay.boot.BootMachines;
import org.underlay.dsl.underlay.Site;
import org.underlay.testing.design.Designs;
import org.underlay.dsl.images.ImageCatalogue;

/** A two-machine design on one network, a catalogue with one image of random bytes, and a stand-in installer. */
final class BootFixtures {

	static final String MAC_A = "52:54:00:12:34:01";
	static final String MAC_B = "52:54:00:12:34:02";
	static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB7hWl8tU0mH2Y1pFv6r8r6Sx2h0S2n3yq2N4i0mQ6n1 lab@underlay";

	private BootFixtures() {
	}

	/** Machines a (10.99.{net}.11) and b (10.99.{net}.12), both in environment lab; c in environment other. */
	static BootMachines machines(Path dir, int net) throws IOException {
		Site site = Designs.site(dir, """
				site s {
					network prov subnet 10.99.%1$d.0/24 gateway 10.99.%1$d.1
					room r { rack k height 42 {
						server a : OneU at 1 { nic eth0 mac "%2$s" address 10.99.%1$d.11 on prov }
						server b : OneU at 2 { nic eth0 mac "%3$s" address 10.99.%1$d.12 on prov }
						server c : OneU at 3 { nic eth0 mac "52:54:00:12:34:03" address 10.99.%1$d.13 on prov }
					} }
				}
				param os.image : string default "test-image"
				param dns.domain : string default "lab.example"
				environment lab for s { a { ssh 10.99.%1$d.11 user deploy } b { ssh 10.99.%1$d.12 user deploy } }
				environment other for s { c { ssh 10.99.%1$d.13 } }
				""".formatted(net, MAC_A, MAC_B));
		return BootMachines.of(Designs.environment(site, "lab"));
	}

	/** A catalogue in {@code dir} with image test-image: {@code size} random bytes (seeded). */
	static ImageCatalogue catalogue(Path dir, int size) throws IOException, BootException {
		Files.createDirectories(dir);
		byte[] bytes = new byte[size];
		new Random(7).nextBytes(bytes);
		Path file = Files.write(dir.resolve("test-image.raw.gz"), bytes);
		ImageCatalogue.write(dir, List.of(new ImageCatalogue.Image("test-image", "1", "test-image.raw.gz", "raw.gz",
				ImageCatalogue.sha256(file), size, 4L * size)));
		return ImageCatalogue.load(dir);
	}

	/** A folder with stand-in installer files (for tests that only serve them). */
	static Path installer(Path dir) throws IOException {
		Files.createDirectories(dir);
		Files.writeString(dir.resolve("vmlinuz"), "kernel");
		Files.writeString(dir.resolve("initrd.gz"), "initrd");
		return dir;
	}
}
