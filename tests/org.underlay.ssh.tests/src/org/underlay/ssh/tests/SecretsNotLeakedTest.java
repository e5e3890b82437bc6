package org.underlay.ssh.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.credentials.CredentialsChain;
import org.underlay.credentials.CredentialsException;
import org.underlay.credentials.CredentialsProvider;
import org.underlay.credentials.EnvironmentCredentials;
import org.underlay.credentials.FileCredentials;
import org.underlay.credentials.Secret;
import org.underlay.ssh.ExecResult;
import org.underlay.ssh.HostKeyVerifier;
import org.underlay.ssh.OutputListener;
import org.underlay.ssh.SshClient;
import org.underlay.ssh.SshEndpoint;
import org.underlay.ssh.SshException;
import org.underlay.ssh.SshOptions;
import org.underlay.ssh.SshSession;
import org.underlay.testing.ssh.MinaSshServer;
import org.underlay.testing.ssh.OpenSshServer;
import org.underlay.testing.ssh.SshTestKeys;
import org.underlay.testing.ssh.SshTestKeys.KeyPairFiles;
import org.underlay.testing.ssh.SshTestServer;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Logger;

/**
 * A full scenario on both servers (credentials from a 0600 file and the environment, key with passphrase, inline key,
 * password, exec, upload, wrong passphrase, wrong password, wrong key, unknown and missing credentials), with
 * System.out/err captured and JSch's own log at full verbosity; then every text it produced — captured output, JSch
 * log, sshd's log, exception messages and stack traces, toString()s, command output, known_hosts — is searched
 * for the test secrets in plain, Base64 and as private-key lines.
 */
class SecretsNotLeakedTest {

	/** Test-only password for MINA's password user; never printed. */
	private static final String PASSWORD = "leak-Check-Pw-5b2f";

	@TempDir
	Path tmp;

