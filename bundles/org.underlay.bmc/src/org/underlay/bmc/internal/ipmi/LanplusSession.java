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
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.InsecureOption;

/**
 * One RMCP+ (IPMI 2.0 lanplus) session over UDP: channel authentication capabilities, Open Session, RAKP 1-4,
 * Set Session Privilege Level, then integrity-protected and encrypted IPMI requests with retransmission.
 *
 * <p>All waiting happens on the caller's thread in slices of at most {@value #POLL_MILLIS} ms, so a deadline,
 * thread interruption or {@link #close()} from another thread end a call promptly. The socket is connected to the
 * BMC, so the kernel drops datagrams from anyone else and reports ICMP "port unreachable" as
 * {@link PortUnreachableException}.
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

    private static final int AUTH_TYPE_NONE = 0x00;
    private static final int AUTH_TYPE_RMCP_PLUS = 0x06;
    private static final int PAYLOAD_IPMI = 0x00;
    private static final int PAYLOAD_OPEN_SESSION_REQUEST = 0x10;
    private static final int PAYLOAD_OPEN_SESSION_RESPONSE = 0x11;
    private static final int PAYLOAD_RAKP1 = 0x12;
    private static final int PAYLOAD_RAKP2 = 0x13;
    private static final int PAYLOAD_RAKP3 = 0x14;
    private static final int PAYLOAD_RAKP4 = 0x15;
    /** RAKP 1 role bit: look the user up by name only (what ipmitool and FreeIPMI send). */
    private static final int NAME_ONLY_LOOKUP = 0x10;

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

    private volatile DatagramSocket socket;
    private volatile boolean closed;

    private boolean active;
    private int consoleSessionId;
    private int bmcSessionId;
    private byte[] k1;
    private byte[] k2;
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
        this.userName = user.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        this.kuid = kuid;
        this.retransmitNanos = retransmitMillis * 1_000_000L;
        this.reuseNanos = reuseMillis * 1_000_000L;
    }

    CipherSuite suite() {
        return suite;
    }

    int privilege() {
        return privilege;
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
        if (active && System.nanoTime() - lastAnswerNanos > reuseNanos) {
            LOG.fine(() -> endpoint.address() + ": session idle, opening a new one");
            sendCloseSession();
            active = false;
        }
        if (!active) {
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
        active = false;
        k1 = null;
        k2 = null;
        outboundSequence = 0;
        do {
            consoleSessionId = random.nextInt();
        } while (consoleSessionId == 0);

        // Open Session: propose exactly the suite's algorithms.
        int[] bmcSession = new int[1];
        exchange("Open Session", attempt -> {
            byte[] p = new byte[32];
            p[0] = (byte) nextTag();
            p[1] = (byte) privilege;
            put32(p, 4, consoleSessionId);
            algorithmPayload(p, 8, 0x00, suite.authAlgorithm);
            algorithmPayload(p, 16, 0x01, suite.integrityAlgorithm);
            algorithmPayload(p, 24, 0x02, suite.confidentialityAlgorithm);
            return v2Packet(PAYLOAD_OPEN_SESSION_REQUEST, 0, 0, p, false);
        }, in -> {
            if (in.type != PAYLOAD_OPEN_SESSION_RESPONSE || in.payload.length < 2
                    || (in.payload[0] & 0xFF) != (messageTag & 0xFF)) {
                return null;
            }
            int status = in.payload[1] & 0xFF;
            if (status != 0) {
                throw rmcpStatus("Open Session", status);
            }
            if (in.payload.length < 36 || get32(in.payload, 4) != consoleSessionId) {
                throw protocol("Open Session response is malformed");
            }
            if ((in.payload[16] & 0x3F) != suite.authAlgorithm || (in.payload[24] & 0x3F) != suite.integrityAlgorithm
                    || (in.payload[32] & 0x3F) != suite.confidentialityAlgorithm) {
                throw new BmcException(Kind.UNSUPPORTED, endpoint.address() + " answered Open Session with other"
                        + " algorithms than cipher suite " + suite.id + " proposes");
            }
            bmcSession[0] = get32(in.payload, 8);
            return Boolean.TRUE;
        }, deadline);
        bmcSessionId = bmcSession[0];

        // RAKP 1 / 2: the BMC proves it knows the password (Kuid).
        byte[] consoleRandom = new byte[16];
        random.nextBytes(consoleRandom);
        int role = privilege | NAME_ONLY_LOOKUP;
        byte[][] rakp2 = new byte[2][];
        exchange("RAKP 1", attempt -> {
            byte[] p = new byte[28 + userName.length];
            p[0] = (byte) nextTag();
            put32(p, 4, bmcSessionId);
            System.arraycopy(consoleRandom, 0, p, 8, 16);
            p[24] = (byte) role;
            p[27] = (byte) userName.length;
            System.arraycopy(userName, 0, p, 28, userName.length);
            return v2Packet(PAYLOAD_RAKP1, 0, 0, p, false);
        }, in -> {
            if (in.type != PAYLOAD_RAKP2 || in.payload.length < 2 || (in.payload[0] & 0xFF) != (messageTag & 0xFF)) {
                return null;
            }
            int status = in.payload[1] & 0xFF;
            if (status != 0) {
                throw rmcpStatus("RAKP 2", status);
            }
            int authLength = suite.authenticated() ? suite.hmacLength : 0;
            if (in.payload.length < 40 + authLength || get32(in.payload, 4) != consoleSessionId) {
                throw protocol("RAKP 2 message is malformed");
            }
            rakp2[0] = Arrays.copyOfRange(in.payload, 8, 40); // Rc | GUIDc
            rakp2[1] = Arrays.copyOfRange(in.payload, 40, 40 + authLength);
            return Boolean.TRUE;
        }, deadline);
        byte[] bmcRandom = Arrays.copyOfRange(rakp2[0], 0, 16);
        byte[] bmcGuid = Arrays.copyOfRange(rakp2[0], 16, 32);
        if (suite.authenticated()) {
            byte[] expected = IpmiCrypto.rakp2AuthCode(suite, kuid, consoleSessionId, bmcSessionId, consoleRandom,
                    bmcRandom, bmcGuid, role, userName);
            if (!IpmiCrypto.same(expected, rakp2[1])) {
                sendRakp3Failure();
                throw new BmcException(Kind.AUTH_FAILED, endpoint.address() + " refused the login of user '" + user
                        + "': wrong password (the BMC's RAKP 2 proof does not match)");
            }
        }

        // RAKP 3 / 4: we prove it; both derive the session keys.
        byte[] rakp3Code = suite.authenticated()
                ? IpmiCrypto.rakp3AuthCode(suite, kuid, bmcRandom, consoleSessionId, role, userName)
                : new byte[0];
        byte[][] icv = new byte[1][];
        // If RAKP 4 is lost, the BMC has activated the session and ignores a repeated RAKP 3. So wait for it only
        // two retransmit intervals, then go on optimistically: the session keys need no RAKP 4, and the BMC's
        // integrity-protected answer to Set Session Privilege Level proves it holds the same keys.
        boolean rakp4Received = false;
        try {
            exchange("RAKP 3", attempt -> {
                byte[] p = new byte[8 + rakp3Code.length];
                p[0] = (byte) nextTag();
                put32(p, 4, bmcSessionId);
                System.arraycopy(rakp3Code, 0, p, 8, rakp3Code.length);
                return v2Packet(PAYLOAD_RAKP3, 0, 0, p, false);
            }, in -> {
                if (in.type != PAYLOAD_RAKP4 || in.payload.length < 2
                        || (in.payload[0] & 0xFF) != (messageTag & 0xFF)) {
                    return null;
                }
                int status = in.payload[1] & 0xFF;
                if (status != 0) {
                    throw rmcpStatus("RAKP 4", status);
                }
                int icvLength = suite.authenticated() ? suite.icvLength : 0;
                if (in.payload.length < 8 + icvLength || get32(in.payload, 4) != consoleSessionId) {
                    throw protocol("RAKP 4 message is malformed");
                }
                icv[0] = Arrays.copyOfRange(in.payload, 8, 8 + icvLength);
                return Boolean.TRUE;
            }, deadline.atMost(2 * retransmitNanos));
            rakp4Received = true;
        } catch (BmcException e) {
            if (e.kind() != Kind.TIMEOUT || deadline.expired()) {
                throw e;
            }
            LOG.fine(() -> endpoint.address() + ": no RAKP 4; assuming it was lost and the session is active");
        }
        if (suite.authenticated()) {
            byte[] sik = IpmiCrypto.sessionIntegrityKey(suite, kuid, consoleRandom, bmcRandom, role, userName);
            try {
                if (rakp4Received && !IpmiCrypto.same(IpmiCrypto.rakp4Icv(suite, sik, consoleRandom, bmcSessionId,
                        bmcGuid), icv[0])) {
                    throw new BmcException(Kind.AUTH_FAILED, endpoint.address() + ": session keys do not match"
                            + " (RAKP 4); the BMC probably requires a BMC key (Kg), which this driver does not send");
                }
                k1 = IpmiCrypto.additionalKey(suite, sik, 1);
                k2 = IpmiCrypto.additionalKey(suite, sik, 2);
            } finally {
                Arrays.fill(sik, (byte) 0);
            }
        }
        active = true;
        sessionsOpened++;

        // Sessions start at User level; raise to the requested one.
        IpmiResponse r;
        try {
            r = command(NETFN_APP, 0x3B, new byte[] { (byte) privilege }, "Set Session Privilege Level", deadline);
        } catch (BmcException e) {
            active = false;
            throw e;
        }
        if (!r.ok()) {
            active = false;
            sendCloseSession();
            throw new BmcException(Kind.AUTH_FAILED, endpoint.address() + ": user '" + user + "' may not work at "
                    + Privilege.name(privilege) + " privilege (completion code " + hex(r.completionCode()) + ")");
        }
        long micros = (System.nanoTime() - start) / 1000;
        LOG.fine(() -> endpoint.address() + ": session opened, cipher suite " + suite.id + ", "
                + Privilege.name(privilege) + ", user '" + user + "' in " + micros / 1000.0 + " ms");
    }

    private static void algorithmPayload(byte[] p, int at, int type, int algorithm) {
        p[at] = (byte) type;
        p[at + 3] = 0x08;
        p[at + 4] = (byte) algorithm;
    }

    /** Tells the BMC the RAKP 2 check failed so it frees the session slot at once (best effort, no answer). */
    private void sendRakp3Failure() {
        byte[] p = new byte[8];
        p[0] = (byte) nextTag();
        p[1] = 0x0F; // invalid integrity check value
        put32(p, 4, bmcSessionId);
        sendQuietly(v2Packet(PAYLOAD_RAKP3, 0, 0, p, false));
    }

    private ChannelAuthCapabilities getChannelAuthCapabilities(Deadline deadline) throws BmcException {
        int seq = nextRequestSequence();
        // channel 0xE = this one, bit 7 = report IPMI 2.0 extended capabilities
        byte[] msg = IpmiMessages.request(NETFN_APP, 0x38, seq, new byte[] { (byte) 0x8E, (byte) privilege });
        IpmiResponse r = exchange("Get Channel Authentication Capabilities", attempt -> v15Packet(msg), in -> {
            if (in.type != -1) {
                return null;
            }
            return parseResponse(in.payload, NETFN_APP, 0x38, seq);
        }, deadline);
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
        IpmiResponse response = exchange(what, attempt -> v2Packet(PAYLOAD_IPMI, bmcSessionId, nextOutbound(), msg,
                true), in -> {
                    if (in.type != PAYLOAD_IPMI) {
                        return null;
                    }
                    return parseResponse(in.payload, netFn, command, seq);
                }, deadline);
        return response;
    }

    private IpmiResponse parseResponse(byte[] payload, int netFn, int command, int seq) throws BmcException {
        try {
            return IpmiMessages.response(payload, netFn, command, seq);
        } catch (IllegalArgumentException e) {
            throw protocol("malformed IPMI response (" + e.getMessage() + ")");
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

    private int nextTag() {
        messageTag = (messageTag + 1) & 0xFF;
        return messageTag;
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
        /** @return the result, or {@code null} if the packet does not answer this request */
        T match(Inbound in) throws BmcException;
    }

    /** A received packet: payload type (-1 for IPMI 1.5 framing), decrypted and integrity-checked payload. */
    record Inbound(int type, byte[] payload) {
    }

    /**
     * Sends a request and waits for its answer, sending it again (freshly encoded) every retransmit interval until
     * the deadline.
     */
    <T> T exchange(String what, PacketFactory factory, Matcher<T> matcher, Deadline deadline) throws BmcException {
        byte[] buffer = new byte[1500];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        int attempt = 0;
        while (true) {
            checkCancelled(what);
            if (deadline.expired()) {
                throw new BmcException(Kind.TIMEOUT, endpoint.address() + ": no answer to " + what + " within "
                        + deadline.budgetMillis() + " ms (" + attempt + (attempt == 1 ? " attempt" : " attempts")
                        + "); check the address, that IPMI over LAN is enabled and that UDP is not filtered");
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
                Inbound in = parse(Arrays.copyOf(buffer, datagram.getLength()));
                if (in == null) {
                    continue;
                }
                T result = matcher.match(in);
                if (result != null) {
                    lastAnswerNanos = System.nanoTime();
                    return result;
                }
            }
        }
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

    private void sendQuietly(byte[] packet) {
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

    private BmcException protocol(String detail) {
        return new BmcException(Kind.PROTOCOL, endpoint.address() + ": " + detail
                + "; is this an IPMI 2.0 BMC, and is the port right?");
    }

    private BmcException rmcpStatus(String step, int status) {
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

    // ---------------------------------------------------------------------------------------------- framing

    private static byte[] rmcpHeader() {
        return new byte[] { 0x06, 0x00, (byte) 0xFF, 0x07 };
    }

    private static byte[] v15Packet(byte[] msg) {
        byte[] p = new byte[4 + 10 + msg.length];
        System.arraycopy(rmcpHeader(), 0, p, 0, 4);
        p[4] = AUTH_TYPE_NONE;
        // sequence 0, session ID 0
        p[13] = (byte) msg.length;
        System.arraycopy(msg, 0, p, 14, msg.length);
        return p;
    }

    /** RMCP+ packet; protected in-session messages get the suite's encryption and integrity trailer. */
    byte[] v2Packet(int payloadType, int sessionId, int sequence, byte[] payload, boolean protect) {
        int type = payloadType;
        byte[] body = payload;
        boolean integrity = protect && suite.integrity() && k1 != null;
        if (protect && suite.encrypted() && k2 != null) {
            byte[] iv = new byte[16];
            random.nextBytes(iv);
            body = IpmiCrypto.encryptAesCbc128(k2, iv, payload);
            type |= 0x80;
        }
        if (integrity) {
            type |= 0x40;
        }
        int headerEnd = 16;
        int payloadEnd = headerEnd + body.length;
        int pad = 0;
        int length = payloadEnd;
        if (integrity) {
            // AuthType .. Next Header must be a multiple of 4 bytes
            pad = (4 - (payloadEnd - 4 + 2) % 4) % 4;
            length = payloadEnd + pad + 2 + suite.icvLength;
        }
        byte[] p = new byte[length];
        System.arraycopy(rmcpHeader(), 0, p, 0, 4);
        p[4] = AUTH_TYPE_RMCP_PLUS;
        p[5] = (byte) type;
        put32(p, 6, sessionId);
        put32(p, 10, sequence);
        p[14] = (byte) body.length;
        p[15] = (byte) (body.length >>> 8);
        System.arraycopy(body, 0, p, headerEnd, body.length);
        if (integrity) {
            Arrays.fill(p, payloadEnd, payloadEnd + pad, (byte) 0xFF);
            p[payloadEnd + pad] = (byte) pad;
            p[payloadEnd + pad + 1] = 0x07;
            int codeAt = payloadEnd + pad + 2;
            byte[] code = IpmiCrypto.integrity(suite, k1, p, 4, codeAt);
            System.arraycopy(code, 0, p, codeAt, code.length);
        }
        return p;
    }

    /**
     * Parses a datagram.
     *
     * @return the packet, or {@code null} if it belongs to another session (a stale one of ours)
     * @throws BmcException PROTOCOL if it is not RMCP/IPMI or fails its integrity check
     */
    Inbound parse(byte[] p) throws BmcException {
        if (p.length < 5 || p[0] != 0x06 || (p[3] & 0x7F) != 0x07) {
            throw protocol("answered with " + p.length + " bytes that are not an RMCP/IPMI packet");
        }
        int authType = p[4] & 0x0F;
        if (authType == AUTH_TYPE_NONE) {
            if (p.length < 14 || p.length < 14 + (p[13] & 0xFF)) {
                throw protocol("truncated IPMI 1.5 packet");
            }
            return new Inbound(-1, Arrays.copyOfRange(p, 14, 14 + (p[13] & 0xFF)));
        }
        if (authType != AUTH_TYPE_RMCP_PLUS) {
            throw protocol("unexpected IPMI 1.5 authenticated packet (auth type " + authType + ")");
        }
        if (p.length < 16) {
            throw protocol("truncated RMCP+ packet");
        }
        int type = p[5] & 0x3F;
        boolean encrypted = (p[5] & 0x80) != 0;
        boolean authenticated = (p[5] & 0x40) != 0;
        int sessionId = get32(p, 6);
        int length = (p[14] & 0xFF) | (p[15] & 0xFF) << 8;
        int payloadEnd = 16 + length;
        if (payloadEnd > p.length) {
            throw protocol("RMCP+ payload length " + length + " exceeds the packet");
        }
        if (type != PAYLOAD_IPMI) {
            if (sessionId != 0) {
                return null;
            }
            return new Inbound(type, Arrays.copyOfRange(p, 16, payloadEnd));
        }
        if (!active || sessionId != consoleSessionId) {
            return null; // an answer for an earlier session
        }
        if (suite.integrity()) {
            if (!authenticated) {
                throw protocol("session message without integrity protection");
            }
            int codeAt = p.length - suite.icvLength;
            if (codeAt - 2 < payloadEnd || (p[codeAt - 1] & 0xFF) != 0x07
                    || codeAt - 2 - (p[codeAt - 2] & 0xFF) != payloadEnd) {
                throw protocol("malformed session trailer");
            }
            byte[] expected = IpmiCrypto.integrity(suite, k1, p, 4, codeAt);
            if (!IpmiCrypto.same(expected, Arrays.copyOfRange(p, codeAt, p.length))) {
                throw protocol("session message failed its integrity check");
            }
        }
        byte[] payload = Arrays.copyOfRange(p, 16, payloadEnd);
        if (suite.encrypted()) {
            if (!encrypted) {
                throw protocol("session message is not encrypted");
            }
            try {
                payload = IpmiCrypto.decryptAesCbc128(k2, payload);
            } catch (IllegalArgumentException e) {
                throw protocol("cannot decrypt session message (" + e.getMessage() + ")");
            }
        }
        return new Inbound(type, payload);
    }

    static void put32(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
        b[at + 2] = (byte) (value >>> 16);
        b[at + 3] = (byte) (value >>> 24);
    }

    static int get32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    // ---------------------------------------------------------------------------------------------- closing

    /** Closes the session without waiting for the BMC's answer. */
    private void sendCloseSession() {
        if (!active || socket == null) {
            return;
        }
        byte[] data = new byte[4];
        put32(data, 0, bmcSessionId);
        byte[] msg = IpmiMessages.request(NETFN_APP, 0x3C, nextRequestSequence(), data);
        sendQuietly(v2Packet(PAYLOAD_IPMI, bmcSessionId, nextOutbound(), msg, true));
        active = false;
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
        active = false;
        DatagramSocket s = socket;
        if (s != null) {
            s.close();
        }
    }

    void wipe() {
        Arrays.fill(kuid, (byte) 0);
        if (k1 != null) {
            Arrays.fill(k1, (byte) 0);
        }
        if (k2 != null) {
            Arrays.fill(k2, (byte) 0);
        }
    }
}
