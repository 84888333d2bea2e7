package dev.vanish.server.testsupport;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket client for tests: every received frame is queued; helpers wait for a frame of a given type. */
public final class TestSocket implements AutoCloseable {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<int[]> closed = new CompletableFuture<>();
  private final List<JsonObject> seen = new ArrayList<>();
  private volatile String closeReason;
  private final WebSocket ws;

  private TestSocket(String url) {
    this.ws = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create(url), new Listener()).join();
  }

  /** Opens a socket to a room (base is http://host:port). */
  public static TestSocket open(String base, String roomId) {
    return new TestSocket(base.replaceFirst("^http", "ws") + "/api/v1/rooms/" + roomId + "/socket");
  }

  /** Opens a socket and says hello; returns once the welcome arrived. */
  public static TestSocket joined(String base, Api.Member m, String after) {
    TestSocket s = open(base, m.roomId());
    JsonObject hello = new JsonObject().put("type", "hello").put("v", 2).put("token", m.token());
    if (after != null) hello.put("after", after);
    s.sendJson(hello);
    s.await("welcome");
    return s;
  }

  public void sendText(String text) {
    ws.sendText(text, true).join();
  }

  public void sendJson(JsonObject frame) {
    sendText(frame.encode());
  }

  /** The next frame of this type within 5 s; frames of other types before it are kept in {@link #seen()}. */
  public JsonObject await(String type) {
    return await(type, 5000);
  }

  public JsonObject await(String type, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (true) {
      long left = deadline - System.currentTimeMillis();
      JsonObject f;
      try {
        f = left <= 0 ? null : frames.poll(left, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      if (f == null) throw new AssertionError("no '" + type + "' frame within " + timeoutMs + " ms; seen: " + seen);
      synchronized (seen) {
        seen.add(f);
      }
      if (type.equals(f.getString("type"))) return f;
    }
  }

  /** The first frame of this type that {@code matches}, within the time; frames before it are kept in {@link #seen()}. */
  public JsonObject await(String type, long timeoutMs, Predicate<JsonObject> matches) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (true) {
      JsonObject f = await(type, Math.max(1, deadline - System.currentTimeMillis()));
      if (matches.test(f)) return f;
    }
  }

  /** The next frame of this type, or null if none arrives within the time (for asserting absence). */
  public JsonObject poll(String type, long timeoutMs) {
    try {
      return await(type, timeoutMs);
    } catch (AssertionError e) {
      return null;
    }
  }

  public List<JsonObject> seen() {
    synchronized (seen) {
      return new ArrayList<>(seen);
    }
  }

  /** Waits for the server to close the socket; returns the close code. */
  public int awaitClose() {
    try {
      return closed.get(5, TimeUnit.SECONDS)[0];
    } catch (Exception e) {
      throw new AssertionError("socket not closed within 5 s", e);
    }
  }

  public String closeReason() {
    return closeReason;
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      try {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        ws.abort();
      }
    }
  }

  /** Drops the connection without a close handshake, like a network failure. */
  public void abort() {
    ws.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(new JsonObject(partial.toString()));
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeReason = reason;
      closed.complete(new int[] {statusCode});
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(new int[] {-1});
    }
  }
}
