package dev.vanish.server.fuzz;

import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad request bodies, tried on purpose, at the three endpoints that read one: create a room, take a seat,
 * post a message. Every answer is a documented 4xx in the error shape (or the documented success for the
 * rare valid input), and a rejected request stores nothing: no room, no seat, no message.
 */
class HttpBodyFuzzTest {

  static final int TRIES = 300;
  private static final int PLANNED = 3 * TRIES;

  private static TestNode node;
  private static Api.Room room;
  private static Api.Member member;
  private static int startInputs;

  @BeforeContainer
  static void start() {
    node = Fuzz.startNode();
    room = node.api().createRoom(null, 50);
    member = node.api().join(room);
    startInputs = Fuzz.HTTP_INPUTS.get();
  }

  @AfterContainer
  static void stop() {
    try {
      Fuzz.assertHealthy(node);
      Fuzz.report("HTTP bodies");
      assertThat(Fuzz.HTTP_INPUTS.get() - startInputs).as("HTTP inputs tried").isGreaterThanOrEqualTo(PLANNED);
      assertThat(Fuzz.SERVER_ERRORS.get()).isZero();
    } finally {
      node.close();
    }
  }

  @Property(tries = TRIES)
  void createRoom(@ForAll("createBodies") byte[] body, @ForAll("contentTypes") String contentType) {
    int before = Fuzz.roomCount(node);
    Api.Reply r = Fuzz.call(node, "POST", "/api/v1/rooms", headers(null, contentType), body);
    // A valid body names one room id: the first one creates it, its repeats get 409 room_exists.
    Set<Integer> ok = Gen.jsonContentType(contentType) && body.length <= 64 * 1024 ? Set.of(201, 400, 409) : allowed(body, contentType, 201);
    Fuzz.check(r, ok, "create");
    assertThat(Fuzz.roomCount(node)).as("rooms after %s", r.status()).isEqualTo(before + (r.status() == 201 ? 1 : 0));
  }

  @Property(tries = TRIES)
  void join(@ForAll("joinBodies") byte[] body, @ForAll("contentTypes") String contentType) {
    int before = members();
    Api.Reply r = Fuzz.call(node, "POST", "/api/v1/rooms/" + room.roomId() + "/members", headers(null, contentType), body);
    Set<Integer> ok = Gen.jsonContentType(contentType) && body.length <= 64 * 1024 ? Set.of(201, 400, 404, 409) : allowed(body, contentType, 201);
    Fuzz.check(r, ok, "join");
    assertThat(members()).as("seats after %s", r.status()).isEqualTo(before + (r.status() == 201 ? 1 : 0));
  }

  @Property(tries = TRIES)
  void postMessage(@ForAll("messageBodies") byte[] body, @ForAll("contentTypes") String contentType) {
    int before = messages();
    Api.Reply r = Fuzz.call(node, "POST", "/api/v1/rooms/" + room.roomId() + "/messages", headers(member.token(), contentType), body);
    Set<Integer> ok = Gen.jsonContentType(contentType) && body.length <= 64 * 1024 ? Set.of(201, 400, 429) : allowed(body, contentType, 201);
    Fuzz.check(r, ok, "post");
    assertThat(messages()).as("messages after %s", r.status()).isEqualTo(before + (r.status() == 201 ? 1 : 0));
  }

  @Example
  void hugeIntegerCapacityIsRejectedNot500() {
    String valid = TestCrypto.createRequest(TestCrypto.newRoomKey()).encode();
    byte[] body = Gen.utf8(valid.substring(0, valid.length() - 1) + ",\"capacity\":-" + "9".repeat(30) + "}");
    Api.Reply r = Fuzz.call(node, "POST", "/api/v1/rooms", headers(null, "application/json"), body);
    Fuzz.check(r, Set.of(400), "huge negative capacity");
  }

  /** Found by this suite: Vert.x parsed form bodies itself and answered a malformed one with 500 (now: 415 unread). */
  @Example
  void malformedFormBodyIsA415NotA500() {
    for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
      for (String path : List.of("/api/v1/rooms", "/api/v1/rooms/" + room.roomId() + "/members")) {
        Api.Reply r = Fuzz.call(node, "POST", path, headers(null, type), Gen.utf8("=x&&%zz\r\n--x\r\n"));
        Fuzz.check(r, Set.of(415), type + " to " + path);
      }
    }
    Api.Reply big = Fuzz.call(node, "POST", "/api/v1/rooms", headers(null, "text/plain"), new byte[70_000]);
    Fuzz.check(big, Set.of(413), "oversized text/plain");
  }

  @Provide
  Arbitrary<byte[]> createBodies() {
    JsonObject valid = TestCrypto.createRequest(TestCrypto.newRoomKey()).put("ttlSeconds", 600).put("capacity", 2);
    return Gen.body(valid, List.of("v", "roomId", "publicKey", "ttlSeconds", "capacity"));
  }

  @Provide
  Arbitrary<byte[]> joinBodies() {
    // One signed answer to one challenge: its first use seats, its repeats get 404 (the nonce is spent), and after the
    // challenge's minute 400.
    return Gen.body(node.api().joinBody(room), List.of("v", "challenge", "signature"));
  }

  @Provide
  Arbitrary<byte[]> messageBodies() {
    String body = TestCrypto.encrypt(room.key(), room.roomId(), TestCrypto.plaintext("fuzz", "hello"));
    return Gen.body(new JsonObject().put("body", body), List.of("body"));
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Gen.contentType();
  }

  /** What a body may get: 413 when oversized, else 415 without a JSON Content-Type, else 400 or the success. */
  private static Set<Integer> allowed(byte[] body, String contentType, int success) {
    if (body.length > 64 * 1024) return Set.of(413);
    if (!Gen.jsonContentType(contentType)) return Set.of(415);
    return Set.of(success, 400);
  }

  static Map<String, String> headers(String token, String contentType) {
    Map<String, String> h = new HashMap<>();
    if (token != null) h.put("Authorization", "Bearer " + token);
    if (contentType != null) h.put("Content-Type", contentType);
    return h;
  }

  private static int members() {
    Api.Reply r = node.api().get("/api/v1/rooms/" + room.roomId(), member.token());
    assertThat(r.status()).isEqualTo(200);
    return r.json().getJsonArray("members").size();
  }

  private static int messages() {
    Api.Reply r = node.api().get("/api/v1/rooms/" + room.roomId() + "/messages", member.token());
    assertThat(r.status()).isEqualTo(200);
    return r.json().getJsonArray("messages").size();
  }
}
