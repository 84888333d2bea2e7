package dev.vanish.server.realtime;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Api.Member;
import dev.vanish.server.testsupport.Api.Room;
import dev.vanish.server.testsupport.Backend;
import dev.vanish.server.testsupport.RunningBackend;
import dev.vanish.server.testsupport.TestNode;
import dev.vanish.server.testsupport.TestSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the server drops a room's oldest messages (its history limit, here 3), it says so: the welcome and the HTTP
 * page carry {@code trimmedThrough}, the id through which messages are gone (docs/PROTOCOL.md §4, §6), so a client
 * tells "older messages were dropped" from "a message did not arrive". On the memory engine and on Redis, where the
 * point is kept atomically with the trim (a field of the room; the meta hash's `trimmed`, set in append_message.lua).
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(value = Backend.class, names = {"MEMORY", "REDIS_7"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrimmedThroughTest {

  @Parameter
  Backend backend;
  private RunningBackend running;
  private TestNode node;
  private Api api;

  @BeforeParameterizedClassInvocation
  void start(Backend backend) {
    running = backend.start();
    ServerConfig config = TestNode.testConfig().withLimits(1, 3, 2);
    if (running.usesRedis()) config = config.withRedis(running.redisUrl(), "t" + Ids.random(6));
    node = TestNode.start(config);
    api = node.api();
  }

  @AfterParameterizedClassInvocation
  void stop() {
    if (node != null) node.close();
    if (running != null) running.close();
  }

  private JsonObject page(Member m, String after) {
    Api.Reply r = api.get("/api/v1/rooms/" + m.roomId() + "/messages" + (after == null ? "" : "?after=" + after), m.token());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.json();
  }

  @Test
  void aRoomThatNeverTrimmedSaysNothing() {
    Room room = api.createRoom(null, 2);
    Member m = api.join(room);
    for (int i = 0; i < 3; i++) assertThat(api.send(m, "m" + i).status()).isEqualTo(201);
    assertThat(page(m, null).containsKey("trimmedThrough")).isFalse();
    try (TestSocket s = TestSocket.joined(api.base(), m, null)) {
      assertThat(s.seen().get(0).containsKey("trimmedThrough")).isFalse();
    }
  }

  @Test
  void trimmedThroughAppearsInTheWelcomeAndTheHttpPageAfterTrimming() {
    Room room = api.createRoom(null, 2);
    Member m = api.join(room);
    for (int i = 0; i < 5; i++) assertThat(api.send(m, "m" + i).status()).isEqualTo(201);
    // Ids 1..5, limit 3: 1 and 2 are gone.
    JsonObject p = page(m, null);
    assertThat(p.getString("trimmedThrough")).isEqualTo("2");
    assertThat(p.getJsonArray("messages")).hasSize(3);
    assertThat(p.getJsonArray("messages").getJsonObject(0).getString("id")).isEqualTo("3");
    assertThat(page(m, "4").getString("trimmedThrough")).isEqualTo("2"); // on every page
    try (TestSocket s = TestSocket.joined(api.base(), m, null)) {
      JsonObject welcome = s.seen().get(0);
      assertThat(welcome.getString("type")).isEqualTo("welcome");
      assertThat(welcome.getInteger("v")).isEqualTo(2);
      assertThat(welcome.getString("trimmedThrough")).isEqualTo("2");
    }
    assertThat(api.send(m, "m5").status()).isEqualTo(201);
    assertThat(page(m, null).getString("trimmedThrough")).isEqualTo("3");
  }
}
