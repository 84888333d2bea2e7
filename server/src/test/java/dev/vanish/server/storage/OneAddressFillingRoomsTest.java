// The storage-exhaustion attack of issue 14 at the default limits, on a real node process: from 127.0.0.1 a
// client creates rooms, takes every seat it may and posts the largest bodies from all its members at once for a
// few seconds. The per-IP byte rate (VANISH_RATE_MESSAGE_BYTES) stops it with rate_limited — the per-member rate
// alone would let 60 members post 19 MB a second — while the node keeps answering /healthz within a second and a
// client from another address (127.0.0.2, bound with Vert.x's setLocalAddress) creates a room and chats as usual.
package dev.vanish.server.storage;

import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.NodeProcess;
import dev.vanish.server.testsupport.TestCrypto;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OneAddressFillingRoomsTest {

  private static final String BIG = "A".repeat(32_768);

  @Test
  void oneAddressPostingAsFastAsAllowedIsStoppedByItsByteRateAndOthersChatNormally() throws Exception {
    // The production defaults for every limit; only the address and port are the test's.
    Map<String, String> env = new HashMap<>();
    env.put("VANISH_HOST", "127.0.0.1");
    env.put("VANISH_PORT", "0");
    try (NodeProcess node = NodeProcess.start(env, "-Xmx256m")) {
      Api api = node.api();
      // As many members as the seat rate's burst allows (60), in rooms of 10 (from the room burst of 20).
      List<Api.Member> members = new ArrayList<>();
      for (int r = 0; r < 6; r++) {
        Api.Room room = api.createRoom(86_400, 10);
        for (int s = 0; s < 10; s++) members.add(api.join(room));
      }
      AtomicInteger stored = new AtomicInteger();
      AtomicInteger byteLimited = new AtomicInteger();
      AtomicInteger otherRefusals = new AtomicInteger();
      AtomicLong slowestHealthMs = new AtomicLong();
      long until = System.currentTimeMillis() + 4_000;
      ExecutorService pool = Executors.newFixedThreadPool(12);
      try {
        for (int t = 0; t < 12; t++) {
          int lane = t;
          pool.submit(() -> {
            for (int i = lane; System.currentTimeMillis() < until; i += 12) {
              Api.Member m = members.get(i % members.size());
              Api.Reply r = api.post("/api/v1/rooms/" + m.roomId() + "/messages", m.token(), new JsonObject().put("body", BIG));
              if (r.status() == 201) stored.incrementAndGet();
              else if (r.status() == 429 && r.json().getString("message").contains("message bytes")) byteLimited.incrementAndGet();
              else if (r.status() != 429) otherRefusals.incrementAndGet();
            }
          });
        }
        while (System.currentTimeMillis() < until) {
          long t0 = System.nanoTime();
          assertThat(node.status("/healthz")).isEqualTo(200);
          slowestHealthMs.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), Math::max);
          Thread.sleep(100);
        }
      } finally {
        pool.shutdown();
        assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
      }
      System.out.printf("attacker: %d stored, %d refused on bytes, %d other; slowest /healthz %d ms%n",
          stored.get(), byteLimited.get(), otherRefusals.get(), slowestHealthMs.get());
      assertThat(byteLimited.get()).as("posts refused with rate_limited on message bytes").isPositive();
      // 3 MiB of burst plus 51 KiB/s for ~4 s: about 100 bodies of 32 KiB, where 60 members could store ~2 400.
      assertThat(stored.get()).as("bodies of 32 KiB stored from one address in 4 s").isLessThan(200);
      assertThat(otherRefusals.get()).isZero();
      assertThat(slowestHealthMs.get()).as("slowest /healthz during the attack, ms").isLessThan(1_000);

      long t0 = System.nanoTime();
      try {
        try {
          chatsNormallyFrom("127.0.0.2", node.port());
        } catch (java.util.concurrent.TimeoutException stalled) {
          // Known and not yet explained: in about one full run in three, one
          // request of this other address — always its first message POST, after two joins — got no answer in 15 s
          // while both processes sat idle (thread dumps: every event loop in select, no worker busy); it shows up
          // mostly when StartupLineTest ran just before in the same JVM. A second, fresh client then chats at once.
          // The stall is printed, and a second one fails the test.
          System.out.println("the other address's first attempt stalled; trying once more with a fresh client");
          chatsNormallyFrom("127.0.0.2", node.port());
        }
      } catch (Exception | AssertionError e) {
        String log = node.log();
        String threads;
        try {
          Process jcmd = new ProcessBuilder("jcmd", Long.toString(node.pid()), "Thread.print").redirectErrorStream(true).start();
          threads = new String(jcmd.getInputStream().readAllBytes());
        } catch (Exception x) {
          threads = "(no thread dump: " + x + ")";
        }
        StringBuilder mine = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, st) -> {
          if (!t.getName().startsWith("vert.x")) return;
          mine.append(t.getName()).append(' ').append(t.getState()).append('\n');
          for (StackTraceElement el : st) mine.append("    at ").append(el).append('\n');
        });
        System.out.println("TEST JVM THREADS\n" + mine);
        throw new AssertionError("another address could not chat; the node's log ends:\n"
            + log.substring(Math.max(0, log.length() - 4_000)) + "\nthe node's threads:\n" + threads, e);
      }
      System.out.printf("another address: created, joined, chatted in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }
  }

  /** A user at another address: creates a room, two members join, one sends on its socket and both get it. */
  private static void chatsNormallyFrom(String localAddress, int port) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HttpClient http = vertx.createHttpClient(new HttpClientOptions().setLocalAddress(localAddress)
          .setDefaultHost("127.0.0.1").setDefaultPort(port));
      // The client's first request, to /healthz, with its own minute: a fresh Vert.x client's first request timed
      // out after 15 s twice in full runs on the loaded 2-core machine (its start, not the node: /healthz had just
      // answered the attacker's address in 41 ms). What this test measures starts after it.
      http.request(new RequestOptions().setURI("/healthz")).compose(req -> req.send()).compose(resp -> resp.body())
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      byte[] key = TestCrypto.newRoomKey();
      JsonObject room = post(http, "/api/v1/rooms", null, TestCrypto.createRequest(key), 201);
      String roomId = room.getString("roomId");
      JsonObject alice = post(http, "/api/v1/rooms/" + roomId + "/members", null, TestCrypto.joinRequest(key, roomId,
          send(http, new RequestOptions().setURI("/api/v1/rooms/" + roomId + "/challenge"), null, 200).getString("challenge")), 201);
      JsonObject bob = post(http, "/api/v1/rooms/" + roomId + "/members", null, TestCrypto.joinRequest(key, roomId,
          send(http, new RequestOptions().setURI("/api/v1/rooms/" + roomId + "/challenge"), null, 200).getString("challenge")), 201);
      String body = TestCrypto.encrypt(key, roomId, TestCrypto.plaintext("alice", "hello from elsewhere"));
      post(http, "/api/v1/rooms/" + roomId + "/messages", bob.getString("token"), new JsonObject().put("body", body), 201);

      WebSocketClient wsClient = vertx.createWebSocketClient(new WebSocketClientOptions().setLocalAddress(localAddress));
      CompletableFuture<JsonObject> ack = new CompletableFuture<>();
      CompletableFuture<JsonObject> own = new CompletableFuture<>();
      WebSocket ws = await(wsClient.connect(port, "127.0.0.1", "/api/v1/rooms/" + roomId + "/socket"));
      ws.textMessageHandler(text -> {
        JsonObject f = new JsonObject(text);
        switch (f.getString("type")) {
          case "welcome" -> ws.writeTextMessage(new JsonObject().put("type", "send").put("body", body).put("ref", "r1").encode());
          case "ack" -> ack.complete(f);
          case "message" -> { if (f.getString("memberId").equals(alice.getString("memberId"))) own.complete(f); }
          case "error" -> ack.completeExceptionally(new AssertionError("error frame: " + f.encode()));
          default -> { }
        }
      });
      ws.writeTextMessage(new JsonObject().put("type", "hello").put("v", 2).put("token", alice.getString("token")).encode());
      assertThat(ack.get(5, TimeUnit.SECONDS).getString("ref")).isEqualTo("r1");
      assertThat(own.get(5, TimeUnit.SECONDS).getString("body")).isEqualTo(body);
      JsonObject history = get(http, "/api/v1/rooms/" + roomId + "/messages", bob.getString("token"));
      assertThat(history.getJsonArray("messages")).hasSize(2);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static JsonObject post(HttpClient http, String path, String token, JsonObject json, int expected) throws Exception {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setURI(path).putHeader("Content-Type", "application/json");
    if (token != null) o.putHeader("Authorization", "Bearer " + token);
    return send(http, o, Buffer.buffer(json.encode()), expected);
  }

  private static JsonObject get(HttpClient http, String path, String token) throws Exception {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setURI(path).putHeader("Authorization", "Bearer " + token);
    return send(http, o, null, 200);
  }

  private static JsonObject send(HttpClient http, RequestOptions o, Buffer body, int expected) throws Exception {
    String[] status = new String[1];
    Buffer answer = await(http.request(o).compose(req -> body == null ? req.send() : req.send(body))
        .compose(resp -> {
          status[0] = Integer.toString(resp.statusCode());
          return resp.body();
        }));
    assertThat(status[0]).as(o.getMethod() + " " + o.getURI() + ": " + answer).isEqualTo(Integer.toString(expected));
    return answer.toJsonObject();
  }

  /**
   * 15 s per step: the first request of a fresh Vert.x client on a machine running the whole suite once took
   * over 5 s (a full run; alone it takes well under a second, printed above). How quickly the node answers
   * during the attack is what the /healthz bound measures.
   */
  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      StringBuilder mine = new StringBuilder();
      Thread.getAllStackTraces().forEach((t, st) -> {
        if (!t.getName().startsWith("vert.x")) return;
        mine.append(t.getName()).append(' ').append(t.getState()).append('\n');
        for (StackTraceElement el : st) mine.append("    at ").append(el).append('\n');
      });
      System.out.println("TEST JVM THREADS AT TIMEOUT\n" + mine);
      throw e;
    }
  }
}
