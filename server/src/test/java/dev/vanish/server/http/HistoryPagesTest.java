// GET /api/v1/rooms/{id}/messages answers one page (docs/PROTOCOL.md §4): 100 messages unless `limit`
// (1…500) says otherwise, never more than 1 MiB of frames, a `next` cursor while more follow that walks the
// whole history exactly once, 400 for a bad limit, 429 past VANISH_RATE_HISTORY per member. On the memory
// engine and on Redis, whose page is cut by messages_after.lua (issue 14, point 4).
package dev.vanish.server.http;

import dev.vanish.server.config.Hardening;
import dev.vanish.server.config.Rate;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Api.Member;
import dev.vanish.server.testsupport.Api.Reply;
import dev.vanish.server.testsupport.Backend;
import dev.vanish.server.testsupport.RunningBackend;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ParameterizedClass(name = "on {0}")
@EnumSource(value = Backend.class, names = {"MEMORY", "REDIS_7"})
class HistoryPagesTest {

  private static final int MESSAGES = 250;
  /** The rate of history reads for this class: enough for every walk below, low enough to reach quickly. */
  private static final Rate HISTORY_RATE = Rate.parse("30/1m");

  @Parameter
  Backend backend;
  private RunningBackend running;
  private TestNode node;
  private Api api;
  private Member reader;
  private final List<String> sent = new ArrayList<>();

  @BeforeParameterizedClassInvocation
  void startNodeWithAFilledRoom(Backend backend) {
    sent.clear();
    running = backend.start();
    ServerConfig c = TestNode.testConfig().withLimits(1, 1000, 60);
    Hardening h = c.hardening();
    c = c.withHardening(h.withRates(Rate.OFF, Rate.OFF, Rate.OFF, Rate.OFF).withHistoryRate(HISTORY_RATE));
    if (running.usesRedis()) c = c.withRedis(running.redisUrl(), "t" + Ids.random(6)).withRedisCaFile(running.caFile());
    node = TestNode.start(c);
    api = node.api();
    Api.Room room = api.createRoom(600, 10);
    Member writer = api.join(room);
    for (int i = 0; i < MESSAGES; i++) {
      String body = "m" + i;
      Reply r = api.post("/api/v1/rooms/" + room.roomId() + "/messages", writer.token(), new JsonObject().put("body", body));
      assertThat(r.status()).as(r.raw()).isEqualTo(201);
      sent.add(body);
    }
    reader = api.join(room);
  }

  @AfterParameterizedClassInvocation
  void stop() {
    if (node != null) node.close();
    if (running != null) running.close();
  }

  private Reply page(Member m, String query) {
    return api.get("/api/v1/rooms/" + m.roomId() + "/messages" + query, m.token());
  }

  private static List<String> bodies(JsonObject page) {
    List<String> out = new ArrayList<>();
    for (Object o : page.getJsonArray("messages")) out.add(((JsonObject) o).getString("body"));
    return out;
  }

  /** Follows `next` from the start with this query and returns every page. */
  private List<JsonObject> walk(Member m, String limit) {
    List<JsonObject> pages = new ArrayList<>();
    String after = null;
    do {
      String q = "?" + (after == null ? "" : "after=" + after + "&") + (limit == null ? "" : "limit=" + limit);
      Reply r = page(m, q);
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
      pages.add(r.json());
      after = r.json().getString("next");
    } while (after != null && pages.size() < 100);
    return pages;
  }

  @Test
  void aPageHoldsAHundredMessagesByDefaultAndNamesTheNextOne() {
    JsonObject first = page(reader, "").json();
    assertThat(bodies(first)).isEqualTo(sent.subList(0, 100));
    assertThat(first.getString("next")).isEqualTo(first.getJsonArray("messages").getJsonObject(99).getString("id"));
  }

  @Test
  void followingNextWalksTheWholeHistoryExactlyOnceInOrder() {
    List<JsonObject> pages = walk(reader, null);
    assertThat(pages).hasSize(3);
    List<String> all = new ArrayList<>();
    pages.forEach(p -> all.addAll(bodies(p)));
    assertThat(all).isEqualTo(sent);
    assertThat(pages.get(2).containsKey("next")).as("the last page has no next").isFalse();
  }

  @Test
  void limitChoosesThePageSizeUpToFiveHundred() {
    assertThat(bodies(page(reader, "?limit=1").json())).isEqualTo(sent.subList(0, 1));
    JsonObject seven = page(reader, "?after=10&limit=7").json();
    assertThat(bodies(seven)).isEqualTo(sent.subList(10, 17));
    assertThat(seven.getString("next")).isEqualTo("17");
    JsonObject all = page(reader, "?limit=500").json();
    assertThat(bodies(all)).isEqualTo(sent);
    assertThat(all.containsKey("next")).isFalse();
  }

  @Test
  void aBadLimitIsRefusedWith400() {
    for (String bad : new String[] {"0", "501", "-1", "abc", "1.5", "", "99999999999", "10&limit=20"}) {
      Reply r = page(reader, "?limit=" + bad);
      assertThat(r.status()).as("limit=%s: %s", bad, r.raw()).isEqualTo(400);
      assertThat(r.error()).isEqualTo("invalid_request");
    }
  }

  @Test
  void aPageNeverCarriesMoreThanOneMebibyte() {
    Api.Room room = api.createRoom(600, 3);
    Member writer = api.join(room);
    String big = "B".repeat(ServerConfig.MAX_BODY_CHARS);
    for (int i = 0; i < 40; i++) {
      Reply r = api.post("/api/v1/rooms/" + room.roomId() + "/messages", writer.token(), new JsonObject().put("body", big));
      assertThat(r.status()).as(r.raw()).isEqualTo(201);
    }
    List<JsonObject> pages = walk(api.join(room), "500");
    assertThat(pages.size()).as("pages for 40 × 32 KiB").isEqualTo(2);
    int total = 0;
    for (JsonObject p : pages) {
      JsonArray ms = p.getJsonArray("messages");
      assertThat(ms.encode().length()).as("one page's messages").isLessThanOrEqualTo(1024 * 1024);
      total += ms.size();
    }
    assertThat(total).isEqualTo(40);
  }

  @Test
  void historyReadsPastTheRateAreRefusedWith429() {
    Member greedy = api.join(new Api.Room(reader.roomId(), reader.key(), 0, 0));
    Reply last = null;
    for (int i = 0; i <= HISTORY_RATE.limit(); i++) last = page(greedy, "?limit=1");
    assertThat(last.status()).as(last.raw()).isEqualTo(429);
    assertThat(last.error()).isEqualTo("rate_limited");
    assertThat(last.header("Retry-After")).isNotNull();
    // Another member of the same room is counted on its own.
    assertThat(page(reader, "?limit=1").status()).isEqualTo(200);
  }
}
