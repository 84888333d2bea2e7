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

  /**
   * A room created with a fresh key: what a creator holds. {@code passphraseP} is the passphrase's PBKDF2 output
   * (TestCrypto.passphraseP) for a passphrase room, else null; joins through {@link #join(Room)} sign with it too.
   */
  public record Room(String roomId, byte[] key, long expiresAt, int capacity, byte[] passphraseP) {
    public Room(String roomId, byte[] key, long expiresAt, int capacity) {
      this(roomId, key, expiresAt, capacity, null);
    }
  }

  /** A taken seat. */
  public record Member(String roomId, byte[] key, String memberId, String token) {}

  /** POST a room with a fresh key and id and the defaults (protocol v2), and return whatever the server answered. */
  public Reply tryCreateRoom() {
    return post("/api/v1/rooms", TestCrypto.createRequest(TestCrypto.newRoomKey()));
  }

  public Room createRoom(Integer ttlSeconds, Integer capacity) {
    byte[] k = TestCrypto.newRoomKey();
    JsonObject req = TestCrypto.createRequest(k);
    if (ttlSeconds != null) req.put("ttlSeconds", ttlSeconds);
    if (capacity != null) req.put("capacity", capacity);
    Reply r = post("/api/v1/rooms", req);
    if (r.status() != 201) throw new IllegalStateException("create failed: " + r.status() + " " + r.raw());
    JsonObject j = r.json();
    return new Room(j.getString("roomId"), k, j.getLong("expiresAt"), j.getInteger("capacity"));
  }

  /**
   * A passphrase room: {@code p} = TestCrypto.passphraseP(passphrase, roomId) (computed once per test: PBKDF2 is
   * slow on purpose); {@code attempts} null for the default.
   */
  public Room createPassphraseRoom(String roomId, byte[] k, byte[] p, Integer attempts, Integer capacity) {
    JsonObject req = TestCrypto.createRequest(k, roomId)
        .put("passphraseKey", TestCrypto.publicKey(TestCrypto.passphraseSeed(k, p)));
    if (attempts != null) req.put("attempts", attempts);
    if (capacity != null) req.put("capacity", capacity);
    Reply r = post("/api/v1/rooms", req);
    if (r.status() != 201) throw new IllegalStateException("create failed: " + r.status() + " " + r.raw());
    JsonObject j = r.json();
    return new Room(j.getString("roomId"), k, j.getLong("expiresAt"), j.getInteger("capacity"), p);
  }

  /** GET …/challenge: a fresh seat challenge for this room id (the server answers one for any well-shaped id). */
  public String challenge(String roomId) {
    Reply r = get("/api/v1/rooms/" + roomId + "/challenge");
    if (r.status() != 200) {
      // A room id of the wrong shape has no challenge; a well-shaped stand-in lets the join itself answer 404.
      return "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    }
    return r.json().getString("challenge");
  }

  /** A complete v2 join body for this room: a fresh challenge, signed with the room's key (and passphrase, if any). */
  public JsonObject joinBody(Room room) {
    String challenge = challenge(room.roomId());
    JsonObject body = TestCrypto.joinRequest(room.key(), room.roomId(), challenge);
    if (room.passphraseP() != null) {
      body.put("passphraseSignature", TestCrypto.sign(TestCrypto.passphraseSeed(room.key(), room.passphraseP()),
          TestCrypto.seatMessage(room.roomId(), challenge)));
    }
    return body;
  }

  public Reply tryJoin(Room room) {
    return post("/api/v1/rooms/" + room.roomId() + "/members", joinBody(room));
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
