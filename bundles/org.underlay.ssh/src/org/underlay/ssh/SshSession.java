package org.underlay.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

/**
 * One authenticated SSH connection. Several commands may run on it concurrently (one channel each). Every call
 * ends within its timeout with a result or a typed {@link SshException}; a thread interrupt cancels the call
 * ({@link SshException.Kind#CANCELLED}). JSch runs one reader thread per session; {@link #close()} ends it.
 */
public final class SshSession implements AutoCloseable {

	/** Bytes of stdout and of stderr kept in an {@link ExecResult}; listeners see everything. */
	public static final int CAPTURE_LIMIT = 1 << 20;

	private final SshClient client;
	private final SshEndpoint endpoint;
	private final Session session;
	private final AtomicBoolean closed = new AtomicBoolean();

	SshSession(SshClient client, SshEndpoint endpoint, Session session) {
		this.client = client;
		this.endpoint = endpoint;
		this.session = session;
	}

	public SshEndpoint endpoint() {
		return endpoint;
	}

	public boolean isConnected() {
		return !closed.get() && session.isConnected();
	}

	/** Runs a command and collects its output. */
	public ExecResult exec(String command, Duration timeout) throws SshException {
		return exec(command, timeout, OutputListener.NONE, OutputListener.NONE);
	}

	/**
	 * Runs a command (no pty, no stdin), streaming stdout and stderr to the listeners as they arrive.
	 * On timeout or cancellation the remote command gets SIGKILL (where the server supports signals) and its
	 * channel is closed; the session stays usable.
	 *
	 * @throws SshException TIMEOUT, CANCELLED, CONNECTION_LOST (peer gone mid-command), PROTOCOL
	 */
	public ExecResult exec(String command, Duration timeout, OutputListener stdout, OutputListener stderr)
			throws SshException {
		long start = System.nanoTime();
		long deadline = start + timeout.toNanos();
		ChannelExec channel = openExec(command);
		Capture out = new Capture(stdout);
		Capture err = new Capture(stderr);
		channel.setInputStream(null);
		channel.setOutputStream(out, true);
		channel.setErrStream(err, true);
		try {
			connectChannel(channel, deadline, "exec of '" + abbreviate(command) + "'");
			awaitClose(channel, deadline, "command '" + abbreviate(command) + "'", timeout);
		} finally {
			channel.disconnect();
			flush(stdout);
			flush(stderr);
		}
		String signal = channel.getExitSignal();
		int status = channel.getExitStatus();
		// No exit status: the channel may have closed because the session is going down. JSch closes the channels
		// before it marks the session disconnected, so give it a moment before calling it a normal end.
		for (int i = 0; i < 20 && status == -1 && signal == null && !closed.get() && session.isConnected(); i++) {
			try {
				Thread.sleep(5);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new SshException(SshException.Kind.CANCELLED, "command '" + abbreviate(command) + "' on "
						+ endpoint + " cancelled");
			}
		}
		if (status == -1 && signal == null && (closed.get() || !session.isConnected())) {
			throw lost("command '" + abbreviate(command) + "'");
		}
		return new ExecResult(status, signal, out.text(), err.text(), Duration.ofNanos(System.nanoTime() - start));
	}

	/** Uploads a local file (scp protocol; works with every OpenSSH and with servers that run a local scp). */
	public void upload(Path local, String remotePath, Duration timeout) throws SshException {
		byte[] content;
		try {
			content = Files.readAllBytes(local);
		} catch (IOException e) {
			throw new SshException(SshException.Kind.PROTOCOL, "cannot read " + local + " for upload to " + endpoint,
					e);
		}
		upload(content, remotePath, "0644", timeout);
	}

