package org.underlay.ssh;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UnixDomainSocketFactory;

import org.underlay.credentials.Secret;
import org.underlay.ssh.internal.CancellableSocketFactory;
import org.underlay.ssh.internal.KnownHostsStore;

/**
 * Opens SSH sessions (JSch). Thread-safe; one client serves many concurrent connections and shares one known_hosts
 * file. Host keys are verified against known_hosts; unknown keys go to the {@link HostKeyVerifier}, changed keys are
 * refused. {@link #close()} stops the client's timer thread; sessions are closed by their owners.
 */
public final class SshClient implements AutoCloseable {

	private final SshOptions options;
	private final KnownHostsStore knownHosts;
	private ScheduledThreadPoolExecutor timer;

	public SshClient(SshOptions options) {
		this.options = options;
		this.knownHosts = new KnownHostsStore(options.knownHosts(), options.readOnlyKnownHosts());
	}

	public SshOptions options() {
		return options;
	}

	/**
	 * Connects, verifies the host key and authenticates within {@link SshOptions#connectTimeout()}. The host key is
	 * checked during the key exchange, before any credential is sent: against the endpoint's pin if it has one (a
	 * match is trusted and recorded in known_hosts, any other key refused with {@link HostKeyMismatchException}),
	 * then against known_hosts (a different key of the same type: {@link HostKeyChangedException}), and an unknown
	 * key without a pin goes to the {@link HostKeyVerifier}.
	 * Authentication uses the secret's private key (file or inline, with its passphrase) and/or password; with
	 * neither, the ssh-agent of {@link SshOptions#agentSocket()}. The user is the endpoint's, else the secret's.
	 *
	 * @param secret the credential; may be null when an agent is configured and the endpoint names the user
	 */
	public SshSession connect(SshEndpoint endpoint, Secret secret) throws SshException {
		String user = endpoint.user() != null ? endpoint.user() : secret == null ? null : secret.user().orElse(null);
		if (user == null) {
			throw new SshException(SshException.Kind.AUTH_FAILED, "no user for " + endpoint
					+ ": give one in the endpoint or the credential" + (secret == null ? "" : " '" + secret.name()
					+ "'"));
		}
		if (Thread.currentThread().isInterrupted()) {
			throw new SshException(SshException.Kind.CANCELLED, "connection to " + endpoint + " cancelled");
		}
		JSch jsch = new JSch();
		KnownHostsStore.Check check = knownHosts.check(endpoint.host(), endpoint.port(), options.hostKeyVerifier(),
				endpoint.hostKey());
		jsch.setHostKeyRepository(check);
		List<String> methods = new ArrayList<>();
		addIdentity(jsch, endpoint, secret, methods);
		Session session;
		try {
			session = jsch.getSession(user, endpoint.host(), endpoint.port());
		} catch (JSchException e) {
			throw new SshException(SshException.Kind.PROTOCOL, "cannot set up a session for " + endpoint, e);
		}
		byte[] password = null;
		if (secret != null && secret.hasPassword()) {
			password = utf8(secret.password());
			session.setPassword(password);
			methods.add("password");
		}
		if (methods.isEmpty()) {
			throw new SshException(SshException.Kind.AUTH_FAILED, "no way to authenticate to " + endpoint
					+ ": the credential" + (secret == null ? "" : " '" + secret.name() + "'")
					+ " has neither a private key nor a password, and no ssh-agent is configured");
		}
		session.setConfig("StrictHostKeyChecking", "yes");
		session.setConfig("PreferredAuthentications", String.join(",", methods));
		if (options.kex() != null) {
			session.setConfig("kex", options.kex());
		}
		preferKnownHostKeyTypes(session, endpoint);
		int connectMillis = (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis());
		// JSch's handshake blocks in socket reads that ignore interrupts: own the socket, and close it if the
		// connecting thread is interrupted, so a cancel takes effect at once instead of at the connect timeout.
		CancellableSocketFactory sockets = new CancellableSocketFactory(connectMillis);
		session.setSocketFactory(sockets);
		Thread caller = Thread.currentThread();
		ScheduledFuture<?> watch = timer().scheduleWithFixedDelay(() -> {
			if (caller.isInterrupted()) {
				sockets.abort();
			}
		}, 20, 20, TimeUnit.MILLISECONDS);
		try {
			if (!options.keepAliveInterval().isZero()) {
				session.setServerAliveInterval((int) options.keepAliveInterval().toMillis());
				session.setServerAliveCountMax(options.keepAliveCountMax());
			}
			session.connect(connectMillis);
			if (!options.keepAliveInterval().isZero()) {
				// JSch leaves the socket timeout at the connect timeout; the keepalive clock is that timeout.
				session.setServerAliveInterval((int) options.keepAliveInterval().toMillis());
			}
		} catch (JSchException e) {
			session.disconnect();
			if (sockets.aborted()) {
				throw new SshException(SshException.Kind.CANCELLED, "connection to " + endpoint + " cancelled", e);
			}
			throw translate(e, endpoint, check, secret);
		} finally {
			watch.cancel(false);
			if (password != null) {
				Arrays.fill(password, (byte) 0);
			}
		}
		if (Thread.currentThread().isInterrupted()) {
			session.disconnect();
			throw new SshException(SshException.Kind.CANCELLED, "connection to " + endpoint + " cancelled");
		}
		return new SshSession(this, endpoint, session);
	}

