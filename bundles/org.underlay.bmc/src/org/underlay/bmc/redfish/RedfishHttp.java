package org.underlay.bmc.redfish;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.internal.Deadline;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * HTTP exchanges with one BMC over java.net.http: one request at a time, each bounded by the caller's deadline,
 * ended by interruption or {@link #abort()}, every failure turned into a typed {@link BmcException} whose message
 * names the BMC. Holds the authentication header; never puts it (or any request body) into a message.
 */
final class RedfishHttp {

	/** A response: status, headers, and the JSON body if there is one. */
	record Reply(int status, HttpResponse<byte[]> response, JsonObject json) {
		Optional<String> header(String name) {
			return response.headers().firstValue(name);
		}

		boolean ok() {
			return status / 100 == 2;
		}
	}

	private static final AtomicInteger CLIENTS = new AtomicInteger();
	private static final int MAX_BODY = 8 * 1024 * 1024;

	final BmcEndpoint endpoint;
	final URI base;
	private final RedfishTls tls;
	private final ThreadPoolExecutor executor;
	/** Dropped on shutdown: on Java 17 the client's selector thread ends once the client is unreachable. */
	private volatile HttpClient client;
	private volatile String authHeaderName;
	private volatile String authHeaderValue;
	private volatile CompletableFuture<?> inFlight;
	private volatile boolean aborted;

	RedfishHttp(BmcEndpoint endpoint, URI base, RedfishTls tls) {
		this.endpoint = endpoint;
		this.base = base;
		this.tls = tls;
		int id = CLIENTS.incrementAndGet();
		AtomicInteger n = new AtomicInteger();
		// one worker for the client's asynchronous steps, gone when idle; the caller's thread does the waiting
		this.executor = new ThreadPoolExecutor(1, 1, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
			Thread t = new Thread(r, "redfish-" + id + "-" + n.incrementAndGet());
			t.setDaemon(true);
			return t;
		});
		executor.allowCoreThreadTimeOut(true);
		HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
				.followRedirects(HttpClient.Redirect.NEVER).connectTimeout(endpoint.timeout()).executor(executor);
		if (tls != null) {
			b.sslContext(tls.context);
		}
		this.client = b.build();
	}

	void authenticateWith(String headerName, String headerValue) {
		this.authHeaderName = headerName;
		this.authHeaderValue = headerValue;
	}

	void clearAuthentication() {
		this.authHeaderName = null;
		this.authHeaderValue = null;
	}

	/** Ends the exchange in flight (its caller gets CANCELLED) and refuses new ones. */
	void abort() {
		aborted = true;
		CompletableFuture<?> f = inFlight;
		if (f != null) {
			f.cancel(true);
		}
	}

	/** Releases the client's threads and connections. */
	void shutdown() {
		abort();
		executor.shutdownNow();
		// Java 21+ HttpClient is AutoCloseable and stops its selector thread at once; on 17 that thread ends
		// when the client becomes unreachable
		Object c = client;
		client = null;
		if (c instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			} catch (Exception e) {
				// best effort
			}
		}
	}

	String address() {
		return endpoint.address();
	}

	/**
	 * Sends one request. {@code body} is the exact bytes to send (the caller wipes secrets in it afterwards).
	 * {@code what} names the operation for messages ("read power state").
	 */
	Reply send(String method, String path, byte[] body, String ifMatch, Deadline deadline, String what)
			throws BmcException {
		return send(method, path, body, ifMatch, deadline, what, true);
	}

	Reply sendUnauthenticated(String method, String path, byte[] body, Deadline deadline, String what)
			throws BmcException {
		return send(method, path, body, null, deadline, what, false);
	}

	/** The logout of {@code close()}: allowed after {@link #abort()}. */
	Reply sendFinal(String method, String path, Deadline deadline, String what) throws BmcException {
		return send(method, path, null, null, deadline, what, true, true);
	}

	private Reply send(String method, String path, byte[] body, String ifMatch, Deadline deadline, String what,
			boolean authenticated) throws BmcException {
		return send(method, path, body, ifMatch, deadline, what, authenticated, false);
	}

	private Reply send(String method, String path, byte[] body, String ifMatch, Deadline deadline, String what,
			boolean authenticated, boolean evenIfAborted) throws BmcException {
		if (aborted && !evenIfAborted) {
			throw new BmcException(Kind.CANCELLED, address() + ": " + what + " on a closed client");
		}
		if (Thread.currentThread().isInterrupted()) {
			throw cancelled(what);
		}
		long remaining = deadline.remainingNanos();
		if (remaining <= 0) {
			throw timeout(what, deadline);
		}
		URI uri;
		try {
			uri = resolve(path);
		} catch (IllegalArgumentException e) {
			throw new BmcException(Kind.PROTOCOL, address() + ": " + what + ": the BMC gave an unusable link ("
					+ e.getMessage() + ")");
		}
		HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(Duration.ofNanos(remaining))
				.header("Accept", "application/json").header("OData-Version", "4.0")
				.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofByteArray(body));
		if (body != null) {
			rb.header("Content-Type", "application/json;charset=utf-8");
		}
		if (ifMatch != null) {
			rb.header("If-Match", ifMatch);
		}
		String name = authHeaderName;
		String value = authHeaderValue;
		if (authenticated && name != null) {
			rb.header(name, value);
		}
		HttpClient hc = client;
		if (hc == null) {
			throw new BmcException(Kind.CANCELLED, address() + ": " + what + " on a closed client");
		}
		CompletableFuture<HttpResponse<byte[]>> f = hc.sendAsync(rb.build(),
				HttpResponse.BodyHandlers.ofByteArray());
		inFlight = f;
		HttpResponse<byte[]> response;
		try {
			if (aborted && !evenIfAborted) {
				f.cancel(true);
			}
			response = f.get(Math.max(1, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
		} catch (InterruptedException e) {
			f.cancel(true);
			Thread.currentThread().interrupt();
			throw cancelled(what);
		} catch (TimeoutException e) {
			f.cancel(true);
			throw timeout(what, deadline);
		} catch (CancellationException e) {
			throw aborted ? new BmcException(Kind.CANCELLED, address() + ": " + what + " cancelled: client closed")
					: cancelled(what);
		} catch (ExecutionException e) {
			if (aborted && !evenIfAborted || e.getCause() instanceof CancellationException) {
				// java.net.http may report the cancelled exchange as a failure rather than a cancellation
				throw new BmcException(Kind.CANCELLED, address() + ": " + what + " cancelled: client closed");
			}
			throw translate(e.getCause(), what, deadline);
		} finally {
			inFlight = null;
		}
		byte[] bytes = response.body();
		if (bytes != null && bytes.length > MAX_BODY) {
			throw new BmcException(Kind.PROTOCOL, address() + ": " + what + ": answer larger than " + MAX_BODY
					+ " bytes");
		}
		JsonObject json = null;
		if (bytes != null && bytes.length > 0) {
			try {
				JsonElement e = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
				if (e.isJsonObject()) {
					json = e.getAsJsonObject();
				} else if (response.statusCode() / 100 == 2) {
					throw new JsonParseException("not a JSON object");
				}
			} catch (JsonParseException | IllegalStateException e) {
				if (response.statusCode() / 100 == 2) {
					throw new BmcException(Kind.PROTOCOL, address() + ": " + what + ": the BMC answered HTTP "
							+ response.statusCode() + " with a body that is not Redfish JSON ("
							+ contentType(response) + ", " + bytes.length + " bytes)");
				}
				// error bodies of some BMCs are HTML: the status code says enough
			}
		}
		return new Reply(response.statusCode(), response, json);
	}

	private static String contentType(HttpResponse<?> r) {
		return r.headers().firstValue("Content-Type").orElse("no content type");
	}

	URI resolve(String path) {
		URI u = URI.create(path);
		if (u.isAbsolute()) {
			// never send credentials to another origin than the one configured
			if (!u.getScheme().equalsIgnoreCase(base.getScheme()) || !u.getHost().equalsIgnoreCase(base.getHost())
					|| port(u) != port(base)) {
				throw new IllegalArgumentException("link to another server: " + u.getScheme() + "://" + u.getHost());
			}
			return u;
		}
		return base.resolve(path);
	}

	private static int port(URI u) {
		return u.getPort() != -1 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
	}

	BmcException cancelled(String what) {
		return new BmcException(Kind.CANCELLED, address() + ": " + what + " cancelled (thread interrupted)");
	}

	BmcException timeout(String what, Deadline deadline) {
		return new BmcException(Kind.TIMEOUT, address() + ": " + what + ": no answer within "
				+ deadline.budgetMillis() + " ms; check that the BMC is up and answers Redfish on port "
				+ endpoint.port());
	}

	private BmcException translate(Throwable t, String what, Deadline deadline) {
		Throwable c = t;
		// java.net.http wraps the interesting exception a few levels down
		for (Throwable x = t; x != null; x = x.getCause()) {
			if (x instanceof ConnectException || x instanceof UnresolvedAddressException
					|| x instanceof UnknownHostException || x instanceof NoRouteToHostException
					|| x instanceof SSLHandshakeException || x instanceof HttpTimeoutException
					|| x instanceof ProtocolException) {
				c = x;
				break;
			}
		}
		if (c instanceof HttpConnectTimeoutException) {
			return new BmcException(Kind.TIMEOUT, address() + ": " + what + ": connection not established within "
					+ deadline.budgetMillis() + " ms (no answer from the address)", c);
		}
		if (c instanceof HttpTimeoutException) {
			return timeout(what, deadline);
		}
		if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
			return new BmcException(Kind.UNREACHABLE, address() + ": " + what + ": nothing accepts connections "
					+ "there (" + simple(c) + "); check address, port and that the BMC is powered", c);
		}
		if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
			return new BmcException(Kind.UNREACHABLE, address() + ": " + what + ": unknown host "
					+ endpoint.host(), c);
		}
		if (c instanceof SSLHandshakeException) {
			String fp = tls == null ? null : tls.presentedFingerprint();
			if (fp != null) {
				return new BmcException(Kind.AUTH_FAILED, address() + ": " + what + ": the BMC's TLS certificate "
						+ "is not trusted (" + tls.description + "; " + simple(c) + "). It presented a certificate "
						+ "with SHA-256 fingerprint " + fp + "; after checking it out of band, pin it with "
						+ RedfishTls.pinKeyword(fp) + " or trust the CA that signed it with " + RedfishTls.CA_KEYWORD
						+ " in the binding", c);
			}
			return new BmcException(Kind.PROTOCOL, address() + ": " + what + ": TLS handshake failed ("
					+ simple(c) + "); is it an HTTPS port?", c);
		}
		if (c instanceof ProtocolException) {
			return new BmcException(Kind.PROTOCOL, address() + ": " + what + ": the answer is not HTTP ("
					+ simple(c) + "); is this the BMC's Redfish port?", c);
		}
		if (c instanceof SSLException) {
			return new BmcException(Kind.PROTOCOL, address() + ": " + what + ": TLS failed (" + simple(c)
					+ "); is it an HTTPS port?", c);
		}
		if (c instanceof IOException) {
			// reset, EOF before the headers: the BMC (or its web server) went away mid-call
			return new BmcException(Kind.UNREACHABLE, address() + ": " + what + ": the connection broke before "
					+ "a complete answer (" + simple(c) + ")", c);
		}
		if (c instanceof IllegalArgumentException) {
			return new BmcException(Kind.PROTOCOL, address() + ": " + what + ": " + c.getMessage(), c);
		}
		return new BmcException(Kind.PROTOCOL, address() + ": " + what + ": " + simple(c), c);
	}

	private static String simple(Throwable t) {
		String m = t.getMessage();
		return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
	}
}
