package dev.vanish.server.scaleout;

import dev.vanish.server.realtime.CloseCodes;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Api.Member;
import dev.vanish.server.testsupport.Api.Room;
import dev.vanish.server.testsupport.Eventually;
import dev.vanish.server.testsupport.NodeProcess;
import dev.vanish.server.testsupport.NodeProcesses;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Vanish nodes (separate JVMs) on one Redis behind a real nginx: members of one room on different nodes
 * — reached directly or through nginx — see each other's messages, presence, typing, destroy and expiry as on
 * one node, nginx spreads sockets and requests over both nodes, and seats stay atomic across nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TwoNodesTest {

  private NodeProcesses cluster;
  private NodeProcess a;
  private NodeProcess b;
  private Api lb;

  @BeforeAll
  void start() {
    cluster = NodeProcesses.start(2);
    a = cluster.node(0);
    b = cluster.node(1);
    lb = cluster.api();
  }

  @AfterAll
  void stop() {
    if (cluster != null) cluster.close();
  }

  private static List<String> online(JsonObject presence) {
    List<String> ids = new ArrayList<>();
    presence.getJsonArray("members").forEach(o -> {
      if (((JsonObject) o).getBoolean("online")) ids.add(((JsonObject) o).getString("memberId"));
    });
    return ids;
  }

  private static JsonObject awaitOnline(TestSocket s, int count) {
    return s.await("presence", 5000, p -> online(p).size() == count);
  }

  @Test
  void membersOnDifferentNodesChatAsOnOneNode() {
    Room room = lb.createRoom(null, 3);
    Member alice = a.api().join(room);
    Member bob = b.api().join(room);
    Member carol = lb.join(room);
    try (TestSocket sa = TestSocket.joined(a.base(), alice, null);
         TestSocket sb = TestSocket.joined(b.base(), bob, null)) {
      assertThat(online(awaitOnline(sa, 2))).containsExactlyInAnyOrder(alice.memberId(), bob.memberId());
      TestSocket sc = TestSocket.joined(cluster.nginx.base(), carol, null);
      assertThat(online(awaitOnline(sb, 3))).containsExactlyInAnyOrder(alice.memberId(), bob.memberId(), carol.memberId());

      // A message sent on node A reaches B's and nginx's sockets, with the same id everywhere.
      String body = TestCrypto.encrypt(room.key(), room.roomId(), TestCrypto.plaintext("alice", "across nodes"));
      sa.sendJson(new JsonObject().put("type", "send").put("body", body).put("ref", 1));
      JsonObject ack = sa.await("ack");
      for (TestSocket s : List.of(sa, sb, sc)) {
        JsonObject m = s.await("message");
        assertThat(m.getString("id")).isEqualTo(ack.getString("id"));
        assertThat(m.getString("body")).isEqualTo(body);
        assertThat(m.getString("memberId")).isEqualTo(alice.memberId());
      }
      // One posted over HTTP through nginx reaches both nodes' sockets.
      String id = lb.send(carol, "over http").json().getString("id");
      assertThat(sa.await("message").getString("id")).isEqualTo(id);
      assertThat(sb.await("message").getString("id")).isEqualTo(id);

      // Typing on B reaches A and nginx's socket, not B's sender.
      sb.sendJson(new JsonObject().put("type", "typing"));
      assertThat(sa.await("typing").getString("memberId")).isEqualTo(bob.memberId());
      assertThat(sc.await("typing").getString("memberId")).isEqualTo(bob.memberId());
      assertThat(sb.poll("typing", 500)).isNull();

      // Carol leaves her socket: A (another node) sees her offline, her seat still held.
      sc.close();
      JsonObject two = awaitOnline(sa, 2);
      assertThat(online(two)).containsExactlyInAnyOrder(alice.memberId(), bob.memberId());
      assertThat(two.getJsonArray("members")).hasSize(3);

      // Reading history through nginx (either node) gives what was said on both.
      JsonArray history = lb.get("/api/v1/rooms/" + room.roomId() + "/messages", bob.token()).json().getJsonArray("messages");
      assertThat(history).extracting(o -> ((JsonObject) o).getString("id")).containsExactly(ack.getString("id"), id);
    }
  }

  @Test
  void destroyOnOneNodeClosesSocketsOnBoth() {
    Room room = lb.createRoom(null, 2);
    Member alice = lb.join(room);
    Member bob = lb.join(room);
    try (TestSocket sa = TestSocket.joined(a.base(), alice, null); TestSocket sb = TestSocket.joined(b.base(), bob, null)) {
      assertThat(a.api().delete("/api/v1/rooms/" + room.roomId(), alice.token()).status()).isEqualTo(204);
      sa.await("destroyed", 2000);
      sb.await("destroyed", 2000);
      assertThat(sa.awaitClose()).isEqualTo(CloseCodes.ROOM_GONE);
      assertThat(sb.awaitClose()).isEqualTo(CloseCodes.ROOM_GONE);
    }
    assertThat(b.api().tryJoin(room).status()).isEqualTo(404);
    assertThat(lb.tryJoin(room).status()).isEqualTo(404);
  }

  @Test
  void expiryReachesSocketsOnBothNodesOnTime() {
    Room room = lb.createRoom(2, 2);
    Member alice = lb.join(room);
    Member bob = lb.join(room);
    try (TestSocket sa = TestSocket.joined(a.base(), alice, null); TestSocket sb = TestSocket.joined(b.base(), bob, null)) {
      sa.await("expired", 4000);
      sb.await("expired", 4000);
      assertThat(System.currentTimeMillis() - room.expiresAt()).isLessThan(1500);
      assertThat(sa.awaitClose()).isEqualTo(CloseCodes.ROOM_GONE);
      assertThat(sb.awaitClose()).isEqualTo(CloseCodes.ROOM_GONE);
    }
    assertThat(a.api().tryJoin(room).status()).isEqualTo(404);
    assertThat(b.api().tryJoin(room).status()).isEqualTo(404);
  }

  @Test
  void nginxSpreadsSocketsOverBothNodes() {
    Room room = lb.createRoom(null, 4);
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < 4; i++) members.add(lb.join(room));
    double beforeA = a.metric("vanish_open_sockets");
    double beforeB = b.metric("vanish_open_sockets");
    List<TestSocket> sockets = new ArrayList<>();
    try {
      for (Member m : members) sockets.add(TestSocket.joined(cluster.nginx.base(), m, null));
      double onA = a.metric("vanish_open_sockets") - beforeA;
      double onB = b.metric("vanish_open_sockets") - beforeB;
      assertThat(onA + onB).isEqualTo(4);
      assertThat(onA).as("sockets on node A").isEqualTo(2);
      assertThat(onB).as("sockets on node B").isEqualTo(2);
      // Everyone still hears everyone.
      lb.send(members.get(0), "hello all");
      for (TestSocket s : sockets) s.await("message");
    } finally {
      sockets.forEach(TestSocket::close);
    }
  }

  @Test
  void thirtyConcurrentJoinsOverBothNodesTakeExactlyTwoSeats() throws Exception {
    Room room = lb.createRoom(null, 2);
    double fullA = a.metric("vertx_http_server_requests_total"); // any Vert.x request metric: both nodes served some
    double fullB = b.metric("vertx_http_server_requests_total");
    ExecutorService pool = Executors.newFixedThreadPool(30);
    try {
      List<CompletableFuture<Integer>> joins = new ArrayList<>();
      for (int i = 0; i < 30; i++) joins.add(CompletableFuture.supplyAsync(() -> lb.tryJoin(room).status(), pool));
      List<Integer> statuses = joins.stream().map(CompletableFuture::join).toList();
      assertThat(statuses).filteredOn(s -> s == 201).hasSize(2);
      assertThat(statuses).filteredOn(s -> s == 409).hasSize(28);
    } finally {
      pool.shutdownNow();
    }
    assertThat(a.metric("vertx_http_server_requests_total")).as("node A served joins").isGreaterThan(fullA + 1);
    assertThat(b.metric("vertx_http_server_requests_total")).as("node B served joins").isGreaterThan(fullB + 1);
  }

  @Test
  void metricsAreScrapedPerNodeNotThroughTheBalancer() {
    assertThat(new Api(a.metricsBase()).get("/metrics").status()).isEqualTo(200);
    assertThat(new Api(b.metricsBase()).get("/metrics").status()).isEqualTo(200);
    // Nor under it (issue 14: /metrics/ answered 200 through nginx), nor on the nodes' public ports.
    for (String path : new String[] {"/metrics", "/metrics/", "/metrics/x", "/metrics?x"}) {
      assertThat(lb.get(path).status()).as(path).isEqualTo(404);
      assertThat(a.api().get(path).status()).as(path).isEqualTo(404);
    }
    assertThat(lb.get("/readyz").status()).isEqualTo(200);
    // On the Redis engine too, no address (Vert.x's Redis client has pools of its own) reaches the metrics.
    assertThat(a.metricsText()).contains("vanish_open_sockets").doesNotContain("127.0.0.1")
        .doesNotContain(":" + cluster.redis.port());
  }

  @Test
  void theBalancersAccessLogNamesNoClientAddressAndNoRoom() {
    Room room = lb.createRoom(null, 2);
    Member alice = lb.join(room);
    Member bob = lb.join(room);
    try (TestSocket sb = TestSocket.joined(cluster.nginx.base(), bob, null)) {
      assertThat(lb.send(alice, "logged?").status()).isEqualTo(201);
      sb.await("message");
      assertThat(lb.get("/api/v1/rooms/" + room.roomId() + "/messages", alice.token()).status()).isEqualTo(200);
    }
    String log = Eventually.until("the conversation in nginx's access log", Duration.ofSeconds(5),
        cluster.nginx::accessLog, l -> l.lines().filter(x -> x.contains("POST") && x.contains(" 201 ")).count() >= 3);
    assertThat(log).doesNotContain(room.roomId()).doesNotContain(alice.memberId()).doesNotContain(bob.memberId())
        .doesNotContain(alice.token()).doesNotContain("127.0.0.1").doesNotContain("/api/");
  }
}
