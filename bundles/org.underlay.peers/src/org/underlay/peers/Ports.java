package org.underlay.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback ports for peers: a free one to listen on, whether one is free, whether one accepts connections. */
public final class Ports {

	private Ports() {
	}

	/** A UDP port on the loopback address that was free a moment ago (another process may take it meanwhile). */
	public static int freeUdp() {
		try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			return s.getLocalPort();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A TCP port on the loopback address that was free a moment ago (another process may take it meanwhile). */
	public static int freeTcp() {
		try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return s.getLocalPort();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Whether a TCP port (or UDP, {@code udp}) can be bound on {@code host} right now. */
	public static boolean isFree(String host, int port, boolean udp) {
		try {
			InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(host), port);
			if (udp) {
				try (DatagramSocket s = new DatagramSocket(null)) {
					s.bind(address);
				}
			} else {
				try (ServerSocket s = new ServerSocket()) {
					s.setReuseAddress(true);
					s.bind(address);
				}
			}
			return true;
		} catch (IOException e) {
			return false;
		}
	}

	/** Whether something accepts TCP connections on {@code host:port} (300 ms to connect). */
	public static boolean accepts(String host, int port) {
		try (Socket s = new Socket()) {
			s.connect(new InetSocketAddress(InetAddress.getByName(host), port), 300);
			return true;
		} catch (IOException e) {
			return false;
		}
	}
}
