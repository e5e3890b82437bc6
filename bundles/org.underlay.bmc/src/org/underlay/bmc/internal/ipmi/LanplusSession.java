package org.underlay.bmc.internal.ipmi;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.InsecureOption;
import org.underlay.bmc.internal.Deadline;
import org.underlay.bmc.internal.ipmi.RmcpPlusCodec.Dropped;
import org.underlay.bmc.internal.ipmi.RmcpPlusCodec.Inbound;

/**
 * One RMCP+ (IPMI 2.0 lanplus) session over UDP: channel authentication capabilities, the {@link RakpHandshake},
 * Set Session Privilege Level, then integrity-protected and encrypted IPMI requests with retransmission. Framing and
 * the checks on every inbound datagram are the {@link RmcpPlusCodec}'s.
 *
 * <p>All waiting happens on the caller's thread in slices of at most {@value #POLL_MILLIS} ms, so a deadline,
 * thread interruption or {@link #close()} from another thread end a call promptly. The socket is connected to the
 * BMC, so the kernel drops datagrams from anyone else and reports ICMP "port unreachable" as
 * {@link PortUnreachableException}. A datagram that arrives anyway but is not the answer (garbage, a forgery, a
 * replay) is dropped and the call keeps waiting; if no answer comes, the TIMEOUT says how many were dropped and why.
 *
 * <p>Not thread-safe; {@link IpmiLanplusClient} serializes calls. Never logs packet contents: RAKP messages carry
 * HMACs of the password that would allow an offline guess.
 */
final class LanplusSession {

	static final Logger LOG = Logger.getLogger("org.underlay.bmc.ipmi");

	static final int POLL_MILLIS = 25;

	static final int NETFN_CHASSIS = 0x00;
	static final int NETFN_SENSOR = 0x04;
	static final int NETFN_APP = 0x06;
	static final int NETFN_STORAGE = 0x0A;

	private final BmcEndpoint endpoint;
	private final CipherSuite suite;
	private final int privilege;
	private final byte[] userName;
	private final String user;
	/** Kuid: the password zero-padded to 20 bytes; wiped by {@link #close()}. */
	private final byte[] kuid;
	private final long retransmitNanos;
	private final long reuseNanos;
	private final SecureRandom random = new SecureRandom();
	private final RmcpPlusCodec codec;

	private volatile DatagramSocket socket;
	private volatile boolean closed;

	private int bmcSessionId;
	private int outboundSequence;
	private int requestSequence;
	private int messageTag;
	private long lastAnswerNanos;
	private int sessionsOpened;
	private ChannelAuthCapabilities channelCapabilities;

	/** What Get Channel Authentication Capabilities said. */
	record ChannelAuthCapabilities(boolean ipmi20, boolean ipmi15, int authTypes) {
	}

	LanplusSession(BmcEndpoint endpoint, CipherSuite suite, int privilege, String user, byte[] kuid,
			long retransmitMillis, long reuseMillis) {
		this.endpoint = endpoint;
		this.suite = suite;
		this.privilege = privilege;
		this.user = user;
		this.userName = user.getBytes(StandardCharsets.ISO_8859_1);
		this.kuid = kuid;
		this.retransmitNanos = retransmitMillis * 1_000_000L;
		this.reuseNanos = reuseMillis * 1_000_000L;
		this.codec = new RmcpPlusCodec(suite, random);
	}

	BmcEndpoint endpoint() {
		return endpoint;
	}

	CipherSuite suite() {
		return suite;
	}

	int privilege() {
		return privilege;
	}

	String user() {
		return user;
	}

	ChannelAuthCapabilities channelCapabilities() {
		return channelCapabilities;
	}

	/** Sessions opened so far (re-opened after idle periods), for tests. */
	int sessionsOpened() {
		return sessionsOpened;
	}

	boolean isClosed() {
		return closed;
	}

	// ---------------------------------------------------------------------------------------------- session

	/** Opens the session if there is none or it has been idle long enough that the BMC may have dropped it. */
	void ensureSession(Deadline deadline) throws BmcException {
		checkCancelled("opening a session");
		if (codec.active() && System.nanoTime() - lastAnswerNanos > reuseNanos) {
			LOG.fine(() -> endpoint.address() + ": session idle, opening a new one");
			sendCloseSession();
		}
		if (!codec.active()) {
			openSession(deadline);
		}
	}

