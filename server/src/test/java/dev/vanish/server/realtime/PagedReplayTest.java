// The hello's replay reads history in pages (HistoryReplay: 100 messages or 256 KiB each) and writes them with
// backpressure, while live messages keep coming: a socket still gets every message exactly once and in order,
// from its `after` on, across several pages and the switch to live (DeliveryCursor parks the live ones).
package dev.vanish.server.realtime;

import dev.vanish.server.config.Rate;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Backend;
import dev.vanish.server.testsupport.Eventually;
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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ParameterizedClass(name = "on {0}")
@EnumSource(value = Backend.class, names = {"MEMORY", "REDIS_7"})
class PagedReplayTest {

  private static final int STORED = 350;
  private static final int LIVE = 30;
  /** ~3 KiB frames: 100 fit the replay's 256 KiB, so pages are cut by count here. */
  private static final String BODY = "b".repeat(3000);

  @Parameter
  Backend backend;
  private RunningBackend running;
  private TestNode node;
  private Api api;

  @BeforeParameterizedClassInvocation
  void start(Backend backend) {
    running = backend.start();
    ServerConfig c = TestNode.testConfig().withLimits(1, 1000, 60);
    c = c.withHardening(c.hardening().withRates(Rate.OFF, Rate.OFF, Rate.OFF, Rate.OFF));
    if (running.usesRedis()) c = c.withRedis(running.redisUrl(), "t" + Ids.random(6)).withRedisCaFile(running.caFile());
    node = TestNode.start(c);
    api = node.api();
  }

  @AfterParameterizedClassInvocation
  void stop() {
    if (node != null) node.close();
    if (running != null) running.close();
  }

  private void post(Api.Member m, int i) {
    Api.Reply r = api.post("/api/v1/rooms/" + m.roomId() + "/messages", m.token(), new JsonObject().put("body", BODY + i));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
  }

  private static List<Long> messageIds(TestSocket s) {
    return s.seen().stream().filter(f -> "message".equals(f.getString("type"))).map(f -> Long.parseLong(f.getString("id"))).toList();
  }

  @Test
  void aReplayOfSeveralPagesWithLiveMessagesMeanwhileDeliversEachOnceInOrder() throws Exception {
    Api.Room room = api.createRoom(600, 4);
    Api.Member writer = api.join(room);
    for (int i = 0; i < STORED; i++) post(writer, i);
    Api.Member fromStart = api.join(room);
    Api.Member fromMiddle = api.join(room);

    CompletableFuture<Void> live = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < LIVE; i++) post(writer, STORED + i);
    });
    try (TestSocket a = TestSocket.joined(api.base(), fromStart, null);
         TestSocket b = TestSocket.joined(api.base(), fromMiddle, "123")) {
      live.get();
      int total = STORED + LIVE;
      for (TestSocket s : List.of(a, b)) {
        Eventually.until("the last message at a socket", Duration.ofSeconds(30), Duration.ZERO, () -> {
          s.poll("message", 200);
          return messageIds(s);
        }, ids -> !ids.isEmpty() && ids.get(ids.size() - 1) == total);
      }
      Thread.sleep(200);
      assertThat(messageIds(a)).isEqualTo(LongStream.rangeClosed(1, total).boxed().toList());
      assertThat(messageIds(b)).isEqualTo(LongStream.rangeClosed(124, total).boxed().toList());
    }
  }
}