	/**
	 * Writes {@code content} to {@code remotePath} on the host with the given octal mode ("0644"), using the scp
	 * sink ({@code scp -t}) on the host.
	 *
	 * @throws SshException TIMEOUT, CANCELLED, CONNECTION_LOST, PROTOCOL (scp refused: no such directory,
	 *                      permission denied — the message carries scp's text)
	 */
	public void upload(byte[] content, String remotePath, String mode, Duration timeout) throws SshException {
		if (!mode.matches("0?[0-7]{3,4}")) {
			throw new IllegalArgumentException("mode must be octal like 0644: " + mode);
		}
		String fileMode = mode.length() == 3 ? "0" + mode : mode.length() == 5 ? mode.substring(1) : mode;
		long deadline = System.nanoTime() + timeout.toNanos();
		String what = "upload to " + endpoint + ":" + remotePath;
		ChannelExec channel = openExec("scp -t -- " + shellQuote(remotePath));
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		channel.setErrStream(err, true);
		ScheduledFuture<?> watchdog = client.timer().schedule(channel::disconnect,
				Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
		try {
			InputStream in = channel.getInputStream();
			OutputStream out = channel.getOutputStream();
			connectChannel(channel, deadline, what);
			ack(in, channel, deadline, what, err);
			String name = remotePath.substring(remotePath.lastIndexOf('/') + 1);
			if (name.isEmpty() || name.contains("\n")) {
				throw new IllegalArgumentException("remote path must name a file: " + remotePath);
			}
			out.write(("C" + fileMode + " " + content.length + " " + name + "\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			ack(in, channel, deadline, what, err);
			for (int off = 0; off < content.length; off += 32 * 1024) {
				checkDeadline(channel, deadline, what, timeout);
				out.write(content, off, Math.min(32 * 1024, content.length - off));
			}
			out.write(0);
			out.flush();
			ack(in, channel, deadline, what, err);
			out.close();
			awaitClose(channel, deadline, what, timeout);
			if (channel.getExitStatus() > 0) {
				throw new SshException(SshException.Kind.PROTOCOL, what + ": scp exited with "
						+ channel.getExitStatus() + ": " + err.toString(StandardCharsets.UTF_8).strip());
			}
		} catch (IOException e) {
			checkDeadline(channel, deadline, what, timeout);
			if (!session.isConnected()) {
				throw lost(what);
			}
			throw new SshException(SshException.Kind.PROTOCOL, what + " failed: " + e.getMessage(), e);
		} finally {
			watchdog.cancel(false);
			channel.disconnect();
		}
	}

	private void ack(InputStream in, ChannelExec channel, long deadline, String what, ByteArrayOutputStream err)
			throws IOException, SshException {
		int b = readByte(in, channel, deadline, what);
		if (b == 0) {
			return;
		}
		if (b == -1) {
			if (!session.isConnected()) {
				throw lost(what);
			}
			throw new SshException(SshException.Kind.PROTOCOL, what + ": scp ended without answering: "
					+ err.toString(StandardCharsets.UTF_8).strip());
		}
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = readByte(in, channel, deadline, what)) != -1 && c != '\n') {
			line.append((char) c);
		}
		throw new SshException(SshException.Kind.PROTOCOL, what + " refused by scp: " + line.toString().strip());
	}

	private int readByte(InputStream in, ChannelExec channel, long deadline, String what)
			throws IOException, SshException {
		int pause = 1;
		while (in.available() == 0) {
			if (channel.isClosed()) {
				return in.available() > 0 ? in.read() : -1;
			}
			checkDeadline(channel, deadline, what, null);
			sleep(pause, channel, what);
			pause = Math.min(pause * 2, 10);
		}
		return in.read();
	}

	private ChannelExec openExec(String command) throws SshException {
		if (closed.get()) {
			throw new SshException(SshException.Kind.CANCELLED, "session to " + endpoint + " is closed");
		}
		try {
			ChannelExec channel = (ChannelExec) session.openChannel("exec");
			channel.setCommand(command);
			return channel;
		} catch (JSchException e) {
			if (!session.isConnected()) {
				throw lost("opening a channel");
			}
			throw new SshException(SshException.Kind.PROTOCOL, "cannot open a channel to " + endpoint + ": "
					+ e.getMessage(), e);
		}
	}

	private void connectChannel(ChannelExec channel, long deadline, String what) throws SshException {
		long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
		// JSch waits for the open confirmation with one wait(timeout) and is not woken when the session dies:
		// wake it then, so a lost peer is reported at once, not at the end of the timeout.
		ScheduledFuture<?> watch = client.timer().scheduleWithFixedDelay(() -> {
			if (!session.isConnected()) {
				synchronized (channel) {
					channel.notifyAll();
				}
			}
		}, 20, 20, TimeUnit.MILLISECONDS);
		try {
			channel.connect((int) Math.min(Integer.MAX_VALUE, left));
		} catch (JSchException e) {
			if (closed.get()) {
				throw new SshException(SshException.Kind.CANCELLED, what + " on " + endpoint + " cancelled");
			}
			if (!session.isConnected()) {
				throw lost(what);
			}
			if (System.nanoTime() >= deadline) {
				throw new SshException(SshException.Kind.TIMEOUT, what + " on " + endpoint
						+ ": the server did not open a channel in time", e);
			}
			throw new SshException(SshException.Kind.PROTOCOL, what + " on " + endpoint + ": " + e.getMessage(), e);
		} finally {
			watch.cancel(false);
		}
	}

	private void awaitClose(ChannelExec channel, long deadline, String what, Duration timeout) throws SshException {
		int pause = 1;
		while (!channel.isClosed()) {
			checkDeadline(channel, deadline, what, timeout);
			if (!session.isConnected()) {
				if (closed.get()) {
					throw new SshException(SshException.Kind.CANCELLED, what + " on " + endpoint
							+ " cancelled: session closed");
				}
				throw lost(what);
			}
			sleep(pause, channel, what);
			pause = Math.min(pause * 2, 10);
		}
	}

	private void checkDeadline(ChannelExec channel, long deadline, String what, Duration timeout)
			throws SshException {
		if (System.nanoTime() - deadline >= 0) {
			kill(channel);
			throw new SshException(SshException.Kind.TIMEOUT, what + " on " + endpoint + " did not finish within "
					+ (timeout == null ? "its timeout" : timeout.toMillis() + " ms"));
		}
	}

	private void sleep(int millis, ChannelExec channel, String what) throws SshException {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			kill(channel);
			Thread.currentThread().interrupt();
			throw new SshException(SshException.Kind.CANCELLED, what + " on " + endpoint + " cancelled");
		}
	}