	private void openSession(Deadline deadline) throws BmcException {
		long start = System.nanoTime();
		if (socket == null) {
			socket = connect();
		}
		channelCapabilities = getChannelAuthCapabilities(deadline);
		if (!channelCapabilities.ipmi20()) {
			if (!endpoint.allows(InsecureOption.IPMI_V1_5)) {
				throw new BmcException(Kind.INSECURE_REFUSED, endpoint.address()
						+ " supports only IPMI 1.5, which has no confidentiality and weak authentication; the binding"
						+ " does not allow IPMI 1.5");
			}
			throw new BmcException(Kind.UNSUPPORTED, endpoint.address()
					+ " supports only IPMI 1.5; this driver implements IPMI 2.0 (lanplus) sessions only");
		}
		outboundSequence = 0;
		int consoleSessionId;
		do {
			consoleSessionId = random.nextInt();
		} while (consoleSessionId == 0);
		codec.begin(consoleSessionId);
		RakpHandshake.Result keys = new RakpHandshake(this, codec, userName, kuid, random).run(deadline,
				retransmitNanos);
		bmcSessionId = keys.bmcSessionId();
		codec.activate(keys.k1(), keys.k2());
		sessionsOpened++;

		// Sessions start at User level; raise to the requested one.
		IpmiResponse r;
		try {
			r = command(NETFN_APP, 0x3B, new byte[] { (byte) privilege }, "Set Session Privilege Level", deadline);
		} catch (BmcException e) {
			codec.deactivate();
			throw e;
		}
		if (!r.ok()) {
			sendCloseSession();
			throw new BmcException(Kind.AUTH_FAILED, endpoint.address() + ": user '" + user + "' may not work at "
					+ Privilege.name(privilege) + " privilege (completion code " + hex(r.completionCode()) + ")");
		}
		long micros = (System.nanoTime() - start) / 1000;
		LOG.fine(() -> endpoint.address() + ": session opened, cipher suite " + suite.id + ", "
				+ Privilege.name(privilege) + ", user '" + user + "' in " + micros / 1000.0 + " ms");
	}

	private ChannelAuthCapabilities getChannelAuthCapabilities(Deadline deadline) throws BmcException {
		int seq = nextRequestSequence();
		// channel 0xE = this one, bit 7 = report IPMI 2.0 extended capabilities
		byte[] msg = IpmiMessages.request(NETFN_APP, 0x38, seq, new byte[] { (byte) 0x8E, (byte) privilege });
		IpmiResponse r = exchange("Get Channel Authentication Capabilities", attempt -> RmcpPlusCodec.v15Packet(msg),
				in -> in.type() != -1 ? null : parseResponse(in.payload(), NETFN_APP, 0x38, seq), deadline);
		if (!r.ok() || r.data().length < 4) {
			// Some BMCs reject bit 7 when they only speak IPMI 1.5.
			return new ChannelAuthCapabilities(false, true, 0);
		}
		boolean extended = (r.u8(1) & 0x80) != 0;
		return new ChannelAuthCapabilities(extended && (r.u8(3) & 0x02) != 0, !extended || (r.u8(3) & 0x01) != 0,
				r.u8(1) & 0x3F);
	}

	// ---------------------------------------------------------------------------------------------- requests

	/** Sends one IPMI request in the session (retransmitting as needed) and returns the response. */
	IpmiResponse command(int netFn, int command, byte[] data, String what, Deadline deadline) throws BmcException {
		int seq = nextRequestSequence();
		byte[] msg = IpmiMessages.request(netFn, command, seq, data);
		return exchange(what, attempt -> codec.v2Packet(RmcpPlusCodec.PAYLOAD_IPMI, bmcSessionId, nextOutbound(), msg,
				true), in -> in.type() != RmcpPlusCodec.PAYLOAD_IPMI ? null
						: parseResponse(in.payload(), netFn, command, seq), deadline);
	}

