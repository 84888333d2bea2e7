package dev.vanish.server.testsupport;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A blocking HTTP client for tests, speaking the API exactly as any client would (java.net.http). */
public final class Api {

  /** A response: status, raw body, the body as JSON when it is an object, and headers. */
  public record Reply(int status, String raw, HttpResponse<String> response) {
    public JsonObject json() {
      return new JsonObject(raw);
    }

    public String error() {
      return json().getString("error");
    }

    public String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }
  }

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;

  public Api(String base) {
    this.base = base;
  }

  public String base() {
    return base;
  }

  public Reply get(String path) { return call("GET", path, null, null, null); }

  public Reply get(String path, String token) { return call("GET", path, token, null, null); }

  public Reply post(String path, Object json) { return call("POST", path, null, json == null ? null : json.toString(), "application/json"); }

  public Reply post(String path, String token, Object json) { return call("POST", path, token, json.toString(), "application/json"); }

  public Reply delete(String path, String token) { return call("DELETE", path, token, null, null); }

  public Reply call(String method, String path, String token, String body, String contentType) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (contentType != null) b.header("Content-Type", contentType);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r);
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    }
  }

  // --- protocol steps --------------------------------------------------------------------------------------

  /** A room created with a fresh key: what a creator holds. */
  public record Room(String roomId, byte[] key, long expiresAt, int capacity) {}

  /** A taken seat. */
  public record Member(String roomId, byte[] key, String memberId, String token) {}

  /** POST a room with a fresh key and the defaults, and return whatever the server answered. */
  public Reply tryCreateRoom() {
    return post("/api/v1/rooms", new JsonObject().put("accessHash", TestCrypto.accessHash(TestCrypto.newRoomKey())));
  }

  public Room createRoom(Integer ttlSeconds, Integer capacity) {
    byte[] k = TestCrypto.newRoomKey();
    JsonObject req = new JsonObject().put("accessHash", TestCrypto.accessHash(k));
    if (ttlSeconds != null) req.put("ttlSeconds", ttlSeconds);
    if (capacity != null) req.put("capacity", capacity);
    Reply r = post("/api/v1/rooms", req);
    if (r.status() != 201) throw new IllegalStateException("create failed: " + r.status() + " " + r.raw());
    JsonObject j = r.json();
    return new Room(j.getString("roomId"), k, j.getLong("expiresAt"), j.getInteger("capacity"));
  }

  public Reply tryJoin(Room room) {
    return post("/api/v1/rooms/" + room.roomId() + "/members", new JsonObject().put("accessProof", TestCrypto.accessProof(room.key())));
  }

  public Member join(Room room) {
    Reply r = tryJoin(room);
    if (r.status() != 201) throw new IllegalStateException("join failed: " + r.status() + " " + r.raw());
    return new Member(room.roomId(), room.key(), r.json().getString("memberId"), r.json().getString("token"));
  }

  public Reply send(Member m, String text) {
    String body = TestCrypto.encrypt(m.key(), m.roomId(), TestCrypto.plaintext("tester", text));
    return post("/api/v1/rooms/" + m.roomId() + "/messages", m.token(), new JsonObject().put("body", body));
  }
}
