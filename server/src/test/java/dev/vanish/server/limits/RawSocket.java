package dev.vanish.server.limits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hand-written WebSocket client over a plain TCP socket, for what no polite client does: never reading,
 * never answering pings, choosing its own receive buffer, sending X-Forwarded-For. Blocking; test threads only.
 */
final class RawSocket implements AutoCloseable {

  /** One received frame. */
  record Frame(int opcode, byte[] payload) {
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
    }

    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  final Socket socket;
  final int status;
  final Map<String, String> headers = new LinkedHashMap<>();
  private final InputStream in;
  private final OutputStream out;

  /**
   * Connects and sends the upgrade request; {@link #status} is the answer's status (101 when upgraded).
   * @param receiveBuffer SO_RCVBUF to ask for before connecting, or 0 for the system's default
   */
  RawSocket(int port, String path, Map<String, String> extraHeaders, int receiveBuffer) throws IOException {
    socket = new Socket();
    if (receiveBuffer > 0) socket.setReceiveBufferSize(receiveBuffer);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
    byte[] nonce = new byte[16];
    new SecureRandom().nextBytes(nonce);
    StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n");
    extraHeaders.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
    out.write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String[] lines = readHead().split("\r\n");
    status = Integer.parseInt(lines[0].split(" ")[1]);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) throw new IOException("connection closed during the handshake");
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** Sends a masked text frame, as a client must. */
  void sendText(String text) throws IOException {
    sendFrame(0x81, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a masked PONG frame with this payload, whether or not a ping asked for it. */
  void sendPong(byte[] payload) throws IOException {
    sendFrame(0x8A, payload);
  }

  private void sendFrame(int finAndOpcode, byte[] p) throws IOException {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write(finAndOpcode);
    if (p.length < 126) {
      f.write(0x80 | p.length);
    } else {
      f.write(0x80 | 126);
      f.write(p.length >> 8);
      f.write(p.length & 0xff);
    }
    byte[] mask = new byte[4];
    new SecureRandom().nextBytes(mask);
    f.write(mask);
    for (int i = 0; i < p.length; i++) f.write(p[i] ^ mask[i % 4]);
    out.write(f.toByteArray());
    out.flush();
  }

  /** The next frame, or null when the server closed the connection (or nothing came within the timeout). */
  Frame read(int timeoutMs) throws IOException {
    socket.setSoTimeout(timeoutMs);
    try {
      int b0 = in.read();
      if (b0 < 0) return null;
      int b1 = in.read();
      if (b1 < 0) return null;
      long len = b1 & 0x7f;
      if (len == 126) len = (in.read() << 8) | in.read();
      else if (len == 127) {
        len = 0;
        for (int i = 0; i < 8; i++) len = (len << 8) | in.read();
      }
      byte[] payload = in.readNBytes((int) len);
      if (payload.length < len) return null;
      return new Frame(b0 & 0x0f, payload);
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      return null; // reset by the server: as closed as it gets
    }
  }

  /** Reads (ignoring pings and data) until a close frame: its code; -1 when the connection ended without one, -2 on timeout. */
  int awaitClose(int timeoutMs) throws IOException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < end) {
      Frame f = read((int) Math.max(1, end - System.currentTimeMillis()));
      if (f == null) return System.currentTimeMillis() >= end ? -2 : -1;
      if (f.opcode() == 8) return f.closeCode();
    }
    return -2;
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
