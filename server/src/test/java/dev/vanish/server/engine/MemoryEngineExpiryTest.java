package dev.vanish.server.engine;

import dev.vanish.server.engine.memory.MemoryEngine;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.TestNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The memory engine keeps nothing of a room after it expires or is destroyed, without any sweeper thread. */
class MemoryEngineExpiryTest {

  @Test
  void nothingIsLeftAfterExpiryOrDestroy() throws Exception {
    try (TestNode node = TestNode.start(TestNode.testConfig())) {
      MemoryEngine engine = (MemoryEngine) node.server().verticle().engine();
      Api api = node.api();
      int before = engine.roomCount();
      Api.Room expiring = api.createRoom(1, 2);
      Api.Member m = api.join(expiring);
      api.send(m, "short-lived");
      Api.Room destroyed = api.createRoom(60, 2);
      Api.Member d = api.join(destroyed);
      assertThat(engine.roomCount()).isEqualTo(before + 2);
      assertThat(api.delete("/api/v1/rooms/" + destroyed.roomId(), d.token()).status()).isEqualTo(204);
      assertThat(engine.roomCount()).isEqualTo(before + 1);
      // No request touches the expiring room: its own timer must drop it.
      Thread.sleep(Math.max(0, expiring.expiresAt() - System.currentTimeMillis()) + 300);
      assertThat(engine.roomCount()).isEqualTo(before);
    }
  }
}