	private void addIdentity(JSch jsch, SshEndpoint endpoint, Secret secret, List<String> methods)
			throws SshException {
		if (secret != null && secret.hasPrivateKey()) {
			byte[] key = null;
			byte[] passphrase = null;
			try {
				if (secret.privateKey().isPresent()) {
					key = secret.privateKey().get();
				} else {
					key = Files.readAllBytes(secret.keyFile().get());
				}
				passphrase = secret.passphrase().map(SshClient::utf8).orElse(null);
				jsch.addIdentity(secret.name(), key, null, passphrase);
				methods.add("publickey");
			} catch (IOException e) {
				throw new SshException(SshException.Kind.AUTH_FAILED, "cannot read the private key file of credential '"
						+ secret.name() + "' (" + secret.keyFile().orElse(null) + "): " + e.getClass().getSimpleName());
			} catch (JSchException e) {
				// JSch's message can quote key bytes; say only what is wrong.
				throw new SshException(SshException.Kind.AUTH_FAILED, "cannot use the private key of credential '"
						+ secret.name() + "' for " + endpoint + ": wrong passphrase or unsupported key format");
			} finally {
				if (key != null) {
					Arrays.fill(key, (byte) 0);
				}
				if (passphrase != null) {
					Arrays.fill(passphrase, (byte) 0);
				}
			}
		} else if (options.agentSocket() != null) {
			try {
				jsch.setIdentityRepository(new AgentIdentityRepository(
						new SSHAgentConnector(new UnixDomainSocketFactory(), options.agentSocket())));
				methods.add("publickey");
			} catch (AgentProxyException e) {
				throw new SshException(SshException.Kind.AUTH_FAILED, "ssh-agent at " + options.agentSocket()
						+ " is not usable: " + e.getMessage(), e);
			}
		}
	}

	/**
	 * Like OpenSSH: ask for the key types known_hosts holds for this host first, so a known key is checked. With a
	 * pin, known_hosts does not reorder (the pinned key is what counts): a pin given as public key text asks for its
	 * type first, a fingerprint pin keeps JSch's order (ed25519 first, as OpenSSH's).
	 */
	private void preferKnownHostKeyTypes(Session session, SshEndpoint endpoint) {
		String name = endpoint.port() == 22 ? endpoint.host() : "[" + endpoint.host() + "]:" + endpoint.port();
		List<String> known;
		try {
			known = endpoint.hostKey() != null ? List.of() : knownHosts.knownTypes(name);
		} catch (JSchException e) {
			known = List.of(); // known_hosts unreadable: JSch's order
		}
		String pinned = endpoint.hostKey() == null ? null : endpoint.hostKey().keyType();
		if (known.isEmpty() && pinned == null) {
			return;
		}
		List<String> algorithms = List.of(session.getConfig("server_host_key").split(","));
		List<String> order = new ArrayList<>();
		if (pinned != null) {
			algorithms.stream().filter(alg -> signs(alg, pinned)).forEach(order::add);
		}
		for (String alg : algorithms) {
			if (!order.contains(alg) && known.stream().anyMatch(type -> signs(alg, type))) {
				order.add(alg);
			}
		}
		algorithms.stream().filter(alg -> !order.contains(alg)).forEach(order::add);
		session.setConfig("server_host_key", String.join(",", order));
	}

