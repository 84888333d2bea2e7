// Every setting of a Vanish node, one row each (like Redis's static_configs[] table): the loader reads these
// rows, `vanish serve` makes one option per row with its help text, and the README's configuration table is
// printed from them (SettingsTable), so a setting's name, default, check and meaning are written only here.
// Adding a setting: a row here (and in its group of GROUPS), its record component (ServerConfig or Hardening, built in from()),
// and the README table regenerated.
package dev.vanish.server.config;

import static dev.vanish.server.config.Parsers.atLeast;
import static dev.vanish.server.config.Parsers.bool;
import static dev.vanish.server.config.Parsers.byteRate;
import static dev.vanish.server.config.Parsers.bytes;
import static dev.vanish.server.config.Parsers.integer;
import static dev.vanish.server.config.Parsers.listenAddress;
import static dev.vanish.server.config.Parsers.matching;
import static dev.vanish.server.config.Parsers.origins;
import static dev.vanish.server.config.Parsers.proxies;
import static dev.vanish.server.config.Parsers.publicUrl;
import static dev.vanish.server.config.Parsers.rate;
import static dev.vanish.server.config.Parsers.readableFile;
import static dev.vanish.server.config.Parsers.redisUrl;
import static dev.vanish.server.config.Parsers.text;

import java.util.List;

public final class Settings {

  private Settings() {}

  /** Longest lifetime whose milliseconds still fit an int. */
  private static final int MAX_SECONDS = Integer.MAX_VALUE / 1000;

