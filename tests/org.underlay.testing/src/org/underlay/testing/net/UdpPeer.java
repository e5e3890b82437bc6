package org.underlay.testing.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Misbehaving UDP peers on loopback for fault tests: one that swallows every datagram, one that answers garbage,
 * and a proxy that drops the first N datagrams on the way to a real peer and can inject datagrams of its own
 * (garbage, forgeries, replays of earlier answers) before the real peer's answers. Each runs one daemon thread named
 * {@value #THREAD_PREFIX}..., which {@link #close()} ends (tests that count threads can tell them apart).
 */
public abstract class UdpPeer implements AutoCloseable {

	public static final String THREAD_PREFIX = "underlay-test-udp-";

	protected final DatagramSocket socket;
	private final Thread thread;
	private final AtomicInteger received = new AtomicInteger();
	private volatile boolean closed;

	protected UdpPeer(String name) {
		try {
			socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		} catch (SocketException e) {
			throw new UncheckedIOException(e);
		}
		thread = new Thread(this::loop, THREAD_PREFIX + name + "-" + socket.getLocalPort());
		thread.setDaemon(true);
	}

	protected final UdpPeer begin() {
		thread.start();
		return this;
	}

	public int port() {
		return socket.getLocalPort();
	}

	/** Datagrams received from clients so far. */
	public int received() {
		return received.get();
	}

	private void loop() {
		byte[] buffer = new byte[2048];
		while (!closed) {
			DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
			try {
				socket.receive(packet);
				handle(packet);
			} catch (IOException e) {
				if (closed) {
					return;
				}
			}
		}
	}

	private void handle(DatagramPacket packet) throws IOException {
		if (isClientPacket(packet)) {
			received.incrementAndGet();
		}
		onPacket(packet);
	}

	protected boolean isClientPacket(DatagramPacket packet) {
		return true;
	}

	protected abstract void onPacket(DatagramPacket packet) throws IOException;

	@Override
	public void close() {
		closed = true;
		socket.close();
		try {
			thread.join(5000);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** Receives and never answers: a BMC that hangs, or a firewall that drops. */
	public static UdpPeer blackhole() {
		return new UdpPeer("blackhole") {
			@Override
			protected void onPacket(DatagramPacket packet) {
				// swallow
			}
		}.begin();
	}

	/** Answers every datagram with {@code reply} (for example random bytes or a truncated RMCP header). */
	public static UdpPeer answering(byte[] reply) {
		return new UdpPeer("garbage") {
			@Override
			protected void onPacket(DatagramPacket packet) throws IOException {
				socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
			}
		}.begin();
	}

	/** Forwards to {@code targetPort} on loopback, dropping the first {@code dropCount} client datagrams. */
	public static LossyProxy lossyProxy(int targetPort, int dropCount) {
		return (LossyProxy) new LossyProxy(targetPort, dropCount).begin();
	}

	/** See {@link UdpPeer#lossyProxy}. */
	public static final class LossyProxy extends UdpPeer {
		private final InetSocketAddress target;
		private final AtomicInteger toDrop;
		private final AtomicInteger dropped = new AtomicInteger();
		private final AtomicInteger fromClient = new AtomicInteger();
		private final AtomicInteger fromTarget = new AtomicInteger();
		private volatile Set<Integer> dropFromClient = Set.of();
		private volatile Set<Integer> dropFromTarget = Set.of();
		private volatile SocketAddress client;
		private final List<byte[]> answers = new CopyOnWriteArrayList<>();
		private final Queue<byte[]> beforeNextAnswer = new ConcurrentLinkedQueue<>();
		private volatile List<byte[]> beforeEveryAnswer = List.of();
		private volatile boolean swallowAnswers;
		private final AtomicInteger injected = new AtomicInteger();

		LossyProxy(int targetPort, int dropCount) {
			super("lossy-proxy");
			this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
			this.toDrop = new AtomicInteger(dropCount);
		}

		@Override
		protected boolean isClientPacket(DatagramPacket packet) {
			return !packet.getSocketAddress().equals(target);
		}

		@Override
		protected void onPacket(DatagramPacket packet) throws IOException {
			if (packet.getSocketAddress().equals(target)) {
				SocketAddress c = client;
				if (dropFromTarget.contains(fromTarget.incrementAndGet())) {
					dropped.incrementAndGet();
					return;
				}
				byte[] answer = Arrays.copyOfRange(packet.getData(), packet.getOffset(),
						packet.getOffset() + packet.getLength());
				answers.add(answer);
				if (c != null) {
					List<byte[]> before = new ArrayList<>(beforeEveryAnswer);
					for (byte[] b = beforeNextAnswer.poll(); b != null; b = beforeNextAnswer.poll()) {
						before.add(b);
					}
					for (byte[] b : before) {
						socket.send(new DatagramPacket(b, b.length, c));
						injected.incrementAndGet();
					}
					if (!swallowAnswers) {
						socket.send(new DatagramPacket(answer, answer.length, c));
					}
				}
				return;
			}
			client = packet.getSocketAddress();
			if (toDrop.getAndDecrement() > 0 | dropFromClient.contains(fromClient.incrementAndGet())) {
				dropped.incrementAndGet();
				return;
			}
			socket.send(new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(), target));
		}

		public int dropped() {
			return dropped.get();
		}

		/**
		 * Drops datagrams by their 1-based number in each direction (for example the third request, or the answer
		 * to it), to hit one particular protocol step.
		 */
		public void dropNumbered(Set<Integer> fromClientNumbers, Set<Integer> fromTargetNumbers) {
			dropFromClient = Set.copyOf(fromClientNumbers);
			dropFromTarget = Set.copyOf(fromTargetNumbers);
		}

		/** Drops the next {@code count} client datagrams (for losses inside an established session). */
		public void dropNext(int count) {
			toDrop.set(count);
		}

		/** Answers of the target forwarded (or swallowed) so far. */
		public int answers() {
			return answers.size();
		}

		/**
		 * A copy of the target's {@code n}-th answer (1-based), as it came: to replay it later or to derive a forged
		 * datagram from it (flip a byte of its AuthCode, cut it short, change its session ID).
		 */
		public byte[] answer(int n) {
			return answers.get(n - 1).clone();
		}

		/** Sends these datagrams to the client once, just before the target's next answer (a replay, a forgery). */
		public void injectBeforeNextAnswer(byte[]... datagrams) {
			for (byte[] d : datagrams) {
				beforeNextAnswer.add(d.clone());
			}
		}

		/** Sends these datagrams to the client before every answer of the target from now on; none to stop. */
		public void injectBeforeEveryAnswer(byte[]... datagrams) {
			List<byte[]> copies = new ArrayList<>();
			for (byte[] d : datagrams) {
				copies.add(d.clone());
			}
			beforeEveryAnswer = List.copyOf(copies);
		}

		/** Keeps the target's answers from the client (injected datagrams still go): a peer that only sends junk. */
		public void swallowAnswers(boolean swallow) {
			swallowAnswers = swallow;
		}

		/** Datagrams injected so far. */
		public int injected() {
			return injected.get();
		}
	}
}