	/** Whether host key algorithm {@code alg} uses keys of {@code type} (rsa-sha2-* signs with ssh-rsa keys). */
	private static boolean signs(String alg, String type) {
		return alg.equals(type) || type.equals("ssh-rsa") && alg.startsWith("rsa-sha2-");
	}

	private SshException translate(JSchException e, SshEndpoint endpoint, KnownHostsStore.Check check, Secret secret) {
		if (check.pinMismatch() != null) {
			return new HostKeyMismatchException(check.pinMismatch(), check.pin());
		}
		if (check.changed() != null) {
			return new HostKeyChangedException(check.changed(), check.changedKnownFingerprint(),
					check.changedIn().toString());
		}
		if (check.refusedUnknown() != null) {
			HostKeyInfo k = check.refusedUnknown();
			String why = check.verifierFailure() != null ? " (the host key verifier failed: "
					+ check.verifierFailure().getClass().getSimpleName() + ")" : "";
			return new SshException(SshException.Kind.HOST_KEY_UNKNOWN, "unknown host key for " + k.hostAndPort()
					+ ": " + k.keyType() + " " + k.fingerprint() + " is not in " + check.file()
					+ " and was not accepted" + why, e);
		}
		Throwable cause = e.getCause();
		String msg = String.valueOf(e.getMessage());
		if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
				|| cause instanceof UnknownHostException) {
			return new SshException(SshException.Kind.UNREACHABLE, "cannot reach " + endpoint + ": "
					+ cause.getMessage(), e);
		}
		if (cause instanceof SocketTimeoutException || msg.contains("timeout") || msg.contains("timed out")) {
			return new SshException(SshException.Kind.TIMEOUT, "no SSH handshake with " + endpoint + " within "
					+ options.connectTimeout().toMillis() + " ms", e);
		}
		if (msg.startsWith("Auth fail") || msg.startsWith("Auth cancel") || msg.contains("USERAUTH fail")) {
			return new SshException(SshException.Kind.AUTH_FAILED, endpoint + " refused authentication"
					+ (secret == null ? " with the ssh-agent's keys" : " with credential '" + secret.name() + "'"), e);
		}
		if (cause instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
			return new SshException(SshException.Kind.CANCELLED, "connection to " + endpoint + " cancelled", e);
		}
		if (msg.contains("closed by foreign host") || cause instanceof IOException) {
			return new SshException(SshException.Kind.CONNECTION_LOST, endpoint + " closed the connection during the"
					+ " handshake: " + msg, e);
		}
		return new SshException(SshException.Kind.PROTOCOL, "SSH handshake with " + endpoint + " failed: " + msg, e);
	}

	synchronized ScheduledExecutorService timer() {
		if (timer == null) {
			timer = new ScheduledThreadPoolExecutor(1, r -> {
				Thread t = new Thread(r, "underlay-ssh-timer");
				t.setDaemon(true);
				return t;
			});
			timer.setRemoveOnCancelPolicy(true);
			timer.setKeepAliveTime(2, TimeUnit.SECONDS);
			timer.allowCoreThreadTimeOut(true);
		}
		return timer;
	}

	/**
	 * Stops the client's timer thread (used for timeouts and cancellation). Sessions still open keep working; the
	 * timer restarts on demand and ends again after 2 s idle.
	 */
	@Override
	public synchronized void close() {
		if (timer != null) {
			timer.shutdownNow();
			timer = null;
		}
	}

	private static byte[] utf8(char[] chars) {
		ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
		byte[] out = new byte[b.remaining()];
		b.get(out);
		if (b.hasArray()) {
			Arrays.fill(b.array(), (byte) 0);
		}
		Arrays.fill(chars, '\0');
		return out;
	}

	@Override
	public String toString() {
		return "SshClient[knownHosts=" + options.knownHosts() + "]";
	}
}
