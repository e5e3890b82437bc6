package org.underlay.ssh.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.underlay.credentials.Secret;
import org.underlay.ssh.SshClient;
import org.underlay.ssh.SshException;
import org.underlay.ssh.SshSession;
import org.underlay.testing.ssh.MinaSshServer;
import org.underlay.testing.ssh.SshTestServer;

/** {@link SshTestBase} against Apache MINA SSHD in-process, plus password authentication (OpenSSH here is key-only). */
class MinaSshTest extends SshTestBase {

	/** Test-only password; never printed. */
	static final String TEST_PASSWORD = "mina-Test-Pw-41d9";

	@Override
	SshTestServer startServer() {
		MinaSshServer s = MinaSshServer.start();
		s.allowPassword(s.user(), TEST_PASSWORD.toCharArray());
		return s;
	}

	@Test
	void passwordAuthentication() throws Exception {
		try (SshClient client = new SshClient(options())) {
			try (Secret pw = Secret.builder("mina-pw").password(TEST_PASSWORD.toCharArray()).build();
					SshSession s = client.connect(endpoint(server), pw)) {
				assertEquals("pw\n", s.exec("echo pw", SHORT).stdout());
			}
			Secret wrong = Secret.builder("mina-pw").password("wrong".toCharArray()).build();
			SshException e = assertThrows(SshException.class, () -> client.connect(endpoint(server), wrong));
			assertEquals(SshException.Kind.AUTH_FAILED, e.kind());
		}
	}

	@Override
	int authenticationAttempts() {
		return ((MinaSshServer) server).authenticationAttempts();
	}

	/** With a password credential and a wrong pin, MINA's password authenticator is never called. */
	@Test
	void wrongPinNeverReachesThePasswordAuthenticator() throws Exception {
		MinaSshServer mina = (MinaSshServer) server;
		int before = mina.passwordAttempts();
		try (SshClient client = new SshClient(options());
				Secret pw = Secret.builder("mina-pw").password(TEST_PASSWORD.toCharArray()).build()) {
			SshException e = assertThrows(SshException.class,
					() -> client.connect(endpoint(server).withHostKey(impostorPin()), pw));
			assertEquals(SshException.Kind.HOST_KEY_MISMATCH, e.kind(), e.getMessage());
			assertEquals(before, mina.passwordAttempts(), "the password went to the server");
			assertFalse(e.getMessage().contains(TEST_PASSWORD));
			client.connect(endpoint(server), pw).close();
			assertEquals(before + 1, mina.passwordAttempts(), "the count works");
		}
	}

	@Override
	String clientKeyType() {
		return "ecdsa";
	}
}