	private static IpmiResponse parseResponse(byte[] payload, int netFn, int command, int seq) throws Dropped {
		try {
			return IpmiMessages.response(payload, netFn, command, seq);
		} catch (IllegalArgumentException e) {
			throw new Dropped("malformed IPMI response (" + e.getMessage() + ")");
		}
	}

	private int nextRequestSequence() {
		requestSequence = (requestSequence + 1) & 0x3F;
		return requestSequence;
	}

	private int nextOutbound() {
		outboundSequence++;
		if (outboundSequence == 0) {
			outboundSequence = 1;
		}
		return outboundSequence;
	}

	int nextTag() {
		messageTag = (messageTag + 1) & 0xFF;
		return messageTag;
	}

	/** The message tag of the setup request in flight. */
	int tag() {
		return messageTag & 0xFF;
	}

	// ---------------------------------------------------------------------------------------------- transport

	private DatagramSocket connect() throws BmcException {
		InetAddress address;
		try {
			address = InetAddress.getByName(endpoint.host());
		} catch (UnknownHostException e) {
			throw new BmcException(Kind.UNREACHABLE, endpoint.address() + ": unknown host '" + endpoint.host() + "'");
		}
		try {
			DatagramSocket s = new DatagramSocket();
			s.connect(new InetSocketAddress(address, endpoint.port()));
			return s;
		} catch (SocketException e) {
			throw new BmcException(Kind.UNREACHABLE, endpoint.address() + ": cannot open a UDP socket to it ("
					+ e.getMessage() + ")", e);
		}
	}

	@FunctionalInterface
	interface PacketFactory {
		byte[] packet(int attempt) throws BmcException;
	}

	@FunctionalInterface
	interface Matcher<T> {
		/**
		 * @return the result, or {@code null} if the packet is genuine but does not answer this request
		 * @throws Dropped if it only looked like an answer (malformed, another session's)
		 */
		T match(Inbound in) throws BmcException, Dropped;
	}

	/**
	 * Sends a request and waits for its answer, sending it again (freshly encoded) every retransmit interval until
	 * the deadline. Datagrams that fail the codec's checks or the matcher's are dropped and counted.
	 */
	<T> T exchange(String what, PacketFactory factory, Matcher<T> matcher, Deadline deadline) throws BmcException {
		byte[] buffer = new byte[1500];
		DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
		int attempt = 0;
		int dropped = 0;
		String lastDropped = null;
		while (true) {
			checkCancelled(what);
			if (deadline.expired()) {
				throw timeout(what, deadline, attempt, dropped, lastDropped);
			}
			attempt++;
			if (attempt > 1) {
				int n = attempt;
				LOG.finer(() -> endpoint.address() + ": " + what + " retransmission " + (n - 1));
			}
			send(factory.packet(attempt), what);
			long attemptEnd = Math.min(deadline.nanos(), System.nanoTime() + retransmitNanos);
			while (true) {
				checkCancelled(what);
				long left = attemptEnd - System.nanoTime();
				if (left <= 0) {
					break;
				}
				int wait = (int) Math.max(1, Math.min(POLL_MILLIS, (left + 999_999) / 1_000_000));
				try {
					socket.setSoTimeout(wait);
					datagram.setLength(buffer.length);
					socket.receive(datagram);
				} catch (SocketTimeoutException e) {
					continue;
				} catch (PortUnreachableException e) {
					throw unreachable(what, e);
				} catch (IOException e) {
					checkCancelled(what);
					throw new BmcException(Kind.UNREACHABLE, endpoint.address() + ": network error during " + what
							+ " (" + e.getMessage() + ")", e);
				}
				T result;
				try {
					result = matcher.match(codec.parse(Arrays.copyOf(buffer, datagram.getLength())));
				} catch (Dropped d) {
					dropped++;
					lastDropped = d.getMessage();
					LOG.fine(() -> endpoint.address() + ": dropped a datagram during " + what + ": " + d.getMessage());
					continue;
				}
				if (result != null) {
					lastAnswerNanos = System.nanoTime();
					return result;
				}
			}
		}
	}

