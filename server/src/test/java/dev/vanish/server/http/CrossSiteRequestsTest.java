package dev.vanish.server.http;

import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack: a foreign page makes its visitors' browsers POST to a node with a CORS "simple" request (no
 * preflight: Content-Type text/plain, a form type, or none), creating rooms and taking seats from their
 * addresses and spending their per-IP limits. Every POST of the API without Content-Type: application/json
 * is refused 415 in the error shape before its body is read, and stores nothing (it was 201 without a type,
 * and 400 with a wrong one).
 */
class CrossSiteRequestsTest {

  /** What a cross-site form or fetch can send without a preflight, and a request with no type at all. */
  private static final List<String> SIMPLE_TYPES = Arrays.asList(null, "text/plain", "text/plain;charset=UTF-8",
      "application/x-www-form-urlencoded", "multipart/form-data; boundary=x");

  private static TestNode node;
  private static Api api;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestNode.testConfig());
    api = node.api();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static void assert415(Api.Reply r, String what) {
    assertThat(r.status()).as(what + ": " + r.raw()).isEqualTo(415);
    assertThat(r.json().fieldNames()).as(what).containsExactlyInAnyOrder("error", "message");
    assertThat(r.error()).as(what).isEqualTo("unsupported_media_type");
    assertThat(r.header("Content-Type")).as(what).startsWith("application/json");
  }

  @Test
  void aPostWithoutJsonContentTypeIsRefused415() {
    Api.Room room = api.createRoom(null, 2);
    Api.Member member = api.join(room);
    String create = TestCrypto.createRequest(TestCrypto.newRoomKey()).encode();
    String join = api.joinBody(room).encode();
    String post = new JsonObject().put("body", "AAAA").encode();
    String rooms = "/api/v1/rooms", members = rooms + "/" + room.roomId() + "/members", messages = rooms + "/" + room.roomId() + "/messages";
    for (String type : SIMPLE_TYPES) {
      assert415(api.call("POST", rooms, null, create, type), "create with " + type);
      assert415(api.call("POST", members, null, join, type), "join with " + type);
      assert415(api.call("POST", messages, member.token(), post, type), "post with " + type);
      // Without a body too: the type is checked first.
      assert415(api.call("POST", rooms, null, null, type), "empty create with " + type);
      assert415(api.call("POST", members, null, null, type), "empty join with " + type);
    }
    // Nothing was stored: the one seat left is still free, no message was posted.
    api.join(room);
    assertThat(api.get(messages, member.token()).json().getJsonArray("messages")).isEmpty();
  }

  @Test
  void theSamePostsWithJsonContentTypeWork() {
    for (String type : List.of("application/json", "application/json; charset=utf-8", "Application/JSON")) {
      Api.Reply r = api.call("POST", "/api/v1/rooms", null, TestCrypto.createRequest(TestCrypto.newRoomKey()).encode(), type);
      assertThat(r.status()).as(type + ": " + r.raw()).isEqualTo(201);
    }
    // A JSON POST without a body is a 400 about the body, not about the type.
    Api.Reply empty = api.call("POST", "/api/v1/rooms", null, null, "application/json");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.error()).isEqualTo("invalid_request");
  }

  @Test
  void anOversizedBodyOfAnyTypeStillAnswers413First() {
    String big = "x".repeat(70_000);
    for (String type : List.of("text/plain", "application/json")) {
      Api.Reply r = api.call("POST", "/api/v1/rooms", null, big, type);
      assertThat(r.status()).as(type).isEqualTo(413);
      assertThat(r.error()).isEqualTo("payload_too_large");
    }
  }
}