  public static final Setting<String> HOST = Setting.of("VANISH_HOST", "<address>", "0.0.0.0", text(),
      "bind address");
  public static final Setting<Integer> PORT = Setting.of("VANISH_PORT", "<port>", "8080", integer(0, 65535),
      "HTTP port");
  public static final Setting<String> REDIS_URL = Setting.of("VANISH_REDIS_URL", "<url>", null, redisUrl(),
      "unset = in-memory engine; `redis://[user:pass@]host:port[/db]`, `rediss://…` (TLS) or "
          + "`redis-cluster://[user:pass@]h1:p1,h2:p2,…` (`rediss-cluster://` with TLS) = Redis engine");
  public static final Setting<String> REDIS_CA_FILE = Setting.of("VANISH_REDIS_CA_FILE", "<file>", null, readableFile(),
      "PEM file of CA certificates to trust for `rediss://`; unset = the JVM trust store (right for Upstash and other managed Redis)");
  public static final Setting<String> REDIS_PREFIX = Setting.of("VANISH_REDIS_PREFIX", "<prefix>", "vanish",
      matching("[A-Za-z0-9_.:-]{1,64}", "must be 1-64 letters, digits or _.:- characters"),
      "prefix of every Redis key and channel");
  public static final Setting<Integer> DEFAULT_TTL_SECONDS = Setting.of("VANISH_DEFAULT_TTL_SECONDS", "<seconds>", "600",
      integer(1, MAX_SECONDS), "room lifetime when the creator picks none (between the shortest and the longest)");
  public static final Setting<Integer> MIN_TTL_SECONDS = Setting.of("VANISH_MIN_TTL_SECONDS", "<seconds>", "60",
      integer(1, MAX_SECONDS), "shortest allowed room lifetime");
  public static final Setting<Integer> MAX_TTL_SECONDS = Setting.of("VANISH_MAX_TTL_SECONDS", "<seconds>", "86400",
      integer(1, MAX_SECONDS), "longest allowed room lifetime");
  public static final Setting<Integer> MAX_CAPACITY = Setting.of("VANISH_MAX_CAPACITY", "<n>", "50",
      integer(ServerConfig.MIN_CAPACITY, 10_000),
      "largest capacity (smallest " + ServerConfig.MIN_CAPACITY + ", default " + ServerConfig.DEFAULT_CAPACITY + ")");
  public static final Setting<Integer> HISTORY_LIMIT = Setting.of("VANISH_HISTORY_LIMIT", "<n>", "1000",
      integer(1, 1_000_000), "messages kept per room; older ones are dropped");
  public static final Setting<Long> ROOM_BYTES = Setting.of("VANISH_ROOM_BYTES", "<bytes>", "4194304",
      bytes(ServerConfig.MIN_ROOM_BYTES, 1L << 30, false),
      "ciphertext kept per room (message bodies); beyond it the oldest messages are dropped, as beyond the history limit");
  public static final Setting<Long> MEMORY_BUDGET = Setting.of("VANISH_MEMORY_BUDGET", "<bytes|off>", null,
      bytes(ServerConfig.MIN_ROOM_BYTES, 1L << 50, true),
      "memory engine: bytes of rooms, seats and messages the node keeps (each message counted as its body plus "
          + ServerConfig.MESSAGE_OVERHEAD_BYTES + " bytes); beyond it writes answer 507 `storage_full`; `off` = no budget")
      .shownAs("half the max heap");
  public static final Setting<Long> MAX_FILE_BYTES = Setting.of("VANISH_MAX_FILE_BYTES", "<bytes>", "10485760",
      bytes(0, 1L << 30, false), "largest file (plaintext bytes) a member may upload; larger ones answer 413 "
          + "`file_too_large` (files travel in encrypted chunks of " + FileLimits.CHUNK_BYTES + " bytes)");
  public static final Setting<Long> ROOM_FILE_BYTES = Setting.of("VANISH_ROOM_FILE_BYTES", "<bytes>", "67108864",
      bytes(0, 1L << 40, false), "encrypted file bytes a room may hold (each file reserved whole when declared, "
          + "with " + FileLimits.CHUNK_OVERHEAD + " bytes a chunk and " + FileLimits.FILE_OVERHEAD_BYTES + " a file); "
          + "beyond it uploads answer 507 `storage_full`; they count toward the node's budget too");
  public static final Setting<Integer> SEAT_GRACE_SECONDS = Setting.of("VANISH_SEAT_GRACE_SECONDS", "<seconds>", "60",
      integer(1, 86400), "how long a seat stays held after its member's last socket or request");
  public static final Setting<Rate> RATE_ROOMS = Setting.of("VANISH_RATE_ROOMS", "<rate>", "20/1m", rate(),
      "room creations per client IP (`N/<n>ms|s|m|h`: bursts of N, N per window on average; `off`)");
  public static final Setting<Rate> RATE_SEATS = Setting.of("VANISH_RATE_SEATS", "<rate>", "60/1m", rate(),
      "seats taken (`POST …/members`) per client IP");
  public static final Setting<Rate> RATE_MESSAGES = Setting.of("VANISH_RATE_MESSAGES", "<rate>", "20/2s", rate(),
      "messages per member, socket and HTTP together (10 a second, bursts of 20)");
  public static final Setting<Rate> RATE_MESSAGE_BYTES = Setting.of("VANISH_RATE_MESSAGE_BYTES", "<rate>", "3MiB/1m",
      byteRate(), "message bytes per client IP (each message counted as its body plus "
          + ServerConfig.MESSAGE_OVERHEAD_BYTES + " bytes; `N[KiB|MiB]/<n>ms|s|m|h`): with the defaults one address "
          + "needs over an hour to fill a 512 MiB node (docs/DEPLOY.md)");
  public static final Setting<Rate> RATE_UPLOAD_BYTES = Setting.of("VANISH_RATE_UPLOAD_BYTES", "<rate>", "64MiB/1m",
      byteRate(FileLimits.CHUNK_BYTES + FileLimits.CHUNK_OVERHEAD, "one whole file chunk"),
      "file bytes per client IP (`N[KiB|MiB]/<n>ms|s|m|h`): what each declared file reserves, and each chunk's "
          + "bytes as it is uploaded; beyond it 429, nothing stored");
  public static final Setting<Rate> RATE_DOWNLOAD_BYTES = Setting.of("VANISH_RATE_DOWNLOAD_BYTES", "<rate>", "512MiB/1m",
      byteRate(FileLimits.CHUNK_BYTES + FileLimits.CHUNK_OVERHEAD, "one whole file chunk"),
      "file bytes per client IP read back (`N[KiB|MiB]/<n>ms|s|m|h`): each chunk's bytes as it is downloaded; "
          + "beyond it 429 with Retry-After, so one address cannot loop on a room's files (20 people behind one "
          + "address each fetching a 10 MiB file use 200 MiB)");
  public static final Setting<Rate> RATE_TYPING = Setting.of("VANISH_RATE_TYPING", "<rate>", "2/1s", rate(),
      "typing frames per member");
  public static final Setting<Rate> RATE_LOOKUPS = Setting.of("VANISH_RATE_LOOKUPS", "<rate>", "30/1m", rate(),
      "failed room look-ups per client IP (a wrong, missing or lapsed token or access proof: 401/404); beyond it 429, "
          + "so room ids cannot be probed for being alive");
  public static final Setting<Rate> RATE_HISTORY = Setting.of("VANISH_RATE_HISTORY", "<rate>", "20/10s", rate(),
      "history pages read per member, over HTTP (`GET …/messages`, 429 beyond) and by a socket hello's replay (paced "
          + "beyond): 2 a second, bursts of 20, a whole default history in one burst");
  public static final Setting<Integer> SOCKETS_PER_IP = Setting.of("VANISH_SOCKETS_PER_IP", "<n>", "50",
      integer(0, 1_000_000), "open sockets per client IP on one node (0 = no limit)");
  public static final Setting<List<String>> TRUSTED_PROXIES = Setting.of("VANISH_TRUSTED_PROXIES", "<list>", "", proxies(),
      "proxies whose `X-Forwarded-For` is believed: addresses or CIDR ranges, IPv4 or IPv6, comma-separated "
          + "(e.g. `127.0.0.1,10.0.0.0/8`)").shownAs("none");
  public static final Setting<String> LIMIT_SECRET = Setting.of("VANISH_LIMIT_SECRET", "<secret>", null, atLeast(16),
      "secret keying the hashes in rate-limit keys (≥ 16 characters; same on every node). "
          + "Unset: a random one, shared through Redis").shownAs("random").asSecret();
  public static final Setting<Integer> PING_SECONDS = Setting.of("VANISH_PING_SECONDS", "<seconds>", "25",
      integer(1, 3600), "how often the server pings each socket");
  public static final Setting<Integer> IDLE_TIMEOUT_SECONDS = Setting.of("VANISH_IDLE_TIMEOUT_SECONDS", "<seconds>", "60",
      integer(2, 86400), "a socket that sent nothing (no pong, no frame) for this long is closed (4408); "
          + "more than the ping interval");
  public static final Setting<Integer> SLOW_READER_BYTES = Setting.of("VANISH_SLOW_READER_BYTES", "<bytes>", "1048576",
      integer(65536, 1 << 30), "bytes queued to a socket that is not reading before it is closed (1008)");
  public static final Setting<String> PUBLIC_URL = Setting.of("VANISH_PUBLIC_URL", "<url>", null, publicUrl(),
      "the address users reach the server at; `https://…` turns on HSTS");
  public static final Setting<List<String>> ALLOWED_ORIGINS = Setting.of("VANISH_ALLOWED_ORIGINS", "<list>", "", origins(),
      "origins besides the node's own (`VANISH_PUBLIC_URL`, else the request's Host) whose pages may open sockets, "
          + "comma-separated (e.g. `https://chat.example.org`); requests without Origin (non-browser clients) are always allowed")
      .shownAs("none");
  public static final Setting<Boolean> ACCESS_LOG = Setting.of("VANISH_ACCESS_LOG", "<true|false>", "false",
      bool("true", "false"), "log method, route, status and duration of each request (never IPs or room ids)");
  public static final Setting<Integer> HTTP_IDLE_TIMEOUT_SECONDS = Setting.of("VANISH_HTTP_IDLE_TIMEOUT_SECONDS", "<seconds>",
      "30", integer(1, 86400), "an HTTP connection that sent and received nothing for this long (e.g. a kept-alive one "
          + "between requests) is closed; WebSockets are not, they have their own idle check");
  public static final Setting<Integer> HEADER_TIMEOUT_SECONDS = Setting.of("VANISH_HEADER_TIMEOUT_SECONDS", "<seconds>",
      "10", integer(1, 3600), "a request's line and headers must have arrived this long after its first byte (after "
          + "the connection opened, for its first request), else the connection is closed (slowloris)");
  public static final Setting<Integer> CONNECTIONS_PER_IP = Setting.of("VANISH_CONNECTIONS_PER_IP", "<n>", "100",
      integer(0, 1_000_000), "open TCP connections per peer address on one node, HTTP and sockets alike; more are "
          + "refused at accept (429). Trusted proxies are not capped (cap per client there). 0 = no limit");
  public static final Setting<Boolean> H2C = Setting.of("VANISH_H2C", "<on|off>", "off", bool("on", "off"),
      "`on`: also cleartext HTTP/2 (`Upgrade: h2c` or prior knowledge); `off`: HTTP/1.1 and WebSocket only");
  public static final Setting<String> METRICS_ADDRESS = Setting.of("VANISH_METRICS_ADDRESS", "<host:port|off>",
      "127.0.0.1:9464", listenAddress(), "`GET /metrics` (Prometheus text) on its own listener, never on the public "
          + "port; port 0 = a free port (logged); `off`: no metrics");

