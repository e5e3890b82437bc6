package org.underlay.credentials.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.credentials.CredentialsChain;
import org.underlay.credentials.CredentialsException;
import org.underlay.credentials.CredentialsProvider;
import org.underlay.credentials.EnvironmentCredentials;
import org.underlay.credentials.FileCredentials;
import org.underlay.credentials.MissingCredentialException;
import org.underlay.credentials.Secret;

class CredentialsTest {

	/** Test-only values; never printed (assertion messages below do not include them). */
	private static final String BMC_PASSWORD = "bmc-Test-Pw-9f3e";
	private static final String KEY_PASSPHRASE = "key-Test-Phrase-22a7";
	private static final String FILE_PASSWORD = "file-Test-Pw-c0de";

	@TempDir
	Path tmp;

	private final List<String> texts = new ArrayList<>();

	@Test
	void environmentNamingConvention() throws Exception {
		assertEquals("UNDERLAY_CREDENTIAL_FRA1_BMC", EnvironmentCredentials.variable("fra1-bmc"));
		assertEquals("UNDERLAY_CREDENTIAL_DEPLOY_KEY", EnvironmentCredentials.variable("deploy.key"));
		EnvironmentCredentials env = new EnvironmentCredentials(Map.of(
				"UNDERLAY_CREDENTIAL_FRA1_BMC", BMC_PASSWORD,
				"UNDERLAY_CREDENTIAL_FRA1_BMC_USER", "admin",
				"UNDERLAY_CREDENTIAL_DEPLOY_KEY_USER", "root",
				"UNDERLAY_CREDENTIAL_DEPLOY_KEY_KEY_FILE", "/keys/deploy_ed25519",
				"UNDERLAY_CREDENTIAL_DEPLOY_KEY_PASSPHRASE", KEY_PASSPHRASE));
		try (Secret bmc = env.resolve("fra1-bmc"); Secret key = env.resolve("deploy-key")) {
			assertEquals("fra1-bmc", bmc.name());
			assertEquals(Optional.of("admin"), bmc.user());
			assertArrayEquals(BMC_PASSWORD.toCharArray(), bmc.password());
			assertFalse(bmc.hasPrivateKey());
			assertEquals(Optional.of("root"), key.user());
			assertEquals(Optional.of(Path.of("/keys/deploy_ed25519")), key.keyFile());
			assertArrayEquals(KEY_PASSPHRASE.toCharArray(), key.passphrase().orElseThrow());
			assertFalse(key.hasPassword());
			texts.add(bmc.toString());
			texts.add(key.toString());
			assertEquals("Secret[fra1-bmc, user=admin, password=****]", bmc.toString());
		}
		assertEquals(Optional.empty(), env.find("other"));
		assertNoSecrets();
	}

	@Test
	void missingCredentialNamesItAndWhereItWasLooked() {
		EnvironmentCredentials env = new EnvironmentCredentials(Map.of("UNDERLAY_CREDENTIAL_X", BMC_PASSWORD));
		CredentialsChain chain = CredentialsChain.of(env, new FileCredentials(tmp.resolve("absent.properties")));
		MissingCredentialException e = assertThrows(MissingCredentialException.class, () -> chain.resolve("fra1-bmc"));
		assertEquals("fra1-bmc", e.credentialName());
		assertEquals(CredentialsException.Kind.MISSING, e.kind());
		assertTrue(e.getMessage().contains("'fra1-bmc'"), e.getMessage());
		assertTrue(e.getMessage().contains("UNDERLAY_CREDENTIAL_"), e.getMessage());
		assertTrue(e.getMessage().contains("absent.properties"), e.getMessage());
		texts.add(trace(e));
		assertNoSecrets();
	}

	@Test
	void invalidNamesAreRejected() {
		assertThrows(IllegalArgumentException.class, () -> EnvironmentCredentials.variable("-x"));
		assertThrows(IllegalArgumentException.class, () -> new EnvironmentCredentials(Map.of()).find("a b"));
		assertThrows(IllegalArgumentException.class, () -> Secret.builder("../etc"));
	}

	@Test
	void fileCredentialsFromAPrivateFile() throws Exception {
		Path file = credentialsFile("rw-------");
		FileCredentials f = new FileCredentials(file);
		try (Secret s = f.resolve("fra1-bmc"); Secret k = f.resolve("deploy-key")) {
			assertEquals(Optional.of("admin"), s.user());
			assertArrayEquals(FILE_PASSWORD.toCharArray(), s.password());
			assertEquals(Optional.of(tmp.resolve("keys/deploy_ed25519")), k.keyFile());
			assertArrayEquals(KEY_PASSPHRASE.toCharArray(), k.passphrase().orElseThrow());
			texts.add(s.toString());
			texts.add(k.toString());
		}
		assertEquals(Optional.empty(), f.find("nope"));
		assertNoSecrets();
	}

