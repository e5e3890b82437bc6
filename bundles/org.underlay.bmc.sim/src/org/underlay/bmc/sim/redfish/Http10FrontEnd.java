package org.underlay.bmc.sim.redfish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

/**
 * A small HTTP/1.0 front end before the JDK's HTTP/1.1 server, for BMCs whose web server speaks HTTP/1.0: it reads
 * one request per connection, passes it on to the simulator's server over loopback, and answers with the same
 * status, headers and body as {@code HTTP/1.0} with {@code Connection: close}, then closes the connection. TLS, when
 * configured, ends here. Every connection has its own short-lived daemon thread.
 */
final class Http10FrontEnd {

	private static final int MAX_HEAD = 64 * 1024;
	private static final int MAX_BODY = 8 * 1024 * 1024;
	/** Hop-by-hop headers this front end replaces (RFC 7230 section 6.1) and the framing it redoes. */
	private static final Set<String> DROPPED = Set.of("connection", "keep-alive", "transfer-encoding",
			"content-length");

	private final ServerSocket listener;
	private final InetSocketAddress backend;
	private final Set<Socket> open = ConcurrentHashMap.newKeySet();
	private final AtomicInteger threads = new AtomicInteger();
	private volatile boolean stopped;

	Http10FrontEnd(InetSocketAddress address, SSLContext tls, InetSocketAddress backend) throws IOException {
		this.backend = backend;
		ServerSocket s = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
		s.setReuseAddress(true);
		s.bind(address, 64);
		this.listener = s;
	}

	InetSocketAddress address() {
		return (InetSocketAddress) listener.getLocalSocketAddress();
	}

	void start() {
		Thread t = new Thread(this::acceptLoop, "redfish-sim-" + address().getPort() + "-http10");
		t.setDaemon(true);
		t.start();
	}

	void stop() {
		stopped = true;
		try {
			listener.close();
		} catch (IOException e) {
			// closing anyway
		}
		for (Socket s : open) {
			closeQuietly(s);
		}
	}

	private void acceptLoop() {
		while (!stopped) {
			Socket client;
			try {
				client = listener.accept();
			} catch (IOException e) {
				if (stopped) {
					return;
				}
				continue;
			}
			open.add(client);
			Thread t = new Thread(() -> serve(client), "redfish-sim-" + address().getPort() + "-http10-"
					+ threads.incrementAndGet());
			t.setDaemon(true);
			t.start();
		}
	}

	private void serve(Socket client) {
		Socket server = new Socket();
		open.add(server);
		try (client; server) {
			InputStream in = client.getInputStream();
			byte[] head = readHead(in);
			if (head == null) {
				return;
			}
			List<String> lines = lines(head);
			byte[] body = in.readNBytes(contentLength(lines));
			server.connect(backend, 5000);
			OutputStream toServer = server.getOutputStream();
			toServer.write(rewrite(lines, lines.get(0), "Connection: close",
					body.length > 0 ? "Content-Length: " + body.length : null));
			toServer.write(body);
			toServer.flush();
			// the server closes after one answer (Connection: close), so everything up to EOF is that answer
			byte[] answer = server.getInputStream().readNBytes(MAX_HEAD + MAX_BODY);
			int end = headEnd(answer, answer.length);
			if (end < 0) {
				return;
			}
			List<String> answerLines = lines(Arrays.copyOf(answer, end));
			byte[] answerBody = Arrays.copyOfRange(answer, end, answer.length);
			if (answerLines.stream().anyMatch(l -> l.toLowerCase(Locale.ROOT).replace(" ", "")
					.equals("transfer-encoding:chunked"))) {
				answerBody = dechunk(answerBody);
			}
			String status = "HTTP/1.0" + answerLines.get(0).substring(answerLines.get(0).indexOf(' '));
			boolean hasBody = answerBody.length > 0 || !status.matches("HTTP/1\\.0 (1\\d\\d|204|304) .*");
			OutputStream out = client.getOutputStream();
			out.write(rewrite(answerLines, status, "Connection: close",
					hasBody ? "Content-Length: " + answerBody.length : null));
			out.write(answerBody);
			out.flush();
		} catch (IOException e) {
			// the client or the simulator went away: nothing to answer
		} finally {
			open.remove(client);
			open.remove(server);
		}
	}

	/** The request or status line, the headers other than {@link #DROPPED}, then {@code extra}, and the blank line. */
	private static byte[] rewrite(List<String> lines, String first, String... extra) {
		StringBuilder sb = new StringBuilder(first).append("\r\n");
		for (String l : lines.subList(1, lines.size())) {
			int colon = l.indexOf(':');
			if (colon > 0 && DROPPED.contains(l.substring(0, colon).strip().toLowerCase(Locale.ROOT))) {
				continue;
			}
			sb.append(l).append("\r\n");
		}
		for (String e : extra) {
			if (e != null) {
				sb.append(e).append("\r\n");
			}
		}
		return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	/** Reads up to and including the blank line that ends the head; null at EOF before it. */
	private static byte[] readHead(InputStream in) throws IOException {
		ByteArrayOutputStream buf = new ByteArrayOutputStream();
		int last4 = 0;
		int b;
		while ((b = in.read()) >= 0) {
			buf.write(b);
			last4 = last4 << 8 | b;
			if (last4 == 0x0d0a0d0a) {
				return buf.toByteArray();
			}
			if (buf.size() > MAX_HEAD) {
				throw new IOException("request head too large");
			}
		}
		return null;
	}

	/** The index just after the first CRLF CRLF in {@code a[0..n)}, or -1. */
	private static int headEnd(byte[] a, int n) {
		for (int i = 3; i < n; i++) {
			if (a[i - 3] == '\r' && a[i - 2] == '\n' && a[i - 1] == '\r' && a[i] == '\n') {
				return i + 1;
			}
		}
		return -1;
	}

	private static List<String> lines(byte[] head) {
		List<String> out = new ArrayList<>();
		for (String l : new String(head, StandardCharsets.ISO_8859_1).split("\r\n")) {
			if (!l.isEmpty()) {
				out.add(l);
			}
		}
		return out;
	}

	private static int contentLength(List<String> lines) throws IOException {
		for (String l : lines.subList(1, lines.size())) {
			int colon = l.indexOf(':');
			if (colon > 0 && l.substring(0, colon).strip().equalsIgnoreCase("Content-Length")) {
				try {
					int n = Integer.parseInt(l.substring(colon + 1).strip());
					if (n < 0 || n > MAX_BODY) {
						throw new IOException("bad Content-Length");
					}
					return n;
				} catch (NumberFormatException e) {
					throw new IOException("bad Content-Length", e);
				}
			}
		}
		return 0;
	}

	private static byte[] dechunk(byte[] chunked) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int i = 0;
		while (i < chunked.length) {
			int eol = i;
			while (eol + 1 < chunked.length && !(chunked[eol] == '\r' && chunked[eol + 1] == '\n')) {
				eol++;
			}
			String size = new String(chunked, i, eol - i, StandardCharsets.ISO_8859_1);
			int semi = size.indexOf(';');
			int n;
			try {
				n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
			} catch (NumberFormatException e) {
				throw new IOException("bad chunk size", e);
			}
			if (n == 0) {
				break;
			}
			out.write(chunked, eol + 2, n);
			i = eol + 2 + n + 2;
		}
		return out.toByteArray();
	}

	private static void closeQuietly(Socket s) {
		try {
			s.close();
		} catch (IOException e) {
			// closing anyway
		}
	}

	/** Where the simulator's own server listens behind this front end: any free loopback port. */
	static InetSocketAddress backendAddress() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
	}
}
