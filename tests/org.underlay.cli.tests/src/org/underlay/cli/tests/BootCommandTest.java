package org.underlay.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code underlay boot serve} and {@code underlay images} refuse what is unsafe or missing before anything starts,
 * with a message and exit code (serving itself is tested against dnsmasq in the boot service's tests).
 */
class BootCommandTest {

	private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB7hWl8tU0mH2Y1pFv6r8r6Sx2h0S2n3yq2N4i0mQ6n1 t";

	private final CliRun cli = new CliRun();

	@Test
	void servingNeedsAnInterfaceAndTheImagesOfEveryMachine(@TempDir Path dir) throws Exception {
		assertEquals(2, cli.run("boot", "serve", CliRun.example(), "--site", "fra1", "--environment", "lab"));
		assertEquals("underlay boot: --interface is required (the boot service never answers on every interface)",
				cli.err().strip());

		Path key = Files.writeString(dir.resolve("key.pub"), KEY + "\n");
		assertEquals(1, cli.run("boot", "serve", CliRun.example(), "--site", "fra1", "--environment", "lab",
				"--interface", "lo", "--authorized-key", key.toString(), "--images", dir.resolve("none").toString()),
				cli::both);
		assertTrue(cli.err().startsWith("underlay boot: web-01: os.image 'debian-12-hardened' is not in the image "
				+ "catalogue\nweb-02: os.image 'debian-12' is not in the image catalogue\n"), cli::err);
		assertTrue(cli.err().contains("has: no images)"), cli::err);

		assertEquals(2, cli.run("boot", "serve", CliRun.example(), "--site", "fra1", "--environment", "staging",
				"--interface", "lo"));
		assertEquals("underlay boot: site fra1 has no environment 'staging'", cli.err().strip());
	}

	@Test
	void theKeyToInstallComesFromTheCredentialsOrIsAskedFor(@TempDir Path dir) {
		assertEquals(1, cli.run("boot", "serve", CliRun.example(), "--site", "fra1", "--environment", "production",
				"--interface", "lo"));
		assertTrue(cli.err().startsWith("underlay boot: no SSH key to install, so the installed machines would refuse "
				+ "the workflow's login: give --authorized-key FILE, or SSH credentials (deploy-key)"), cli::err);
	}

	@Test
	void imagesSaysWhatItCannotBuildOrRead(@TempDir Path dir) {
		assertEquals(1, cli.run("images", "build", "windows-11", "--catalogue", dir.toString()));
		assertEquals("underlay images: no recipe for image 'windows-11'; there is one for: debian-12", cli.err().strip());
		assertEquals(1, cli.run("images", "list", "--catalogue", dir.toString()));
		assertEquals("underlay images: no image catalogue in " + dir + " (manifest.json is missing)", cli.err().strip());
		assertEquals(2, cli.run("images", "build"));
		assertTrue(cli.err().startsWith("usage: underlay images build installer --out DIR"), cli::err);
	}

	@Test
	void everyImageTheDesignNamesIsInItsCatalogue(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("lib.underlay"), """
				package t.lib
				param os.image : string default "debian-12"
				device-type Box { height 1 port eth0 }
				""");
		Files.createDirectories(dir.resolve("sites"));
		Files.writeString(dir.resolve("sites/s.underlay"), """
				package t.site
				import t.lib.*
				site s {
					room r { rack k height 42 {
						server a : Box at 1
						server b : Box at 2 { param os.image = "debian-13" }
					} }
				}
				""");
		assertEquals(0, cli.run("validate", dir.toString()), cli::both);

		Files.createDirectories(dir.resolve("images"));
		Files.writeString(dir.resolve("images/manifest.json"), """
				{"images": [{"name": "debian-12", "version": "12.8", "file": "debian-12.raw.gz", "format": "raw.gz",
				  "sha256": "%s", "size": 10, "disk-bytes": 20}]}
				""".formatted("0".repeat(64)));
		assertEquals(1, cli.run("validate", dir.toString()), cli::both);
		assertEquals(dir.resolve("sites/s.underlay") + ":6:42: error: image 'debian-13' is not in the image catalogue "
				+ "(images/manifest.json has debian-12); did you mean debian-12? [underlay.unknown-image]",
				cli.outLines().get(0));
		assertEquals("validated 2 files: 1 error, 0 warnings", cli.outLines().get(1));

		Files.writeString(dir.resolve("images/manifest.json"), "{\"images\": [{\"name\": \"debian-12\"}]}");
		assertEquals(1, cli.run("validate", dir.toString()), cli::both);
		assertTrue(cli.outLines().get(0).startsWith(dir.resolve("lib.underlay") + ":2:"), cli::out);
		assertTrue(cli.out().contains("the image catalogue " + dir.resolve("images/manifest.json") + " cannot be read: "
				+ dir.resolve("images/manifest.json") + ": image debian-12 has no valid file name"), cli::out);
	}
}
