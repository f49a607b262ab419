package org.dinfra.itest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of a node, to cut the network under the agent: {@link #cut()}
 * drops every connection and refuses new ones (as a dead host would), {@link #restore()} accepts
 * again on the same port.
 */
public final class TcpProxy implements AutoCloseable {
	private final int port;
	private final int target;
	private final List<Socket> sockets = new CopyOnWriteArrayList<>();
	private volatile ServerSocket server;

	/**
	 * @param target the port forwarded to on 127.0.0.1
	 */
	public TcpProxy(int target) throws IOException {
		this.port = KarafOptions.freePort();
		this.target = target;
		restore();
	}

	/** @return the port the proxy listens on */
	public int port() {
		return port;
	}

	/** @return {@code ws://127.0.0.1:<port>} */
	public String url() {
		return "ws://127.0.0.1:" + port;
	}

	/** Listens again. */
	public synchronized void restore() throws IOException {
		if (server != null) {
			return;
		}
		ServerSocket s = new ServerSocket();
		s.setReuseAddress(true);
		s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		server = s;
		Thread accept = new Thread(() -> accept(s), "proxy-accept-" + port);
		accept.setDaemon(true);
		accept.start();
	}

	private void accept(ServerSocket s) {
		while (!s.isClosed()) {
			try {
				Socket in = s.accept();
				Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
				sockets.add(in);
				sockets.add(out);
				pipe(in, out);
				pipe(out, in);
			} catch (IOException e) {
				// closed, or the target is down: the client sees the connection end
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		Thread t = new Thread(() -> {
			byte[] buf = new byte[64 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int n;
				while ((n = in.read(buf)) >= 0) {
					out.write(buf, 0, n);
					out.flush();
				}
			} catch (IOException e) {
				// cut
			} finally {
				close(from);
				close(to);
			}
		}, "proxy-pipe-" + port);
		t.setDaemon(true);
		t.start();
	}

	/** Drops every connection and stops listening. */
	public synchronized void cut() {
		ServerSocket s = server;
		server = null;
		if (s != null) {
			close(s);
		}
		for (Socket socket : sockets) {
			close(socket);
		}
		sockets.clear();
	}

	private static void close(AutoCloseable c) {
		try {
			c.close();
		} catch (Exception e) {
			// already closed
		}
	}

	@Override
	public void close() {
		cut();
	}
}
