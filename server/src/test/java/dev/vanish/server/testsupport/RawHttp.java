// An HTTP/1.1 connection over a plain TCP socket, for what no polite client sends: a request dribbled one
// byte at a time, ambiguous framing, folded headers, an h2c upgrade, a connection that is opened and left
// idle, from a chosen local address (any 127.0.0.0/8 address is this machine). Blocking; test threads only.
package dev.vanish.server.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

public final class RawHttp implements AutoCloseable {

  /** An answer: status line's code, headers (lower-case names), body as text. */
  public record Response(int status, String statusLine, Map<String, String> headers, String body) {}

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Connects to 127.0.0.1:port from 127.0.0.1. */
  public static RawHttp connect(int port) {
    return connect(port, "127.0.0.1");
  }

  /** Connects to 127.0.0.1:port from the given local address (e.g. 127.0.0.2). */
  public static RawHttp connect(int port, String localAddress) {
    try {
      Socket s = new Socket();
      s.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      return new RawHttp(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the text as it is (CRLFs included); false when the connection is gone. */
  public boolean send(String text) {
    try {
      out.write(text.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Reads one answer (its body by Content-Length; to the end of the stream without one). */
  public Response read() {
    try {
      String head = readHead();
      String[] lines = head.split("\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
      byte[] body;
      if (headers.containsKey("content-length")) body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
      else if (lines[0].contains(" 101 ")) body = new byte[0];
      else body = in.readAllBytes();
      return new Response(Integer.parseInt(lines[0].split(" ")[1]), lines[0], headers, new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bytes received and not read yet (0 when none, or when the connection is broken). */
  public int available() {
    try {
      return in.available();
    } catch (IOException e) {
      return 0;
    }
  }

  /** The first bytes the server sends, up to n (fewer when it closes first). */
  public byte[] readUpTo(int n) {
    try {
      return in.readNBytes(n);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) throw new IOException("connection closed before an answer (" + head.size() + " bytes read)");
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * Blocks until the server closes the connection (end of stream or reset), discarding what it sends;
   * returns true if it did within the time, false if it was still open.
   */
  public boolean awaitClosed(long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    try {
      while (true) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) return false;
        socket.setSoTimeout((int) Math.max(1, left));
        try {
          if (in.read() < 0) return true;
        } catch (SocketTimeoutException e) {
          return false;
        }
      }
    } catch (IOException e) {
      return true; // reset: closed too
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
