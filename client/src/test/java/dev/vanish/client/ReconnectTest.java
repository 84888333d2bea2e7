// Automatic reconnect across a real node restart: two nodes share a private Redis; alice is connected to node
// A, bob to node B. Node A stops (alice's socket drops), bob keeps talking, alice sends while offline, node A
// comes back on the same port: alice receives every message exactly once, in order, and her offline send
// arrives once. Her seat lapses meanwhile (2 s grace in tests), so this also covers taking a seat again.
package dev.vanish.client;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.RedisServerProcess;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectTest {

  private final RedisServerProcess redis = new RedisServerProcess();
  private final ServerConfig config = TestNode.testConfig().withRedis(redis.url(), "t" + Ids.random(6));
  private final List<TestNode> nodes = new ArrayList<>();
  private final BlockingVanish vanish = BlockingVanish.open(
      ClientOptions.defaults().withReconnect(Duration.ofMillis(100), Duration.ofMillis(800)));

  @AfterEach
  void stop() {
    vanish.close();
    nodes.forEach(TestNode::close);
    redis.close();
  }

  private TestNode start(ServerConfig c) {
    TestNode n = TestNode.start(c);
    nodes.add(n);
    return n;
  }

  @Test
  void messagesSentWhileANodeIsDownArriveExactlyOnce() throws Exception {
    TestNode a = start(config);
    TestNode b = start(config);
    int portA = a.server().port();
    Link viaB = vanish.create(b.base(), null, 2);
    Link viaA = new Link(a.base(), viaB.roomId(), viaB.key());

    Recorder ra = new Recorder();
    Recorder rb = new Recorder();
    RoomSession alice = BlockingVanish.await(vanish.async().join(viaA, "alice", ra));
    RoomSession bob = BlockingVanish.await(vanish.async().join(viaB, "bob", rb));
    BlockingVanish.await(bob.send("before"));
    assertThat(ra.next().text()).isEqualTo("before");
    String firstMemberId = alice.memberId();

    a.close();
    Recorder.eventually("alice notices the drop", Duration.ofSeconds(10), () -> alice.state() == ConnectionState.RECONNECTING);
    for (int i = 1; i <= 5; i++) BlockingVanish.await(bob.send("during-" + i));
    Future<Ack> offline = alice.send("sent while offline");
    Thread.sleep(2500); // longer than the seat grace: alice's seat lapses

    start(config.withPort(portA));
    Ack ack = BlockingVanish.await(offline, Duration.ofSeconds(20));
    Recorder.eventually("alice reconnected", Duration.ofSeconds(10), () -> alice.state() == ConnectionState.CONNECTED);
    BlockingVanish.await(bob.send("after"));

    List<String> texts = ra.texts(7);
    assertThat(texts).containsExactly("during-1", "during-2", "during-3", "during-4", "during-5", "sent while offline", "after");
    Thread.sleep(300);
    assertThat(ra.messages).as("nothing repeated").isEmpty();
    assertThat(ra.all).extracting(m -> Long.parseLong(m.id())).isSorted().doesNotHaveDuplicates();
    assertThat(ra.all.get(6).id()).isEqualTo(ack.id());
    assertThat(ra.all.get(6).mine()).isTrue();
    assertThat(alice.memberId()).as("a new seat after the grace ran out").isNotEqualTo(firstMemberId);

    List<String> atBob = new ArrayList<>();
    rb.all.forEach(m -> atBob.add(m.text()));
    assertThat(atBob).containsOnlyOnce("sent while offline");
    // sealed for the lapsed seat, it was sealed again for the new one (seq 1): Bob shows it as the new seat's,
    // and nobody sees a notice
    assertThat(rb.all).filteredOn(m -> m.text().equals("sent while offline")).singleElement()
        .extracting(ChatMessage::memberId).isEqualTo(alice.memberId());
    assertThat(rb.notices).isEmpty();
    assertThat(ra.notices).isEmpty();
    assertThat(ra.states).contains(ConnectionState.RECONNECTING).endsWith(ConnectionState.CONNECTED);
    assertThat(ra.ended).isEmpty();
  }

  @Test
  void aShortDropKeepsTheSeatAndResumesWithAfter() {
    TestNode a = start(config);
    TestNode b = start(config);
    int portA = a.server().port();
    Link viaB = vanish.create(b.base(), null, 2);
    Recorder ra = new Recorder();
    RoomSession alice = BlockingVanish.await(vanish.async().join(new Link(a.base(), viaB.roomId(), viaB.key()), "alice", ra));
    RoomSession bob = BlockingVanish.await(vanish.async().join(viaB, "bob", new Recorder()));
    String memberId = alice.memberId();

    a.close();
    for (int i = 1; i <= 3; i++) BlockingVanish.await(bob.send("m" + i));
    start(config.withPort(portA));
    assertThat(ra.texts(3)).containsExactly("m1", "m2", "m3");
    Recorder.eventually("alice reconnected", Duration.ofSeconds(10), () -> alice.state() == ConnectionState.CONNECTED);
    assertThat(alice.memberId()).isEqualTo(memberId);
  }
}
