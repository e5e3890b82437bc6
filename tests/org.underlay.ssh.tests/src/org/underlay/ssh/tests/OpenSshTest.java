package org.underlay.ssh.tests;

import org.underlay.testing.ssh.OpenSshServer;
import org.underlay.testing.ssh.SshTestServer;

/** {@link SshTestBase} against Debian's OpenSSH sshd. */
class OpenSshTest extends SshTestBase {

	@Override
	SshTestServer startServer() {
		return OpenSshServer.start();
	}

	/** sshd at LogLevel VERBOSE logs every offered credential ("Failed"/"Accepted ... for") or an aborted one. */
	@Override
	int authenticationAttempts() {
		return (int) server.log().lines().filter(l -> l.contains("Accepted ") || l.contains("Failed ")
				|| l.contains("Postponed ") || l.contains("authenticating user") || l.contains("Invalid user"))
				.count();
	}

	@Override
	String clientKeyType() {
		return "ed25519";
	}
}