	@Test
	void fileReadableByOthersIsRefused() throws Exception {
		for (String mode : List.of("rw-r--r--", "rw-rw----", "rw----r--", "rwx---rwx")) {
			Path file = credentialsFile(mode);
			CredentialsException e = assertThrows(CredentialsException.class,
					() -> new FileCredentials(file).resolve("fra1-bmc"));
			assertEquals(CredentialsException.Kind.INSECURE_SOURCE, e.kind());
			assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
			assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
			texts.add(trace(e));
			// the chain does not fall through to the next provider: an insecure file is an error, not "absent"
			CredentialsChain chain = CredentialsChain.of(new FileCredentials(file),
					new EnvironmentCredentials(Map.of("UNDERLAY_CREDENTIAL_FRA1_BMC", BMC_PASSWORD)));
			assertEquals(CredentialsException.Kind.INSECURE_SOURCE,
					assertThrows(CredentialsException.class, () -> chain.resolve("fra1-bmc")).kind());
		}
		assertNoSecrets();
	}

	@Test
	void fileOwnedBySomeoneElseIsRefused() throws Exception {
		Path file = credentialsFile("rw-------");
		if (!"root".equals(System.getProperty("user.name"))) {
			// only root can give a file away; CI runs as root
			return;
		}
		Files.setOwner(file, file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
		CredentialsException e = assertThrows(CredentialsException.class,
				() -> new FileCredentials(file).resolve("fra1-bmc"));
		assertEquals(CredentialsException.Kind.INSECURE_SOURCE, e.kind());
		assertTrue(e.getMessage().contains("owned by 'nobody'"), e.getMessage());
		texts.add(trace(e));
		assertNoSecrets();
	}

	@Test
	void malformedLineIsReportedByNumberNotContent() throws Exception {
		Path file = tmp.resolve("bad.properties");
		Files.writeString(file, "# ok\n" + FILE_PASSWORD + "\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		CredentialsException e = assertThrows(CredentialsException.class,
				() -> new FileCredentials(file).resolve("fra1-bmc"));
		assertEquals(CredentialsException.Kind.INVALID, e.kind());
		assertTrue(e.getMessage().contains("line 2"), e.getMessage());
		texts.add(trace(e));
		assertNoSecrets();
	}

	@Test
	void chainTakesTheFirstProviderThatKnowsTheName() throws Exception {
		CredentialsProvider chain = CredentialsChain.of(
				new EnvironmentCredentials(Map.of("UNDERLAY_CREDENTIAL_FRA1_BMC_USER", "env-user")),
				new FileCredentials(credentialsFile("rw-------")));
		try (Secret s = chain.resolve("fra1-bmc"); Secret k = chain.resolve("deploy-key")) {
			assertEquals(Optional.of("env-user"), s.user());
			assertEquals(Optional.of("root"), k.user());
		}
	}

	@Test
	void secretsAreCopiedAndZeroable() {
		char[] pw = BMC_PASSWORD.toCharArray();
		byte[] key = "-----BEGIN OPENSSH PRIVATE KEY-----test-only".getBytes();
		Secret s = Secret.builder("x").password(pw).privateKey(key).build();
		pw[0] = 'X';
		assertEquals('b', s.password()[0]);
		assertTrue(s.toString().contains("key=****"));
		assertFalse(s.toString().contains("BEGIN"));
		s.destroy();
		assertTrue(s.isDestroyed());
		IllegalStateException e = assertThrows(IllegalStateException.class, s::password);
		assertTrue(e.getMessage().contains("'x'"));
		assertThrows(IllegalStateException.class, s::privateKey);
	}

	private Path credentialsFile(String mode) throws Exception {
		Path file = Files.createTempFile(tmp, "credentials", ".properties");
		Files.writeString(file, "# Underlay credentials\n"
				+ "fra1-bmc.user = admin\n"
				+ "fra1-bmc.password = " + FILE_PASSWORD + "\n"
				+ "\n"
				+ "deploy-key.user=root\n"
				+ "deploy-key.keyFile = keys/deploy_ed25519\n"
				+ "deploy-key.passphrase = " + KEY_PASSPHRASE + "\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
		return file;
	}

	private static String trace(Throwable e) {
		StringWriter w = new StringWriter();
		e.printStackTrace(new PrintWriter(w));
		return e + "\n" + w;
	}

	private void assertNoSecrets() {
		for (String text : texts) {
			for (String secret : List.of(BMC_PASSWORD, KEY_PASSPHRASE, FILE_PASSWORD)) {
				// never print the text: it would show the secret if this fails
				assertFalse(text.contains(secret), "a message, trace or toString contains a test secret");
			}
		}
		assertInstanceOf(List.class, texts);
	}
}
