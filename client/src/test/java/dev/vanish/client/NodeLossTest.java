// Node loss behind a real load balancer: two Vanish nodes (separate JVMs) on one Redis behind nginx, four
// members chatting through nginx with this client library, their sockets spread over both nodes. One node is
// SIGKILLed mid-conversation: its clients reconnect through nginx to the survivor and resume with `after`, and
// every acknowledged message — before, during and after the kill — reaches every member exactly once.
package dev.vanish.client;

import dev.vanish.server.testsupport.NodeProcess;
import dev.vanish.server.testsupport.NodeProcesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NodeLossTest {

  private static final int MEMBERS = 4;

  private final NodeProcesses cluster = NodeProcesses.start(2);
  private final BlockingVanish vanish = BlockingVanish.open(
      ClientOptions.defaults().withReconnect(Duration.ofMillis(100), Duration.ofMillis(500)));

  @AfterEach
  void stop() {
    vanish.close();
    cluster.close();
  }

  /** One member: its session, what it received, and the acks of what it sent (id -> sent before the kill). */
  private record Chatter(String name, RoomSession session, Recorder received, Map<String, Boolean> acked) {}

  @Test
  void killingANodeLosesNoAcknowledgedMessage() throws Exception {
    String lb = cluster.nginx.base();
    Link link = vanish.create(lb, null, MEMBERS);
    List<Chatter> chatters = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      Recorder r = new Recorder();
      RoomSession s = BlockingVanish.await(vanish.async().join(link, "m" + i, r));
      chatters.add(new Chatter("m" + i, s, r, new ConcurrentHashMap<>()));
    }
    // least_conn put the sockets on both nodes; the victim is the node with the most.
    NodeProcess a = cluster.node(0);
    NodeProcess b = cluster.node(1);
    double onA = a.metric("vanish_open_sockets");
    double onB = b.metric("vanish_open_sockets");
    assertThat(onA + onB).isEqualTo(MEMBERS);
    assertThat(onA).as("sockets on each node").isPositive();
    assertThat(onB).as("sockets on each node").isPositive();
    NodeProcess victim = onA >= onB ? a : b;
    int victimSockets = (int) Math.max(onA, onB);

    AtomicBoolean killed = new AtomicBoolean();
    AtomicBoolean stopSending = new AtomicBoolean();
    List<Thread> senders = new ArrayList<>();
    Set<String> failedSends = ConcurrentHashMap.newKeySet();
    for (Chatter c : chatters) {
      Thread t = new Thread(() -> {
        for (int n = 0; !stopSending.get(); n++) {
          String text = c.name() + "-" + n;
          try {
            Ack ack = BlockingVanish.await(c.session().send(text), Duration.ofSeconds(20));
            c.acked().put(ack.id(), !killed.get());
          } catch (VanishException e) {
            failedSends.add(text + ": " + e.code()); // not acknowledged: no promise made, but reported below
          }
          sleep(150); // under the per-member rate limit
        }
      }, "sender-" + c.name());
      t.start();
      senders.add(t);
    }

    sleep(1500);
    long tKill = System.nanoTime();
    killed.set(true);
    victim.kill();

    // The victim's clients notice, reconnect through nginx (which skips the dead node) and resume.
    Recorder.eventually("the victim's clients notice the drop", Duration.ofSeconds(10),
        () -> chatters.stream().filter(c -> c.received().states.contains(ConnectionState.RECONNECTING)).count() == victimSockets);
    Recorder.eventually("every client connected again", Duration.ofSeconds(20),
        () -> chatters.stream().allMatch(c -> c.session().state() == ConnectionState.CONNECTED));
    long resumedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - tKill);
    NodeProcess survivor = victim == a ? b : a;
    assertThat(survivor.metric("vanish_open_sockets")).isEqualTo(MEMBERS);

    sleep(1500); // keep chatting on the survivor
    stopSending.set(true);
    for (Thread t : senders) t.join(30_000);

    // Collect every acknowledged id; each member must end up with exactly those, once each.
    Set<String> acked = new HashSet<>();
    long ackedBeforeKill = 0;
    for (Chatter c : chatters) {
      acked.addAll(c.acked().keySet());
      ackedBeforeKill += c.acked().values().stream().filter(Boolean::booleanValue).count();
    }
    assertThat(ackedBeforeKill).as("messages acknowledged before the kill").isGreaterThan(10);
    for (Chatter c : chatters) {
      Recorder.eventually(c.name() + " received every acknowledged message", Duration.ofSeconds(15),
          () -> ids(c.received()).containsAll(acked));
    }
    sleep(300);
    for (Chatter c : chatters) {
      List<String> got = c.received().all.stream().map(ChatMessage::id).toList();
      assertThat(got).as(c.name() + " received each message once").doesNotHaveDuplicates();
      assertThat(got).as(c.name() + " received them in order").isSortedAccordingTo(
          (x, y) -> Long.compare(Long.parseLong(x), Long.parseLong(y)));
      assertThat(c.received().ended).isEmpty();
    }
    assertThat(victim.isAlive()).isFalse();
    System.out.printf("node loss: %d sockets on the killed node; all %d clients connected again %d ms after SIGKILL; "
            + "%d messages acknowledged before the kill, %d in all, each delivered once to all %d members; %d sends not acknowledged %s%n",
        victimSockets, MEMBERS, resumedMs, ackedBeforeKill, acked.size(), MEMBERS, failedSends.size(), failedSends);
  }

  private static Set<String> ids(Recorder r) {
    Set<String> ids = new HashSet<>();
    r.all.forEach(m -> ids.add(m.id()));
    return ids;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