	private BmcException timeout(String what, Deadline deadline, int attempts, int dropped, String lastDropped) {
		String sent = attempts + (attempts == 1 ? " attempt" : " attempts");
		if (dropped == 0) {
			return new BmcException(Kind.TIMEOUT, endpoint.address() + ": no answer to " + what + " within "
					+ deadline.budgetMillis() + " ms (" + sent + "); check the address, that IPMI over LAN is enabled"
					+ " and that UDP is not filtered");
		}
		return new BmcException(Kind.TIMEOUT, endpoint.address() + ": no valid answer to " + what + " within "
				+ deadline.budgetMillis() + " ms (" + sent + "); dropped " + dropped
				+ (dropped == 1 ? " datagram that was" : " datagrams that were") + " not one (last: " + lastDropped
				+ "). Is this an IPMI 2.0 BMC, and is the port right? Forged or replayed packets end here too");
	}

	private void send(byte[] packet, String what) throws BmcException {
		try {
			socket.send(new DatagramPacket(packet, packet.length));
		} catch (PortUnreachableException | NoRouteToHostException e) {
			throw unreachable(what, e);
		} catch (IOException e) {
			checkCancelled(what);
			throw new BmcException(Kind.UNREACHABLE, endpoint.address() + ": cannot send " + what + " ("
					+ e.getMessage() + ")", e);
		}
	}

	void sendQuietly(byte[] packet) {
		try {
			if (socket != null && !socket.isClosed()) {
				socket.send(new DatagramPacket(packet, packet.length));
			}
		} catch (IOException e) {
			LOG.log(Level.FINER, "ignored while closing", e);
		}
	}

	private BmcException unreachable(String what, IOException cause) {
		return new BmcException(Kind.UNREACHABLE, endpoint.address() + ": nothing listens there (ICMP port"
				+ " unreachable during " + what + "); check the BMC address and port and that the BMC is powered",
				cause);
	}

	private void checkCancelled(String what) throws BmcException {
		if (closed) {
			throw new BmcException(Kind.CANCELLED, endpoint.address() + ": " + what + " cancelled: client closed");
		}
		if (Thread.currentThread().isInterrupted()) {
			throw new BmcException(Kind.CANCELLED, endpoint.address() + ": " + what + " cancelled (thread interrupted)");
		}
	}

	BmcException rmcpStatus(String step, int status) {
		String text = RmcpPlusStatus.describe(status);
		Kind kind = RmcpPlusStatus.kind(status);
		String hint = switch (kind) {
			case AUTH_FAILED -> "; check the user name and its privilege level (asked for " + Privilege.name(privilege)
					+ ")";
			case UNSUPPORTED -> "; the BMC does not offer cipher suite " + suite.id;
			default -> "";
		};
		return new BmcException(kind, endpoint.address() + ": " + step + " refused for user '" + user + "': " + text
				+ " (status " + hex(status) + ")" + hint);
	}

	static String hex(int value) {
		return String.format("0x%02X", value);
	}

	// ---------------------------------------------------------------------------------------------- closing

	/** Closes the session without waiting for the BMC's answer. */
	private void sendCloseSession() {
		if (!codec.active() || socket == null) {
			return;
		}
		byte[] data = new byte[4];
		RmcpPlusCodec.put32(data, 0, bmcSessionId);
		byte[] msg = IpmiMessages.request(NETFN_APP, 0x3C, nextRequestSequence(), data);
		sendQuietly(codec.v2Packet(RmcpPlusCodec.PAYLOAD_IPMI, bmcSessionId, nextOutbound(), msg, true));
		codec.deactivate();
	}

	/** Sends Close Session (no wait), then releases the socket and wipes the keys. Only from the owning thread. */
	void close() {
		if (!closed) {
			sendCloseSession();
		}
		abort();
		wipe();
	}

	/**
	 * Marks the session closed and releases the socket, so that a call in flight on another thread ends with
	 * CANCELLED at its next poll. Keys are wiped by the thread that owns the call ({@link #wipe()}).
	 */
	void abort() {
		closed = true;
		DatagramSocket s = socket;
		if (s != null) {
			s.close();
		}
	}

	void wipe() {
		Arrays.fill(kuid, (byte) 0);
		codec.wipe();
	}
}
