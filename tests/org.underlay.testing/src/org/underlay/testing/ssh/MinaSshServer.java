package org.underlay.testing.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;

/**
 * Apache MINA SSHD in-process on {@code 127.0.0.1:0}: a host key generated at start (ECDSA P-256), public key
 * authentication against {@link #authorize(String) authorized} keys (ECDSA or RSA: MINA's Ed25519 support needs
 * net.i2p eddsa, whose bundle imports a JDK-internal package no OSGi framework exports), optional password authentication for one
 * test user, and commands run as local processes ({@code /bin/sh -c}). Starts in ~50 ms.
 */
public final class MinaSshServer implements SshTestServer {

	private final SshServer server;
	private final Path dir;
	private final List<PublicKey> authorized = new CopyOnWriteArrayList<>();
	private volatile String passwordUser;
	private volatile char[] password;
	private final AtomicInteger authenticationAttempts =
			new AtomicInteger();
	private final AtomicInteger passwordAttempts =
			new AtomicInteger();

	private MinaSshServer(Path dir) {
		this.dir = dir;
		this.server = SshServer.setUpDefaultServer();
	}

	public static MinaSshServer start() {
		try {
			MinaSshServer s = new MinaSshServer(Files.createTempDirectory("underlay-mina-"));
			s.server.setHost("127.0.0.1");
			s.server.setPort(0);
			SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(s.dir.resolve("hostkey.ser"));
			keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
			keys.setKeySize(256);
			s.server.setKeyPairProvider(keys);
			s.server.setPublickeyAuthenticator((user, key, session) -> {
				s.authenticationAttempts.incrementAndGet();
				return user.equals(s.user()) && s.authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
			});
			s.server.setPasswordAuthenticator((user, pw, session) -> {
				s.authenticationAttempts.incrementAndGet();
				s.passwordAttempts.incrementAndGet();
				return s.passwordUser != null && s.passwordUser.equals(user) && s.password != null
						&& Arrays.equals(s.password, pw.toCharArray());
			});
			s.server.setKeyboardInteractiveAuthenticator(null);
			s.server.setCommandFactory(ProcessShellCommandFactory.INSTANCE);
			s.server.start();
			return s;
		} catch (IOException e) {
			throw new UncheckedIOException("cannot start MINA SSHD", e);
		}
	}

	@Override
	public String kind() {
		return "mina";
	}

	@Override
	public String host() {
		return "127.0.0.1";
	}

	@Override
	public int port() {
		return server.getPort();
	}

	@Override
	public String user() {
		return System.getProperty("user.name");
	}

	@Override
	public String knownHostsLines() {
		StringBuilder b = new StringBuilder();
		try {
			for (KeyPair kp : server.getKeyPairProvider().loadKeys(null)) {
				b.append("[127.0.0.1]:").append(port()).append(' ')
						.append(PublicKeyEntry.toString(kp.getPublic())).append('\n');
			}
		} catch (IOException | GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
		return b.toString();
	}

	@Override
	public void authorize(String publicKeyLine) {
		try {
			authorized.add(AuthorizedKeyEntry.parseAuthorizedKeyEntry(publicKeyLine)
					.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING));
		} catch (IOException | GeneralSecurityException e) {
			throw new IllegalStateException("MINA cannot use this public key (Ed25519 needs net.i2p.crypto.eddsa,"
					+ " which does not resolve in OSGi: use ECDSA or RSA keys with MINA)", e);
		}
	}

	/** Also accepts password authentication for {@code user} with a copy of {@code pw} (test-only values). */
	public void allowPassword(String user, char[] pw) {
		this.passwordUser = user;
		this.password = pw.clone();
	}

	/** Times a client offered a credential (public key or password) so far: the authenticators were called. */
	public int authenticationAttempts() {
		return authenticationAttempts.get();
	}

	/** Times the password authenticator was called so far. */
	public int passwordAttempts() {
		return passwordAttempts.get();
	}

	/** Closes every session at once and the listener (a peer that dies). */
	@Override
	public void kill() {
		try {
			server.stop(true);
		} catch (IOException e) {
			// already stopping
		}
	}

	/** MINA logs through SLF4J; the tests run without a binding, so nothing is logged. */
	@Override
	public String log() {
		return "";
	}

	@Override
	public Path directory() {
		return dir;
	}

	@Override
	public void close() {
		kill();
		if (password != null) {
			Arrays.fill(password, '\0');
		}
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		} catch (IOException e) {
			// left for the OS's tmp cleaning
		}
	}

	@Override
	public String toString() {
		return "MinaSshServer[127.0.0.1:" + port() + "]";
	}
}
