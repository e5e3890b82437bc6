package org.underlay.ssh.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.ssh.HostKeyPin;
import org.underlay.ssh.SshEndpoint;
import org.underlay.ssh.SshOptions;
import org.underlay.ssh.internal.KnownHostsStore;

/** The known_hosts file: where it lives by default and how it is created (no peer needed). */
class KnownHostsFileTest {

	/** An ed25519 public key blob (not a secret: any 32 bytes make one). */
	private static final String KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIBpCZ8kbI6P0nN5p3xQw5b5wZz2dJvJ1yq4n3s3o7hVf";

	@TempDir
	Path tmp;

	private static String mode(Path p) throws Exception {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
	}

	/** One file per operator, never inside a design repository; OpenSSH's own read besides, never written. */
	@Test
	void theDefaultIsTheOperatorsOwnFile() {
		Path home = Path.of(System.getProperty("user.home"));
		assertEquals(home.resolve(".underlay/known_hosts"), SshOptions.userKnownHosts());
		assertEquals(tmp.resolve(".underlay/known_hosts"), SshOptions.userKnownHosts(tmp));
		SshOptions defaults = SshOptions.defaults();
		assertEquals(SshOptions.userKnownHosts(), defaults.knownHosts());
		assertEquals(List.of(home.resolve(".ssh/known_hosts")), defaults.readOnlyKnownHosts());
		assertEquals(List.of(), defaults.withKnownHosts(tmp.resolve("lab")).readOnlyKnownHosts(),
				"an explicit file is the only one");
	}

	@Test
	void hostKeyPinsAreParsedStrictly() {
		String fp = "SHA256:Owu865jBestanoCC7tt7rpCR94LUc+3Ix4NqtyGAbCs";
		assertEquals(new HostKeyPin(fp, null), HostKeyPin.parse(" " + fp + " "));
		assertEquals(new HostKeyPin(fp, null), HostKeyPin.parse(fp + "="), "padding tolerated");
		HostKeyPin text = HostKeyPin.parse("ssh-ed25519 " + KEY + " root@host");
		assertEquals("ssh-ed25519", text.keyType());
		assertEquals(HostKeyPin.fingerprint(Base64.getDecoder().decode(KEY)), text.fingerprint());
		for (String bad : new String[] { "", "SHA256:short", "MD5:aa:bb", "ssh-rsa " + KEY, "ssh-ed25519 !!!",
				"just words here" }) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostKeyPin.parse(bad));
			assertTrue(e.getMessage().contains("host-key"), e.getMessage());
		}
		assertEquals(null, SshEndpoint.of("h", 22, "u").withHostKey("  ").hostKey());
	}

	/** Which hosts an operator trusts is nobody else's business: the file 0600, a folder it creates 0700. */
	@Test
	void aNewKnownHostsFileIsPrivate() throws Exception {
		Path file = tmp.resolve("home").resolve(".underlay").resolve("known_hosts");
		new KnownHostsStore(file).append("[127.0.0.1]:2222", "ssh-ed25519", Base64.getDecoder().decode(KEY));
		assertTrue(Files.readString(file).startsWith("[127.0.0.1]:2222 ssh-ed25519 AAAAC3"), Files.readString(file));
		assertEquals("rw-------", mode(file));
		assertEquals("rwx------", mode(file.getParent()));
	}
}
