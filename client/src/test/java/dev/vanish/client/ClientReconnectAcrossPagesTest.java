// A send in flight when the socket dropped is looked up in the history before it is sent again, and the
// history now comes in pages (GET …/messages: at most 500 messages and 1 MiB each, then `next`). Here the
// stored-but-unacknowledged message sits behind more than a page of large messages: the client must follow
// `next` to find it, or it would send it a second time (issue 14, point 4).
package dev.vanish.client;

import dev.vanish.server.config.Hardening;
import dev.vanish.server.config.Rate;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.testsupport.FreezingProxy;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ClientReconnectAcrossPagesTest {

  /** Large messages: about 27 KiB of body each, so 60 of them fill more than one 1 MiB page. */
  private static final String BIG = "x".repeat(20_000);
  private static final int BEHIND = 60;

  @Test
  void aSendInFlightIsFoundBehindMoreThanAPageOfHistoryAndNotSentTwice() throws Exception {
    ServerConfig c = TestNode.testConfig().withLimits(1, 1000, 60);
    Hardening h = c.hardening();
    c = c.withHardening(h.withRates(Rate.OFF, Rate.OFF, Rate.OFF, Rate.OFF));
    try (TestNode node = TestNode.start(c);
         FreezingProxy proxy = new FreezingProxy(node.server().port());
         BlockingVanish vanish = BlockingVanish.open(
             ClientOptions.defaults().withReconnect(Duration.ofMillis(100), Duration.ofMillis(400)))) {
      Link direct = vanish.create(node.base(), null, 3);
      Link viaProxy = new Link("http://127.0.0.1:" + proxy.port(), direct.roomId(), direct.key());
      Recorder ra = new Recorder();
      Recorder rb = new Recorder();
      RoomSession alice = BlockingVanish.await(vanish.async().join(viaProxy, "alice", ra));
      RoomSession bob = BlockingVanish.await(vanish.async().join(direct, "bob", rb));
      BlockingVanish.await(bob.send("before"));
      assertThat(ra.next().text()).isEqualTo("before");

      // Alice hears nothing more from the server; what she sends still arrives.
      proxy.freezeRepliesOfOpenConnections();
      for (int i = 0; i < BEHIND; i++) BlockingVanish.await(bob.send(BIG + i));
      Future<Ack> inFlight = alice.send("in flight");
      Recorder.eventually("bob has alice's message", Duration.ofSeconds(10),
          () -> rb.all.stream().anyMatch(m -> "in flight".equals(m.text())));
      // Her socket drops with the send unacknowledged: she must read history before sending it again.
      proxy.cutOpenConnections();

      Ack ack = BlockingVanish.await(inFlight, Duration.ofSeconds(20));
      Recorder.eventually("alice reconnected", Duration.ofSeconds(10), () -> alice.state() == ConnectionState.CONNECTED);
      BlockingVanish.await(bob.send("after"));
      Recorder.eventually("alice has everything", Duration.ofSeconds(20), () -> ra.all.size() >= BEHIND + 3);
      Thread.sleep(300);

      long atBob = rb.all.stream().filter(m -> "in flight".equals(m.text())).count();
      assertThat(atBob).as("copies of alice's message stored").isEqualTo(1);
      assertThat(ra.all).hasSize(BEHIND + 3);
      assertThat(ra.all).extracting(m -> Long.parseLong(m.id())).isSorted().doesNotHaveDuplicates();
      ChatMessage mine = ra.all.get(BEHIND + 1);
      assertThat(mine.text()).isEqualTo("in flight");
      assertThat(mine.mine()).isTrue();
      assertThat(mine.id()).isEqualTo(ack.id());
      assertThat(ra.all.get(BEHIND + 2).text()).isEqualTo("after");
    }
  }
}
