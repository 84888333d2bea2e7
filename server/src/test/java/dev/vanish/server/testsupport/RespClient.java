// A tiny blocking RESP2 client for tests: inspects a private redis-server (SCAN keys, dump values) from the
// test thread without going through Vert.x or the engine under test.
package dev.vanish.server.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public final class RespClient implements AutoCloseable {

  /** An error reply (-ERR ...). */
  public static final class RedisError extends RuntimeException {
    RedisError(String message) { super(message); }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RespClient(int port, String password) {
    try {
      socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      socket.setSoTimeout(5_000);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (password != null) call("AUTH", password);
  }

  /** Sends one command; returns String, Long, null or List<Object>; throws RedisError on an error reply. */
  public Object call(String... args) {
    try {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      buf.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      for (String a : args) {
        byte[] b = a.getBytes(StandardCharsets.UTF_8);
        buf.write(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        buf.write(b);
        buf.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write(buf.toByteArray());
      out.flush();
      Object reply = read();
      if (reply instanceof RedisError e) throw new RedisError(e.getMessage());
      return reply;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Object read() throws IOException {
    int type = in.read();
    if (type < 0) throw new EOFException("redis closed the connection");
    String line = line();
    switch (type) {
      case '+': return line;
      case '-': return new RedisError(line);
      case ':': return Long.parseLong(line);
      case '$': {
        int n = Integer.parseInt(line);
        if (n < 0) return null;
        byte[] b = in.readNBytes(n + 2);
        return new String(b, 0, n, StandardCharsets.UTF_8);
      }
      case '*': {
        int n = Integer.parseInt(line);
        if (n < 0) return null;
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(read());
        return list;
      }
      default: throw new IOException("unexpected RESP type " + (char) type);
    }
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) throw new EOFException("redis closed the connection");
      sb.append((char) c);
    }
    in.read(); // '\n'
    return sb.toString();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a test connection
    }
  }
}
