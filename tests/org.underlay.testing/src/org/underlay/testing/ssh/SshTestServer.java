package org.underlay.testing.ssh;

import java.nio.file.Path;

/**
 * A real SSH server on loopback for tests: {@link OpenSshServer} (Debian's sshd as a process) or
 * {@link MinaSshServer} (Apache MINA SSHD in-process). Tests run against both, like JGit's SshTestBase.
 */
public interface SshTestServer extends AutoCloseable {

	/** "openssh" or "mina", for test names. */
	String kind();

	String host();

	int port();

	/** The user to log in as (the user running the tests). */
	String user();

	/** A known_hosts line for this server's host key(s), with {@code [127.0.0.1]:port}. */
	String knownHostsLines();

	/** Adds a public key line ("ssh-ed25519 AAAA... comment") that may log in. */
	void authorize(String publicKeyLine);

	/** Kills the server and every connection it serves, abruptly (a machine that dies). */
	void kill();

	/** Everything the server logged, for the tests that check logs for secrets. */
	String log();

	/** Stops the server and removes its temporary files. */
	@Override
	void close();

	/** Its state directory (host keys, config, logs). */
	Path directory();
}