  /**
   * The rows by what they govern, in the order of the README's table: the start-up line prints them group by
   * group (SettingsSummary). Every row is in exactly one group.
   */
  public record Group(String name, List<Setting<?>> rows) {
    Group(String name, Setting<?>... rows) {
      this(name, List.of(rows));
    }
  }

  public static final List<Group> GROUPS = List.of(
      new Group("listen", HOST, PORT),
      new Group("redis", REDIS_URL, REDIS_CA_FILE, REDIS_PREFIX),
      new Group("rooms", DEFAULT_TTL_SECONDS, MIN_TTL_SECONDS, MAX_TTL_SECONDS, MAX_CAPACITY, HISTORY_LIMIT, ROOM_BYTES),
      new Group("storage", MEMORY_BUDGET, MAX_FILE_BYTES, ROOM_FILE_BYTES),
      new Group("seats", SEAT_GRACE_SECONDS),
      new Group("rates", RATE_ROOMS, RATE_SEATS, RATE_MESSAGES, RATE_MESSAGE_BYTES, RATE_UPLOAD_BYTES, RATE_DOWNLOAD_BYTES,
          RATE_TYPING, RATE_HISTORY, RATE_LOOKUPS),
      new Group("clients", SOCKETS_PER_IP, TRUSTED_PROXIES, LIMIT_SECRET),
      new Group("sockets", PING_SECONDS, IDLE_TIMEOUT_SECONDS, SLOW_READER_BYTES),
      new Group("web", PUBLIC_URL, ALLOWED_ORIGINS, ACCESS_LOG),
      new Group("connections", HTTP_IDLE_TIMEOUT_SECONDS, HEADER_TIMEOUT_SECONDS, CONNECTIONS_PER_IP, H2C),
      new Group("metrics", METRICS_ADDRESS));

  /** Every row, in the order of the README's table (--help sorts them by flag): the groups' rows in turn. */
  public static final List<Setting<?>> ALL = GROUPS.stream().<Setting<?>>flatMap(g -> g.rows().stream()).toList();
}
