package org.underlay.ssh.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

import com.jcraft.jsch.SocketFactory;

/**
 * Creates the one socket of a connection attempt (with the connect timeout) and can close it from another thread:
 * a blocked handshake then fails at once. Also sets TCP_NODELAY, as OpenSSH does.
 */
public final class CancellableSocketFactory implements SocketFactory {

	private final int connectTimeoutMillis;
	private volatile Socket socket;
	private volatile boolean aborted;

	public CancellableSocketFactory(int connectTimeoutMillis) {
		this.connectTimeoutMillis = connectTimeoutMillis;
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		Socket s = new Socket();
		socket = s;
		if (aborted) {
			s.close();
			throw new IOException("connection attempt cancelled");
		}
		s.setTcpNoDelay(true);
		s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
		return s;
	}

	@Override
	public InputStream getInputStream(Socket s) throws IOException {
		return s.getInputStream();
	}

	@Override
	public OutputStream getOutputStream(Socket s) throws IOException {
		return s.getOutputStream();
	}

	/** Closes the socket (if any) and makes any later attempt fail. */
	public void abort() {
		aborted = true;
		Socket s = socket;
		if (s != null) {
			try {
				s.close();
			} catch (IOException e) {
				// closing is all we wanted
			}
		}
	}

	public boolean aborted() {
		return aborted;
	}
}
