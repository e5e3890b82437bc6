package org.underlay.ssh.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay that can {@link #freeze()}: it keeps the connections open but stops passing bytes, like a
 * peer whose machine hangs or whose network path dies without a FIN or RST.
 */
final class FreezableProxy implements AutoCloseable {

	private final ServerSocket listener;
	private final int target;
	private final List<Socket> sockets = new CopyOnWriteArrayList<>();
	private volatile boolean frozen;

	private FreezableProxy(ServerSocket listener, int target) {
		this.listener = listener;
		this.target = target;
	}

	static FreezableProxy start(int targetPort) throws IOException {
		FreezableProxy p = new FreezableProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
		Thread t = new Thread(p::accept, "freezable-proxy-accept");
		t.setDaemon(true);
		t.start();
		return p;
	}

	int port() {
		return listener.getLocalPort();
	}

	void freeze() {
		frozen = true;
	}

	private void accept() {
		try {
			while (true) {
				Socket client = listener.accept();
				Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
				sockets.add(client);
				sockets.add(server);
				pump(client, server);
				pump(server, client);
			}
		} catch (IOException e) {
			// closed
		}
	}

	private void pump(Socket from, Socket to) {
		Thread t = new Thread(() -> {
			byte[] buf = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int n;
				while ((n = in.read(buf)) >= 0) {
					while (frozen && !from.isClosed()) {
						Thread.sleep(50);
					}
					if (frozen) {
						return;
					}
					out.write(buf, 0, n);
					out.flush();
				}
			} catch (IOException | InterruptedException e) {
				// connection ended
			}
		}, "freezable-proxy-pump");
		t.setDaemon(true);
		t.start();
	}

	@Override
	public void close() throws IOException {
		frozen = true;
		listener.close();
		for (Socket s : sockets) {
			s.close();
		}
	}
}
