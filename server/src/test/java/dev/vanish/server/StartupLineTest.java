package dev.vanish.server;

import dev.vanish.server.config.Setting;
import dev.vanish.server.config.Settings;
import dev.vanish.server.testsupport.NodeProcess;
import dev.vanish.server.testsupport.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A starting node says what it runs with — one line with every settings row, secrets as set/unset, Redis
 * credentials hidden — and warns when its Redis keeps rooms on disk or may evict them; a Redis that refuses
 * CONFIG (managed Redis) gets one quiet INFO line instead. Real node processes on real redis-servers.
 */
class StartupLineTest {

  private static final String PASSWORD = "hunter2-startup-line";
  private static final String SECRET = "a-limit-secret-nobody-may-read";
  private static final List<AutoCloseable> started = new ArrayList<>();
  private static String clean;
  private static String appendOnly;
  private static String allKeysLru;
  private static String configRefused;

  @BeforeAll
  static void startNodes() throws IOException {
    Path dir = Files.createTempDirectory("vanish-startup-redis-"); // where an AOF Redis writes, never the module's directory
    RedisServerProcess cleanRedis = redis("--requirepass", PASSWORD, "--maxmemory", "64mb", "--maxmemory-policy", "noeviction");
    RedisServerProcess aof = redis("--appendonly", "yes", "--dir", dir.toString());
    RedisServerProcess lru = redis("--maxmemory-policy", "allkeys-lru");
    RedisServerProcess managed = redis("--rename-command", "CONFIG", "");
    Map<String, String> cleanEnv = NodeProcess.testEnv("redis://default:" + PASSWORD + "@127.0.0.1:" + cleanRedis.port(), "s1");
    cleanEnv.put("VANISH_LIMIT_SECRET", SECRET);
    List<CompletableFuture<NodeProcess>> nodes = List.of(
        CompletableFuture.supplyAsync(() -> NodeProcess.start(cleanEnv)),
        CompletableFuture.supplyAsync(() -> NodeProcess.start(NodeProcess.testEnv(aof.url(), "s2"))),
        CompletableFuture.supplyAsync(() -> NodeProcess.start(NodeProcess.testEnv(lru.url(), "s3"))),
        CompletableFuture.supplyAsync(() -> NodeProcess.start(NodeProcess.testEnv(managed.url(), "s4"))));
    List<String> logs = new ArrayList<>();
    for (CompletableFuture<NodeProcess> f : nodes) {
      NodeProcess n = f.join();
      started.add(n);
      logs.add(n.log());
    }
    clean = logs.get(0);
    appendOnly = logs.get(1);
    allKeysLru = logs.get(2);
    configRefused = logs.get(3);
  }

  private static RedisServerProcess redis(String... args) {
    RedisServerProcess r = new RedisServerProcess(args);
    started.add(0, r); // closed after the nodes
    return r;
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : started) c.close();
  }

  @Test
  void oneLineListsEverySettingGroupByGroupWithoutSecrets() {
    List<String> lines = clean.lines().filter(l -> l.contains("listening on http://")).toList();
    assertThat(lines).hasSize(1);
    String line = lines.get(0);
    assertThat(line).contains("(engine: redis) with listen: VANISH_HOST=127.0.0.1 VANISH_PORT=0;");
    for (Settings.Group g : Settings.GROUPS) assertThat(line).contains(g.name() + ": ");
    for (Setting<?> s : Settings.ALL) assertThat(line).contains(" " + s.env() + "=");
    assertThat(line)
        .contains("VANISH_REDIS_URL=redis://***@127.0.0.1:")
        .contains("VANISH_LIMIT_SECRET=set")
        .contains("VANISH_MIN_TTL_SECONDS=1 ") // as given
        .contains("VANISH_MAX_TTL_SECONDS=86400 ") // a default
        .contains("VANISH_RATE_ROOMS=off ")
        .containsPattern("VANISH_MEMORY_BUDGET=\\d+ \\(derived; default half the max heap\\)")
        .contains("VANISH_METRICS_ADDRESS=127.0.0.1:0");
    assertThat(clean).doesNotContain(PASSWORD).doesNotContain(SECRET);
    assertThat(warnings(clean)).isEmpty();
    assertThat(clean).doesNotContain("could not read Redis");
  }

  @Test
  void aRedisThatWritesToDiskOrEvictsIsWarnedAboutWithWhatToSet() {
    assertThat(warnings(appendOnly)).singleElement().asString()
        .contains("appendonly is yes").contains("outlive the room's deadline").contains("--appendonly no");
    assertThat(warnings(allKeysLru)).singleElement().asString()
        .contains("maxmemory-policy is allkeys-lru").contains("evicts the keys of live rooms")
        .contains("maxmemory-policy noeviction");
  }

  @Test
  void aRedisThatRefusesConfigGetsOneQuietLine() {
    assertThat(warnings(configRefused)).isEmpty();
    assertThat(configRefused.lines().filter(l -> l.contains("could not read Redis's persistence settings")).toList())
        .singleElement().asString().contains("INFO");
  }

  private static List<String> warnings(String log) {
    return log.lines().filter(l -> l.contains(" WARN  vanish - ")).toList(); // the node's own, not a library's
  }
}
