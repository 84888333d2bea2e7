package dev.vanish.bench;

import dev.vanish.server.testsupport.NodeTestBase;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round-robin over two nodes sharing a private Redis: rooms and members alternate between the nodes, so every
 * message crosses Redis pub/sub to reach half of its room, and the accounting is still exact.
 */
class TwoNodeBenchTest extends NodeTestBase {

  @Override
  protected boolean useRedis() {
    return true;
  }

  @Test
  void membersSpreadOverTwoNodesReceiveEverythingOnce() {
    try (TestNode second = TestNode.start(node.config)) {
      Bench b = Bench.run("--server", node.base() + "," + second.base(), "--rooms", "4", "--members", "3",
          "--rate", "4", "--duration", "2s", "--warmup", "500ms", "--drain", "15s", "--threads", "2", "--json");
      JsonObject r = b.json().getJsonObject("vanish");
      assertThat(b.json().getJsonObject("options").getJsonArray("servers")).hasSize(2);
      assertThat(r.getInteger("connected")).isEqualTo(12);
      assertThat(r.getLong("errors")).as(r.getJsonObject("errorKinds").encode()).isZero();
      assertThat(r.getLong("sent")).isPositive();
      assertThat(r.getLong("lost")).isZero();
      assertThat(r.getLong("duplicates")).isZero();
      assertThat(r.getLong("delivered")).isEqualTo(r.getLong("sent") * 2);
      assertThat(b.exit()).isZero();
    }
  }

  @Test
  void everyOtherMemberGoesToTheSecondServer() {
    // The second "node" refuses connections: rooms and members alternate, so every other one fails there.
    Bench b = Bench.run("--server", node.base() + ",http://127.0.0.1:1", "--rooms", "2", "--members", "2",
        "--rate", "1", "--duration", "1s", "--warmup", "0", "--drain", "2s", "--json");
    JsonObject r = b.json().getJsonObject("vanish");
    // room 0 is on the first node, room 1 on the refusing one; of room 0's members only the first joined
    assertThat(r.getInteger("connected")).isEqualTo(1);
    assertThat(r.getJsonObject("errorKinds").fieldNames()).anyMatch(k -> k.startsWith("create:"))
        .anyMatch(k -> k.startsWith("connect:"));
    assertThat(b.exit()).isEqualTo(1);
  }
}