	@Test
	void noSecretInAnyLogOutputOrMessage() throws Exception {
		List<String> texts = new ArrayList<>();
		StringBuilder jschLog = new StringBuilder();
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		PrintStream oldOut = System.out;
		PrintStream oldErr = System.err;
		KeyPairFiles plain = SshTestKeys.generate(tmp, "id_plain", "ecdsa", false);
		KeyPairFiles encrypted = SshTestKeys.generate(tmp, "id_enc", "ecdsa", true);
		Path credentials = tmp.resolve("credentials.properties");
		Files.writeString(credentials, "mina-pw.password = " + PASSWORD + "\n"
				+ "deploy-key.keyFile = id_enc\n"
				+ "deploy-key.passphrase = " + new String(SshTestKeys.passphrase()) + "\n");
		Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
		Map<String, String> env = Map.of("UNDERLAY_CREDENTIAL_WRONG_PHRASE_KEY_FILE", encrypted.privateKey().toString(),
				"UNDERLAY_CREDENTIAL_WRONG_PHRASE_PASSPHRASE", "not-" + new String(SshTestKeys.passphrase()),
				"UNDERLAY_CREDENTIAL_WRONG_PW", "x" + PASSWORD);
		CredentialsProvider provider = CredentialsChain.of(new EnvironmentCredentials(env),
				new FileCredentials(credentials));
		Path knownHosts = tmp.resolve("known_hosts");
		System.setOut(new PrintStream(new Tee(oldOut, captured), true));
		System.setErr(new PrintStream(new Tee(oldErr, captured), true));
		JSch.setLogger(new Logger() {
			@Override
			public boolean isEnabled(int level) {
				return true;
			}

			@Override
			public void log(int level, String message) {
				synchronized (jschLog) {
					jschLog.append(level).append(' ').append(message).append('\n');
				}
			}
		});
		List<SshTestServer> servers = new ArrayList<>();
		try {
			OpenSshServer openssh = OpenSshServer.start();
			MinaSshServer mina = MinaSshServer.start();
			mina.allowPassword(mina.user(), PASSWORD.toCharArray());
			servers.add(openssh);
			servers.add(mina);
			SshOptions options = SshOptions.defaults().withKnownHosts(knownHosts)
					.withHostKeyVerifier(HostKeyVerifier.ACCEPT_NEW).withConnectTimeout(Duration.ofSeconds(10));
			try (SshClient client = new SshClient(options)) {
				for (SshTestServer server : servers) {
					server.authorize(plain.publicKeyLine());
					server.authorize(encrypted.publicKeyLine());
					SshEndpoint ep = SshEndpoint.of(server.host(), server.port(), server.user());
					List<String> names = new ArrayList<>(List.of("deploy-key", "wrong-phrase", "wrong-pw", "absent"));
					if (server == mina) {
						names.add("mina-pw");
					}
					for (String name : names) {
						try (Secret secret = provider.resolve(name)) {
							texts.add(secret.toString());
							try (SshSession s = client.connect(ep, secret)) {
								texts.add(s.toString());
								ExecResult r = s.exec("echo hello; echo warn >&2", Duration.ofSeconds(10),
										OutputListener.lines(System.out::println),
										OutputListener.lines(System.err::println));
								texts.add(r.toString());
								s.upload("data\n".getBytes(StandardCharsets.UTF_8),
										tmp.resolve("up-" + server.kind()).toString(), "0600", Duration.ofSeconds(10));
							}
						} catch (SshException | CredentialsException e) {
							texts.add(trace(e));
							e.printStackTrace();
						}
					}
					try (Secret inline = Secret.builder("inline").privateKey(plain.privateKeyBytes()).build();
							SshSession s = client.connect(ep, inline)) {
						texts.add(inline.toString());
						texts.add(s.exec("true", Duration.ofSeconds(10)).toString());
					}
					try (Secret stranger = Secret.builder("stranger").password(("y" + PASSWORD).toCharArray())
							.build()) {
						client.connect(ep, stranger).close();
					} catch (SshException e) {
						texts.add(trace(e));
						System.err.println(e);
					}
				}
			}
		} finally {
			JSch.setLogger(null);
			System.setOut(oldOut);
			System.setErr(oldErr);
			for (SshTestServer s : servers) {
				texts.add(s.log());
				s.close();
			}
		}
		texts.add(captured.toString(StandardCharsets.UTF_8));
		texts.add(jschLog.toString());
		texts.add(Files.readString(knownHosts));
		assertTrue(jschLog.length() > 1000, "JSch logged at full verbosity");
		assertTrue(texts.stream().anyMatch(t -> t.contains("AUTH_FAILED")), "the failures happened");
		assertTrue(texts.stream().anyMatch(t -> t.contains("Accepted publickey")), "sshd's log was read");

		List<String> secrets = new ArrayList<>();
		for (String s : List.of(PASSWORD, new String(SshTestKeys.passphrase()))) {
			secrets.add(s);
			secrets.add(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
		}
		for (String keyFile : List.of(new String(plain.privateKeyBytes(), StandardCharsets.US_ASCII),
				new String(encrypted.privateKeyBytes(), StandardCharsets.US_ASCII))) {
			keyFile.lines().filter(l -> !l.startsWith("-----") && l.length() >= 40).forEach(secrets::add);
		}
		int checked = 0;
		for (String text : texts) {
			for (String secret : secrets) {
				// never print the text: if this fails it holds a secret
				assertFalse(text.contains(secret), "a log, output, message or trace contains a test secret");
				checked++;
			}
		}
		assertEquals(texts.size() * secrets.size(), checked);
	}

	private static String trace(Throwable e) {
		StringWriter w = new StringWriter();
		e.printStackTrace(new PrintWriter(w));
		return e + "\n" + w;
	}

	/** Writes to the original stream and keeps a copy. */
	private static final class Tee extends OutputStream {
		private final OutputStream a;
		private final ByteArrayOutputStream b;

		Tee(OutputStream a, ByteArrayOutputStream b) {
			this.a = a;
			this.b = b;
		}

		@Override
		public synchronized void write(int c) {
			write(new byte[] { (byte) c }, 0, 1);
		}

		@Override
		public synchronized void write(byte[] buf, int off, int len) {
			try {
				a.write(buf, off, len);
			} catch (IOException e) {
				// keep the copy anyway
			}
			b.write(buf, off, len);
		}
	}
}