	private static void kill(ChannelExec channel) {
		try {
			if (channel.isConnected()) {
				channel.sendSignal("KILL");
			}
		} catch (Exception e) {
			// best effort: not every server implements signals; closing the channel follows
		}
		channel.disconnect();
	}

	private SshException lost(String what) {
		if (closed.get()) {
			return new SshException(SshException.Kind.CANCELLED, what + " on " + endpoint
					+ " cancelled: the session was closed");
		}
		return new SshException(SshException.Kind.CONNECTION_LOST, "connection to " + endpoint + " lost during "
				+ what);
	}

	private static void flush(OutputListener listener) {
		if (listener instanceof OutputListener.LineSplitter s) {
			s.flush();
		}
	}

	static String shellQuote(String s) {
		return "'" + s.replace("'", "'\\''") + "'";
	}

	private static String abbreviate(String command) {
		return command.length() <= 80 ? command : command.substring(0, 77) + "...";
	}

	/** Closes the connection and ends JSch's reader thread. Idempotent. */
	@Override
	public void close() {
		closed.set(true);
		session.disconnect();
	}

	@Override
	public String toString() {
		return "SshSession[" + endpoint + (isConnected() ? "" : ", closed") + "]";
	}

	/** Forwards to a listener and keeps the first {@link #CAPTURE_LIMIT} bytes. */
	private static final class Capture extends OutputStream {
		private final OutputListener listener;
		private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

		Capture(OutputListener listener) {
			this.listener = listener;
		}

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public synchronized void write(byte[] b, int off, int len) {
			int room = CAPTURE_LIMIT - kept.size();
			if (room > 0) {
				kept.write(b, off, Math.min(room, len));
			}
			try {
				listener.output(b, off, len);
			} catch (RuntimeException e) {
				// A failing listener must not kill JSch's reader thread (and with it the session).
			}
		}

		synchronized String text() {
			return kept.toString(StandardCharsets.UTF_8);
		}
	}
}
