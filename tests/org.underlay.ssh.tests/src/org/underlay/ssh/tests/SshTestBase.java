package org.underlay.ssh.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.credentials.Secret;
import org.underlay.ssh.ExecResult;
import org.underlay.ssh.HostKeyChangedException;
import org.underlay.ssh.HostKeyInfo;
import org.underlay.ssh.HostKeyMismatchException;
import org.underlay.ssh.HostKeyPin;
import org.underlay.ssh.HostKeyVerifier;
import org.underlay.ssh.OutputListener;
import org.underlay.ssh.SshClient;
import org.underlay.ssh.SshEndpoint;
import org.underlay.ssh.SshException;
import org.underlay.ssh.SshOptions;
import org.underlay.ssh.SshSession;
import org.underlay.testing.ssh.SshTestKeys;
import org.underlay.testing.ssh.SshTestKeys.KeyPairFiles;
import org.underlay.testing.ssh.SshTestServer;

/**
 * Every SSH behaviour, run against each real server ({@link OpenSshTest}, {@link MinaSshTest}), like JGit's
 * SshTestBase. One server per class; tests that kill a server start their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SshTestBase {

	static final Duration SHORT = Duration.ofSeconds(10);

	SshTestServer server;
	Path keys;
	KeyPairFiles clientKey;
	KeyPairFiles encryptedKey;

	@TempDir
	Path tmp;
	Path knownHosts;

	abstract SshTestServer startServer();

	/** Client key type: ed25519 for OpenSSH; ECDSA for MINA (its Ed25519 needs net.i2p eddsa, not usable in OSGi). */
	abstract String clientKeyType();

	@BeforeAll
	void startPeer() throws IOException {
		keys = Files.createTempDirectory("underlay-ssh-test-keys-");
		clientKey = SshTestKeys.generate(keys, "id_client", clientKeyType(), false);
		encryptedKey = SshTestKeys.generate(keys, "id_client_enc", clientKeyType(), true);
		server = startServer();
		server.authorize(clientKey.publicKeyLine());
		server.authorize(encryptedKey.publicKeyLine());
	}

	@AfterAll
	void stopPeer() throws IOException {
		if (server != null) {
			server.close();
		}
		for (File f : keys.toFile().listFiles()) {
			f.delete();
		}
		Files.deleteIfExists(keys);
	}

	@BeforeEach
	void knownHosts() throws IOException {
		knownHosts = tmp.resolve("known_hosts");
		Files.writeString(knownHosts, server.knownHostsLines());
	}

	@AfterEach
	void noThreadLeft() throws InterruptedException {
		assertEquals(List.of(), Threads.awaitNoSshThreads(), "SSH threads left behind");
	}

	SshOptions options() {
		return SshOptions.defaults().withKnownHosts(knownHosts).withConnectTimeout(SHORT);
	}

	Secret key() {
		return Secret.builder("deploy-key").keyFile(clientKey.privateKey()).build();
	}

	SshEndpoint endpoint(SshTestServer s) {
		return SshEndpoint.of(s.host(), s.port(), s.user());
	}

	SshSession connect(SshClient client) throws SshException {
		return client.connect(endpoint(server), key());
	}

	// ---- exec ----

	@Test
	void execStreamsStdoutAndStderrAndReturnsExitStatus() throws Exception {
		List<String> out = Collections.synchronizedList(new ArrayList<>());
		List<String> err = Collections.synchronizedList(new ArrayList<>());
		try (SshClient client = new SshClient(options()); SshSession s = connect(client)) {
			ExecResult r = s.exec("echo out1; echo err1 >&2; printf 'out2'; exit 7", SHORT,
					OutputListener.lines(out::add), OutputListener.lines(err::add));
			assertEquals(7, r.exitStatus());
			assertFalse(r.succeeded());
			assertEquals(List.of("out1", "out2"), out);
			assertEquals(List.of("err1"), err);
			assertEquals("out1\nout2", r.stdout());
			assertEquals("err1\n", r.stderr());
			assertEquals(0, s.exec("true", SHORT).exitStatus());
			assertEquals(1, s.exec("false", SHORT).exitStatus());
		}
	}

	@Test
	void outputArrivesWhileTheCommandRuns() throws Exception {
		AtomicLong firstLineAt = new AtomicLong();
		long start = System.nanoTime();
		try (SshClient client = new SshClient(options()); SshSession s = connect(client)) {
			ExecResult r = s.exec("echo first; sleep 1.5; echo second", SHORT, OutputListener.lines(l -> {
				if (l.equals("first")) {
					firstLineAt.set(System.nanoTime());
				}
			}), OutputListener.NONE);
			long end = System.nanoTime();
			assertEquals(0, r.exitStatus());
			assertTrue(firstLineAt.get() > 0);
			assertTrue(end - firstLineAt.get() > TimeUnit.MILLISECONDS.toNanos(1000),
					"the first line came only " + (end - firstLineAt.get()) / 1_000_000 + " ms before the end");
			assertTrue(firstLineAt.get() - start < end - start);
		}
	}

	@Test
	void concurrentCommandsOnOneSession() throws Exception {
		try (SshClient client = new SshClient(options()); SshSession s = connect(client)) {
			List<CompletableFuture<ExecResult>> runs = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				String cmd = "sleep 0.3; echo " + i;
				runs.add(CompletableFuture.supplyAsync(() -> {
					try {
						return s.exec(cmd, SHORT);
					} catch (SshException e) {
						throw new IllegalStateException(e);
					}
				}));
			}
			for (int i = 0; i < 5; i++) {
				assertEquals(i + "\n", runs.get(i).get(10, TimeUnit.SECONDS).stdout());
			}
		}
	}

	@Test
	void commandTimeoutEndsQuicklyAndTheSessionStaysUsable() throws Exception {
		try (SshClient client = new SshClient(options()); SshSession s = connect(client)) {
			long t0 = System.nanoTime();
			SshException e = assertThrows(SshException.class, () -> s.exec("sleep 30", Duration.ofSeconds(1)));
			long ms = (System.nanoTime() - t0) / 1_000_000;
			assertEquals(SshException.Kind.TIMEOUT, e.kind());
			assertTrue(ms >= 990 && ms < 3000, "timed out after " + ms + " ms");
			assertTrue(e.getMessage().contains("sleep 30"), e.getMessage());
			assertEquals("again\n", s.exec("echo again", SHORT).stdout());
		}
	}

	@Test
	void interruptCancelsACommand() throws Exception {
		try (SshClient client = new SshClient(options()); SshSession s = connect(client)) {
			AtomicReference<Throwable> failure = new AtomicReference<>();
			Thread t = new Thread(() -> {
				try {
					s.exec("sleep 30", Duration.ofSeconds(30));
				} catch (Throwable e) {
					failure.set(e);
				}
			});
			t.start();
			Thread.sleep(500);
			long t0 = System.nanoTime();
			t.interrupt();
			t.join(3000);
			assertFalse(t.isAlive(), "exec did not return after the interrupt");
			assertTrue((System.nanoTime() - t0) / 1_000_000 < 1000);
			SshException e = assertInstanceOf(SshException.class, failure.get());
			assertEquals(SshException.Kind.CANCELLED, e.kind());
			assertTrue(s.isConnected());
		}
	}

	// ---- upload ----

	@Test
	void uploadWritesContentAndMode() throws Exception {
		Path target = tmp.resolve("uploaded.sh");
		byte[] content = new byte[200_000];
		for (int i = 0; i < content.length; i++) {
			content[i] = (byte) ('a' + i % 26);
		}
		try (SshClient client = new SshClient(options()); SshSession s = connect(client)) {
			s.upload(content, target.toString(), "0750", SHORT);
			assertEquals(new String(content, StandardCharsets.US_ASCII), Files.readString(target));
			assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
			Path local = tmp.resolve("local.txt");
			Files.writeString(local, "hello\n");
			s.upload(local, tmp.resolve("copy.txt").toString(), SHORT);
			assertEquals("hello\n", Files.readString(tmp.resolve("copy.txt")));
			SshException e = assertThrows(SshException.class,
					() -> s.upload(content, "/nonexistent-dir-underlay/f", "0644", SHORT));
			assertEquals(SshException.Kind.PROTOCOL, e.kind());
			assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
		}
	}

	// ---- authentication ----

	@Test
	void inlineKeyMaterialAndEncryptedKeys() throws Exception {
		try (SshClient client = new SshClient(options())) {
			try (Secret inline = Secret.builder("inline").privateKey(clientKey.privateKeyBytes()).build();
					SshSession s = client.connect(endpoint(server), inline)) {
				assertEquals(0, s.exec("true", SHORT).exitStatus());
			}
			try (Secret enc = Secret.builder("enc").keyFile(encryptedKey.privateKey())
					.passphrase(SshTestKeys.passphrase()).build();
					SshSession s = client.connect(endpoint(server), enc)) {
				assertEquals(0, s.exec("true", SHORT).exitStatus());
			}
			Secret wrong = Secret.builder("enc").keyFile(encryptedKey.privateKey())
					.passphrase("not-the-passphrase".toCharArray()).build();
			SshException e = assertThrows(SshException.class, () -> client.connect(endpoint(server), wrong));
			assertEquals(SshException.Kind.AUTH_FAILED, e.kind());
			assertTrue(e.getMessage().contains("'enc'"), e.getMessage());
		}
	}

	@Test
	void wrongKeyIsAuthFailed() throws Exception {
		KeyPairFiles stranger = SshTestKeys.generate(tmp, "stranger", clientKeyType(), false);
		try (SshClient client = new SshClient(options())) {
			long t0 = System.nanoTime();
			SshException e = assertThrows(SshException.class, () -> client.connect(endpoint(server),
					Secret.builder("stranger-key").keyFile(stranger.privateKey()).build()));
			assertEquals(SshException.Kind.AUTH_FAILED, e.kind());
			assertTrue(e.getMessage().contains("stranger-key"), e.getMessage());
			assertTrue((System.nanoTime() - t0) / 1_000_000 < SHORT.toMillis());
		}
	}

	@Test
	void userComesFromTheCredentialWhenTheEndpointHasNone() throws Exception {
		try (SshClient client = new SshClient(options());
				Secret s = Secret.builder("k").user(server.user()).keyFile(clientKey.privateKey()).build();
				SshSession session = client.connect(SshEndpoint.of(server.host(), server.port(), null), s)) {
			assertEquals(0, session.exec("true", SHORT).exitStatus());
		}
	}

	@Test
	void agentAuthentication() throws Exception {
		Path sock = tmp.resolve("agent.sock");
		Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", sock.toString())
				.redirectErrorStream(true).redirectOutput(tmp.resolve("agent.log").toFile()).start();
		try {
			for (int i = 0; i < 100 && !Files.exists(sock); i++) {
				Thread.sleep(20);
			}
			ProcessBuilder add = new ProcessBuilder("ssh-add", clientKey.privateKey().toString())
					.redirectErrorStream(true).redirectOutput(tmp.resolve("ssh-add.log").toFile());
			add.environment().put("SSH_AUTH_SOCK", sock.toString());
			assertEquals(0, add.start().waitFor());
			try (SshClient client = new SshClient(options().withAgent(sock));
					SshSession s = client.connect(endpoint(server), null)) {
				assertEquals("agent\n", s.exec("echo agent", SHORT).stdout());
			}
		} finally {
			agent.destroy();
			agent.waitFor(5, TimeUnit.SECONDS);
		}
	}

	// ---- host keys ----

	@Test
	void unknownHostKeyIsRefusedByDefault() throws Exception {
		Files.delete(knownHosts);
		try (SshClient client = new SshClient(options())) {
			SshException e = assertThrows(SshException.class, () -> connect(client));
			assertEquals(SshException.Kind.HOST_KEY_UNKNOWN, e.kind());
			assertTrue(e.getMessage().contains("SHA256:"), e.getMessage());
			assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
			assertFalse(Files.exists(knownHosts), "a refused key must not be recorded");
		}
	}

	@Test
	void trustOnFirstUseAsksOnceAndRecordsTheKey() throws Exception {
		Files.writeString(knownHosts, "# operator's comment\n");
		List<HostKeyInfo> asked = Collections.synchronizedList(new ArrayList<>());
		HostKeyVerifier verifier = key -> {
			asked.add(key);
			return true;
		};
		try (SshClient client = new SshClient(options().withHostKeyVerifier(verifier))) {
			connect(client).close();
			assertEquals(1, asked.size());
			HostKeyInfo k = asked.get(0);
			assertEquals(server.port(), k.port());
			assertTrue(k.fingerprint().startsWith("SHA256:"));
			assertTrue(server.knownHostsLines().contains(k.keyType()));
			String file = Files.readString(knownHosts);
			assertTrue(file.startsWith("# operator's comment\n"), "known_hosts rewritten: " + file);
			assertTrue(file.contains("[127.0.0.1]:" + server.port() + " " + k.keyType() + " "), file);
			connect(client).close();
			assertEquals(1, asked.size(), "a recorded key must not be asked again");
		}
		// Another client (a new run) reads it from the file.
		try (SshClient client = new SshClient(options()); SshSession s = connect(client)) {
			assertTrue(s.isConnected());
		}
	}

	@Test
	void concurrentFirstConnectionsRecordTheKeyOnce() throws Exception {
		Files.delete(knownHosts);
		AtomicLong asked = new AtomicLong();
		HostKeyVerifier countingVerifier = key -> {
			asked.incrementAndGet();
			return true;
		};
		try (SshClient client = new SshClient(options().withHostKeyVerifier(countingVerifier))) {
			List<CompletableFuture<Void>> runs = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				runs.add(CompletableFuture.runAsync(() -> {
					try (SshSession s = connect(client)) {
						s.exec("true", SHORT);
					} catch (SshException e) {
						throw new IllegalStateException(e);
					}
				}));
			}
			for (CompletableFuture<Void> r : runs) {
				r.get(30, TimeUnit.SECONDS);
			}
		}
		List<String> lines = Files.readAllLines(knownHosts);
		assertEquals(1, lines.size(), "one line per host key, however many connections raced: " + lines);
		assertEquals(1, asked.get(), "the user is asked once per host");
	}

	@Test
	void verifierSayingNoRefuses() throws Exception {
		Files.delete(knownHosts);
		try (SshClient client = new SshClient(options().withHostKeyVerifier(key -> false))) {
			assertEquals(SshException.Kind.HOST_KEY_UNKNOWN,
					assertThrows(SshException.class, () -> connect(client)).kind());
		}
	}

	@Test
	void changedHostKeyIsRefusedNamingHostAndFingerprints() throws Exception {
		String[] imp = otherKeyOfTheServersType("impostor").publicKeyLine().split(" ");
		Files.writeString(knownHosts, "[127.0.0.1]:" + server.port() + " " + imp[0] + " " + imp[1] + "\n");
		List<HostKeyInfo> asked = new ArrayList<>();
		try (SshClient client = new SshClient(options().withHostKeyVerifier(k -> asked.add(k)))) {
			SshException e = assertThrows(SshException.class, () -> connect(client));
			assertEquals(SshException.Kind.HOST_KEY_CHANGED, e.kind());
			HostKeyChangedException c = assertInstanceOf(HostKeyChangedException.class, e);
			assertNotNull(c.presented());
			assertTrue(c.getMessage().contains("127.0.0.1:" + server.port()), c.getMessage());
			assertTrue(c.getMessage().contains(c.presented().fingerprint()), c.getMessage());
			assertTrue(c.getMessage().contains(c.knownFingerprint()), c.getMessage());
			assertTrue(c.knownFingerprint().startsWith("SHA256:"), c.knownFingerprint());
			assertFalse(c.knownFingerprint().equals(c.presented().fingerprint()));
			assertEquals(List.of(), asked, "a changed key must never go to the trust-on-first-use callback");
		}
	}

	/** The operator's ~/.ssh/known_hosts (read-only here) is trusted, and never written. */
	@Test
	void readOnlyKnownHostsAreTrustedButNeverWritten() throws Exception {
		Path own = tmp.resolve("underlay").resolve("known_hosts");
		Path openssh = tmp.resolve("ssh-known_hosts");
		Files.writeString(openssh, server.knownHostsLines());
		SshOptions opts = options().withKnownHosts(own).withReadOnlyKnownHosts(List.of(openssh));
		try (SshClient client = new SshClient(opts); SshSession s = connect(client)) {
			assertEquals(0, s.exec("true", SHORT).exitStatus());
		}
		assertFalse(Files.exists(own), "nothing to record");
		Files.writeString(openssh, "# no keys\n");
		try (SshClient client = new SshClient(opts.withHostKeyVerifier(HostKeyVerifier.ACCEPT_NEW))) {
			connect(client).close();
		}
		assertEquals("# no keys\n", Files.readString(openssh), "a read-only file was written");
		assertTrue(Files.readString(own).contains(serverKeyText()), "the accepted key goes to the own file");
	}

	// ---- host key pin ----

	/**
	 * Authentication attempts the server has seen so far (MINA: its authenticators were called; OpenSSH: "Accepted",
	 * "Failed" and "authenticating user" lines in its log).
	 */
	abstract int authenticationAttempts();

	/** The server's host key as a known_hosts line's last two fields: "type base64". */
	String serverKeyText() {
		String[] f = server.knownHostsLines().lines().findFirst().orElseThrow().split(" ");
		return f[1] + " " + f[2];
	}

	String serverFingerprint() {
		return HostKeyPin.fingerprint(Base64.getDecoder().decode(serverKeyText().split(" ")[1]));
	}

	/** Another key pair of the server's host key type, as ssh-keygen names the type. */
	KeyPairFiles otherKeyOfTheServersType(String name) {
		String type = serverKeyText().split(" ")[0];
		return SshTestKeys.generate(tmp, name, type.equals("ssh-ed25519") ? "ed25519"
				: type.startsWith("ecdsa") ? "ecdsa" : "rsa", false);
	}

	/** A fingerprint pin of some other key of the server's type. */
	HostKeyPin impostorPin() {
		String fingerprint = HostKeyPin.parse(otherKeyOfTheServersType("impostor").publicKeyLine()).fingerprint();
		return HostKeyPin.parse(fingerprint);
	}

	/** OpenSSH logs a little after the connection ends: wait until the count settles. */
	int settledAuthenticationAttempts() throws InterruptedException {
		int last = authenticationAttempts();
		for (int i = 0; i < 10; i++) {
			Thread.sleep(50);
			int now = authenticationAttempts();
			if (now == last && i >= 3) {
				return now;
			}
			last = now;
		}
		return last;
	}

	/** A pin is explicit trust: no known_hosts entry needed, the verifier (REJECT_UNKNOWN) not asked, key recorded. */
	@Test
	void rightPinConnectsWithAnEmptyKnownHostsAndRecordsTheKey() throws Exception {
		Files.writeString(knownHosts, "");
		try (SshClient client = new SshClient(options().withHostKeyVerifier(HostKeyVerifier.REJECT_UNKNOWN))) {
			try (SshSession s = client.connect(endpoint(server).withHostKey(serverFingerprint()), key())) {
				assertEquals("pinned\n", s.exec("echo pinned", SHORT).stdout());
			}
			String file = Files.readString(knownHosts);
			assertTrue(file.contains("[127.0.0.1]:" + server.port() + " " + serverKeyText()), file);
			// recorded: now known without the pin
			client.connect(endpoint(server), key()).close();
		}
	}

	@Test
	void rightPinAsPublicKeyTextConnects() throws Exception {
		Files.delete(knownHosts);
		List<HostKeyInfo> asked = new ArrayList<>();
		try (SshClient client = new SshClient(options().withHostKeyVerifier(k -> {
			asked.add(k);
			return false;
		}));
				SshSession s = client.connect(endpoint(server).withHostKey(serverKeyText() + " root@host"), key())) {
			assertEquals(0, s.exec("true", SHORT).exitStatus());
			assertEquals(List.of(), asked, "a pinned key must not go to the trust-on-first-use callback");
		}
	}

	/** Even a key known_hosts trusts is refused when the pin names another, before any credential is offered. */
	@Test
	void wrongPinIsRefusedBeforeAnyCredentialIsSent() throws Exception {
		HostKeyPin wrong = impostorPin();
		String before = Files.readString(knownHosts);
		int attempts = settledAuthenticationAttempts();
		try (SshClient client = new SshClient(options().withHostKeyVerifier(HostKeyVerifier.ACCEPT_NEW))) {
			SshException e = assertThrows(SshException.class,
					() -> client.connect(endpoint(server).withHostKey(wrong), key()));
			assertEquals(SshException.Kind.HOST_KEY_MISMATCH, e.kind(), e.getMessage());
			HostKeyMismatchException m = assertInstanceOf(HostKeyMismatchException.class, e);
			assertEquals(wrong, m.expected());
			assertEquals(serverFingerprint(), m.presented().fingerprint());
			assertTrue(e.getMessage().contains(wrong.fingerprint()), e.getMessage());
			assertTrue(e.getMessage().contains(serverFingerprint()), e.getMessage());
			assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
			assertEquals(attempts, settledAuthenticationAttempts(), "the server saw an authentication attempt");
			assertEquals(before, Files.readString(knownHosts), "known_hosts changed");
			// the detector is not blind: the right pin authenticates and is counted
			client.connect(endpoint(server).withHostKey(serverFingerprint()), key()).close();
			assertTrue(settledAuthenticationAttempts() > attempts, "authentication not seen by the check");
		}
	}

	/** A pin does not override a different key known_hosts holds for the host (remove the stale entry first). */
	@Test
	void matchingPinDoesNotOverrideAChangedKnownHostsEntry() throws Exception {
		String[] old = otherKeyOfTheServersType("old-host-key").publicKeyLine().split(" ");
		Files.writeString(knownHosts, "[127.0.0.1]:" + server.port() + " " + old[0] + " " + old[1] + "\n");
		try (SshClient client = new SshClient(options())) {
			SshException e = assertThrows(SshException.class,
					() -> client.connect(endpoint(server).withHostKey(serverFingerprint()), key()));
			assertEquals(SshException.Kind.HOST_KEY_CHANGED, e.kind(), e.getMessage());
		}
	}

	// ---- faults ----

	@Test
	void nothingListeningIsUnreachable() throws Exception {
		int port;
		try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = s.getLocalPort();
		}
		try (SshClient client = new SshClient(options())) {
			long t0 = System.nanoTime();
			SshException e = assertThrows(SshException.class,
					() -> client.connect(SshEndpoint.of("127.0.0.1", port, "root"), key()));
			assertEquals(SshException.Kind.UNREACHABLE, e.kind());
			assertTrue((System.nanoTime() - t0) / 1_000_000 < 2000);
		}
	}

	@Test
	void peerThatNeverAnswersTimesOut() throws Exception {
		try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
			List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());
			Thread acceptor = new Thread(() -> {
				try {
					while (true) {
						accepted.add(silent.accept());
					}
				} catch (IOException e) {
					// closed
				}
			});
			acceptor.start();
			try (SshClient client = new SshClient(options().withConnectTimeout(Duration.ofSeconds(1)))) {
				long t0 = System.nanoTime();
				SshException e = assertThrows(SshException.class,
						() -> client.connect(SshEndpoint.of("127.0.0.1", silent.getLocalPort(), "root"), key()));
				long ms = (System.nanoTime() - t0) / 1_000_000;
				assertEquals(SshException.Kind.TIMEOUT, e.kind());
				assertTrue(ms < 3000, "took " + ms + " ms");
			} finally {
				silent.close();
				acceptor.join(2000);
				for (Socket s : accepted) {
					s.close();
				}
			}
		}
	}

	@Test
	void interruptCancelsAConnectThatHangsInTheHandshake() throws Exception {
		try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
				SshClient client = new SshClient(options().withConnectTimeout(Duration.ofSeconds(20)))) {
			AtomicReference<Throwable> failure = new AtomicReference<>();
			Thread t = new Thread(() -> {
				try {
					client.connect(SshEndpoint.of("127.0.0.1", silent.getLocalPort(), "root"), key()).close();
				} catch (Throwable e) {
					failure.set(e);
				}
			});
			t.start();
			Socket accepted = silent.accept();
			Thread.sleep(200);
			long t0 = System.nanoTime();
			t.interrupt();
			t.join(3000);
			accepted.close();
			assertFalse(t.isAlive(), "connect did not return after the interrupt");
			assertTrue((System.nanoTime() - t0) / 1_000_000 < 1000);
			assertEquals(SshException.Kind.CANCELLED, assertInstanceOf(SshException.class, failure.get()).kind());
		}
	}

	@Test
	void serverKilledMidCommandIsConnectionLostWithinTheTimeout() throws Exception {
		SshTestServer victim = startServer();
		try {
			victim.authorize(clientKey.publicKeyLine());
			Files.writeString(knownHosts, victim.knownHostsLines());
			try (SshClient client = new SshClient(options());
					SshSession s = client.connect(endpoint(victim), key())) {
				CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
					try {
						Thread.sleep(500);
					} catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
					victim.kill();
				});
				long t0 = System.nanoTime();
				SshException e = assertThrows(SshException.class, () -> s.exec("sleep 30", Duration.ofSeconds(10)));
				long ms = (System.nanoTime() - t0) / 1_000_000;
				killer.get(10, TimeUnit.SECONDS);
				assertEquals(SshException.Kind.CONNECTION_LOST, e.kind(), e.toString());
				assertTrue(ms < 5000, "took " + ms + " ms");
				assertFalse(s.isConnected());
				SshException again = assertThrows(SshException.class, () -> s.exec("true", SHORT));
				assertEquals(SshException.Kind.CONNECTION_LOST, again.kind());
			}
		} finally {
			victim.close();
		}
	}

	@Test
	void keepaliveDetectsAFrozenPeer() throws Exception {
		try (FreezableProxy proxy = FreezableProxy.start(server.port())) {
			Files.writeString(knownHosts, server.knownHostsLines().replace("]:" + server.port() + " ",
					"]:" + proxy.port() + " "));
			SshOptions o = options().withKeepAlive(Duration.ofMillis(300), 2);
			try (SshClient client = new SshClient(o);
					SshSession s = client.connect(SshEndpoint.of("127.0.0.1", proxy.port(), server.user()), key())) {
				assertEquals(0, s.exec("true", SHORT).exitStatus());
				proxy.freeze();
				long t0 = System.nanoTime();
				SshException e = assertThrows(SshException.class, () -> s.exec("sleep 30", Duration.ofSeconds(20)));
				long ms = (System.nanoTime() - t0) / 1_000_000;
				assertTrue(e.kind() == SshException.Kind.CONNECTION_LOST || e.kind() == SshException.Kind.TIMEOUT,
						e.toString());
				assertEquals(SshException.Kind.CONNECTION_LOST, e.kind(), e.toString());
				assertTrue(ms < 5000, "keepalive took " + ms + " ms to notice");
			}
		}
	}

	@Test
	void closingTheSessionCancelsARunningCommand() throws Exception {
		try (SshClient client = new SshClient(options())) {
			SshSession s = connect(client);
			CompletableFuture.runAsync(() -> {
				try {
					Thread.sleep(400);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				s.close();
			});
			SshException e = assertThrows(SshException.class, () -> s.exec("sleep 30", Duration.ofSeconds(10)));
			assertEquals(SshException.Kind.CANCELLED, e.kind(), e.toString());
		}
	}
}
