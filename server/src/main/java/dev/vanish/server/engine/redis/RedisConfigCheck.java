// Is this Redis run the way Vanish needs (docs/REDIS.md, "Required Redis settings")? One row per rule: its
// name, how it judges the values of `CONFIG GET`, the fix in one sentence, and whether a node says so at
// start-up (a WARN line). Read by a starting node (RedisEngine, logged by `serve`) and by `vanish doctor
// --redis-url`, so both judge a Redis the same way. A managed Redis may refuse CONFIG: then nothing is known,
// which is said once, quietly, and is no failure.
package dev.vanish.server.engine.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

public final class RedisConfigCheck {

  private RedisConfigCheck() {}

  /** The parameters the rows read, each asked for on its own (Redis 6 takes one per CONFIG GET). */
  public static final List<String> PARAMETERS = List.of("save", "appendonly", "maxmemory", "maxmemory-policy");

  public enum Verdict { OK, BAD, UNKNOWN }

  /** A row's judgement: {@code detail} says what was found and, when BAD, why it matters. */
  public record Outcome(Verdict verdict, String detail) {
    static Outcome ok(String detail) {
      return new Outcome(Verdict.OK, detail);
    }

    static Outcome bad(String detail) {
      return new Outcome(Verdict.BAD, detail);
    }
  }

  /** One rule. {@code warnAtStart}: a starting node logs a WARN line when it fails. */
  public record Row(String name, Function<Map<String, String>, Outcome> judge, String fix, boolean warnAtStart) {}

  public record Finding(Row row, Outcome outcome) {
    public boolean bad() {
      return outcome.verdict() == Verdict.BAD;
    }

    /** What a node logs: why it matters, then what to set. */
    public String warning() {
      return "Redis " + outcome.detail() + ". Fix: " + row.fix();
    }
  }

  public static final List<Row> ROWS = List.of(
      new Row("Redis snapshots (RDB) off", c -> param(c, "save", save -> save.isBlank()
              ? Outcome.ok("save is empty: no snapshots")
              : Outcome.bad("save is \"" + save + "\": it writes every room (ciphertext, member hashes) to disk in "
                  + "snapshots, where it outlives the room's deadline and survives a restart")),
          "run Redis with --save \"\" (or CONFIG SET save \"\"), so rooms never reach a disk.", true),
      new Row("Redis append-only file (AOF) off", c -> param(c, "appendonly", aof -> aof.equalsIgnoreCase("no")
              ? Outcome.ok("appendonly is no")
              : Outcome.bad("appendonly is " + aof + ": it logs every write, rooms included, to disk, where they outlive "
                  + "the room's deadline and survive a restart")),
          "run Redis with --appendonly no (or CONFIG SET appendonly no), so rooms never reach a disk.", true),
      new Row("Redis maxmemory set", c -> param(c, "maxmemory", max -> max.equals("0")
              ? Outcome.bad("maxmemory is 0: it grows until the machine runs out of memory, instead of refusing new "
                  + "rooms and messages (507 storage_full) at a bound")
              : Outcome.ok("maxmemory is " + max + " bytes")),
          "set maxmemory (e.g. --maxmemory 256mb, sized as docs/REDIS.md says) together with maxmemory-policy noeviction.",
          false),
      new Row("Redis eviction policy noeviction", c -> param(c, "maxmemory-policy", RedisConfigCheck::policy),
          "set maxmemory-policy noeviction (--maxmemory-policy noeviction or CONFIG SET maxmemory-policy noeviction): "
              + "a full Redis then refuses new writes and loses nothing.", true));

  private static Outcome policy(String policy) {
    String p = policy.toLowerCase(Locale.ROOT);
    if (p.equals("noeviction")) return Outcome.ok("maxmemory-policy is noeviction");
    if (p.startsWith("allkeys-")) {
      return Outcome.bad("maxmemory-policy is " + p + ": when full it silently evicts the keys of live rooms (their seats, "
          + "history, files) instead of refusing new writes");
    }
    if (p.startsWith("volatile-")) {
      return Outcome.bad("maxmemory-policy is " + p + ": every Vanish key has a TTL, so when full it evicts the keys of "
          + "live rooms too (a room loses seats or history midway, or ends before its time)");
    }
    return Outcome.bad("maxmemory-policy is " + p + ", which Vanish does not know to be safe");
  }

  private static Outcome param(Map<String, String> config, String name, Function<String, Outcome> judge) {
    String value = config.get(name);
    return value == null ? new Outcome(Verdict.UNKNOWN, name + " was not reported by CONFIG GET") : judge.apply(value);
  }

  /** Every row's finding on these CONFIG values. */
  public static List<Finding> judge(Map<String, String> config) {
    return ROWS.stream().map(r -> new Finding(r, r.judge().apply(config))).toList();
  }

  /**
   * The rows' parameters as Redis reports them (RESP2 pairs or a RESP3 map alike). Fails when Redis refuses
   * CONFIG (managed Redis often does: unknown command, NOPERM).
   */
  public static Future<Map<String, String>> read(Redis redis) {
    Map<String, String> values = new LinkedHashMap<>();
    // One after the other: the first refusal ends it, with Redis's own one-line reason.
    Future<Void> chain = Future.succeededFuture();
    for (String p : PARAMETERS) {
      chain = chain.compose(v -> redis.send(Request.cmd(io.vertx.redis.client.Command.CONFIG).arg("GET").arg(p)))
          .map(r -> {
            put(values, r);
            return null;
          });
    }
    return chain.map(v -> values);
  }

  /** A CONFIG GET reply, RESP2 pairs or a RESP3 map alike. */
  private static void put(Map<String, String> values, Response r) {
    if (r == null) return;
    if (r.isMap()) {
      for (String k : r.getKeys()) values.put(k.toLowerCase(Locale.ROOT), text(r.get(k)));
    } else {
      for (int i = 0; i + 1 < r.size(); i += 2) values.put(text(r.get(i)).toLowerCase(Locale.ROOT), text(r.get(i + 1)));
    }
  }

  /** For a client outside a node (`vanish doctor --redis-url`): connects with the node's own options, reads, closes. */
  public static Future<Map<String, String>> read(Vertx vertx, String url, String caFile) {
    RedisTarget target = RedisTarget.parse(url, caFile);
    Redis client = Redis.createClient(vertx, target.options(1, 3_000));
    return read(client).timeout(5, TimeUnit.SECONDS)
        .recover(e -> Future.failedFuture(new IllegalStateException(RedisUrls.scrub(String.valueOf(e.getMessage()), url), e)))
        .eventually(() -> {
          client.close();
          return Future.succeededFuture();
        });
  }

  private static String text(Response r) {
    return r == null ? "" : r.toString();
  }
}
