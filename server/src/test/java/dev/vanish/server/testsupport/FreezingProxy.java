package dev.vanish.server.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a free local port that can turn its open connections into black holes: after
 * {@link #freezeOpenConnections()} they stay open but carry nothing either way — what a network cut without
 * a reset (a dead NAT entry, a pulled cable, a frozen VM) looks like to the client — while connections made
 * afterwards are forwarded normally. It can also freeze only the server's replies, and cut its open
 * connections. Blocking sockets and two threads per connection: test code.
 */
public final class FreezingProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int targetPort;
  private final List<Pair> pairs = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private static final class Pair {
    final Socket client;
    final Socket server;
    volatile boolean frozen;
    volatile boolean repliesFrozen;

    Pair(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }
  }

  public FreezingProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "freezing-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** How many connections have been made through the proxy so far. */
  public int connections() {
    return pairs.size();
  }

  /** Every connection open now stops forwarding for good (without closing); new ones are unaffected. */
  public void freezeOpenConnections() {
    for (Pair p : pairs) p.frozen = true;
  }

  /**
   * Every connection open now stops forwarding what the server sends (the client's bytes still get through):
   * a request or frame arrives and is acted on, its answer never comes back.
   */
  public void freezeRepliesOfOpenConnections() {
    for (Pair p : pairs) p.repliesFrozen = true;
  }

  /** Closes both ends of every connection open now (the client sees its connection drop); new ones work. */
  public void cutOpenConnections() {
    for (Pair p : pairs) {
      p.frozen = true;
      closeQuietly(p);
    }
  }

  private static void closeQuietly(Pair p) {
    try {
      p.client.close();
      p.server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        Pair p = new Pair(client, server);
        pairs.add(p);
        pump(p, client, server, false);
        pump(p, server, client, true);
      } catch (IOException e) {
        if (!closed) continue;
        return;
      }
    }
  }

  private void pump(Pair p, Socket from, Socket to, boolean replies) throws IOException {
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      try {
        int n;
        while ((n = in.read(buf)) >= 0) {
          // Frozen: hold what was read and never pass it on, nor read more; the sockets stay open.
          while ((p.frozen || (replies && p.repliesFrozen)) && !closed) Thread.sleep(50);
          if (closed) return;
          out.write(buf, 0, n);
          out.flush();
        }
        to.shutdownOutput();
      } catch (IOException | InterruptedException e) {
        // the other side went away, or the proxy closed
      }
    }, "freezing-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Pair p : pairs) closeQuietly(p);
  }
}
