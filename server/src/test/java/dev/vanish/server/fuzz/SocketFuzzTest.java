package dev.vanish.server.fuzz;

import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.TestNode;
import dev.vanish.server.testsupport.TestSocket;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad WebSocket frames, tried on purpose. After a valid hello, each frame gets an error frame with a
 * documented code (or the documented ack for the rare valid send) and the socket stays open, except that an
 * oversized message closes it with 1009; nothing is stored for a rejected frame. Garbage as the first frame
 * gets an error and a close 4400/4401/4404, never a hang.
 */
class SocketFuzzTest {

  static final int TRIES = 300;
  private static final Map<String, Integer> HELLO_CLOSE = Map.of("unauthorized", 4401, "invalid_request", 4400, "room_not_found", 4404);

  private static TestNode node;
  private static Api.Room room;
  private static Api.Member member;
  private static TestSocket socket;
  private static int stored;
  private static int sentinel;
  private static int startFrames;

  @BeforeContainer
  static void start() {
    node = Fuzz.startNode();
    room = node.api().createRoom(null, 50);
    member = node.api().join(room);
    startFrames = Fuzz.SOCKET_FRAMES.get();
  }

  @AfterContainer
  static void stop() {
    try {
      if (socket != null) socket.close();
      Fuzz.assertHealthy(node);
      assertThat(messages()).as("stored messages = acks").isEqualTo(stored);
      Fuzz.report("sockets");
      assertThat(Fuzz.SOCKET_FRAMES.get() - startFrames).as("socket frames tried").isGreaterThanOrEqualTo(2 * TRIES);
    } finally {
      node.close();
    }
  }

  /** After the welcome: any frame is answered by error (documented code) or ack; a sentinel proves the socket lives. */
  @Property(tries = TRIES)
  void framesAfterHello(@ForAll("frames") String raw) {
    String frame = Gen.wellFormed(raw);
    if (socket == null || socket.isClosed()) socket = TestSocket.joined(node.base(), member, null);
    int before = messages();
    socket.sendText(frame);
    Fuzz.SOCKET_FRAMES.incrementAndGet();
    if (frame.length() > 64 * 1024) {
      assertThat(socket.awaitClose()).isEqualTo(1009);
      socket = null;
      assertThat(messages()).isEqualTo(before);
      return;
    }
    String ref = "sentinel-" + (++sentinel);
    socket.sendJson(new JsonObject().put("type", "sentinel").put("ref", ref));
    int errors = 0;
    while (true) {
      JsonObject f = socket.await("error", 5000);
      if (ref.equals(f.getValue("ref"))) break;
      assertThat(Fuzz.CODES).as("error frame %s for %s", f, frame).containsKey(f.getString("error"));
      errors++;
    }
    int delta = messages() - before;
    stored += delta;
    assertThat(errors).as("error frames for %s", frame).isLessThanOrEqualTo(1);
    assertThat(delta).as("messages stored for %s (errors: %s)", frame, errors).isBetween(0, 1 - errors);
    assertThat(socket.isClosed()).as("socket open after %s", frame).isFalse();
  }

  /** Garbage as the first frame: an error frame and the matching close, within the timeout. */
  @Property(tries = TRIES)
  void garbageFirstFrame(@ForAll("firstFrames") String raw) {
    String frame = Gen.wellFormed(raw);
    try (TestSocket s = TestSocket.open(node.base(), room.roomId())) {
      s.sendText(frame);
      Fuzz.SOCKET_FRAMES.incrementAndGet();
      if (frame.length() > 64 * 1024) {
        assertThat(s.awaitClose()).as("close after an oversized first frame").isEqualTo(1009);
        return;
      }
      JsonObject error = s.await("error", 5000);
      assertThat(HELLO_CLOSE).as("error for first frame %s", frame).containsKey(error.getString("error"));
      assertThat(s.awaitClose()).isEqualTo(HELLO_CLOSE.get(error.getString("error")));
    }
  }

  @Provide
  Arbitrary<String> frames() {
    JsonObject send = new JsonObject().put("type", "send").put("body", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").put("ref", "r");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, Gen.mutated(send, List.of("type", "body", "ref"))),
        net.jqwik.api.Tuple.of(3, Gen.malformedJson(send.encode())),
        net.jqwik.api.Tuple.of(2, Arbitraries.of("{\"type\":\"hello\",\"token\":\"" + "A".repeat(43) + "\"}",
            "{\"type\":\"send\",\"body\":\"AAAA\",\"ref\":" + "9".repeat(30) + "}", "{\"type\":\"send\",\"body\":\"AAAA\",\"ref\":1.5}",
            "{\"type\":\"send\",\"body\":\"AAAA\",\"ref\":\"" + "r".repeat(65) + "\"}", "{\"type\":\"TYPING\"}", "{\"type\":null}",
            "{\"type\":\"send\",\"body\":\"" + "A".repeat(32769) + "\"}", "{\"type\":[\"send\"]}", "\u0000\u0001\u0002\u00ff",
            "{\"type\":\"send\",\"body\":\"" + "A".repeat(70_000) + "\"}")),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(50)));
  }

  @Provide
  Arbitrary<String> firstFrames() {
    JsonObject hello = new JsonObject().put("type", "hello").put("v", 2).put("token", "A".repeat(43)).put("after", "0");
    return Arbitraries.oneOf(Gen.mutated(hello, List.of("type", "token", "after")), Gen.malformedJson(hello.encode()),
        Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(50));
  }

  private static int messages() {
    Api.Reply r = node.api().get("/api/v1/rooms/" + room.roomId() + "/messages", member.token());
    assertThat(r.status()).isEqualTo(200);
    return r.json().getJsonArray("messages").size();
  }
}
