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
}
