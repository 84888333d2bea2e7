// The deployment `vanish doctor` examines, as a user's browser and a Prometheus outside would meet it: the
// page's address, plain HTTP/1.1 requests to it (each answer kept, so the checks share one fetch of the shell),
// the client library for a real room, and, when given, the Redis behind it. Nothing here judges: the rows of
// Checks do.
package dev.vanish.app.doctor;

import dev.vanish.client.BlockingVanish;
import dev.vanish.client.ClientOptions;
import dev.vanish.server.engine.redis.RedisConfigCheck;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

final class Deployment implements AutoCloseable {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** Redis's own refusals of CONFIG (a managed Redis), as opposed to not reaching it or a wrong password. */
  private static final Pattern REFUSED = Pattern.compile("^(ERR|NOPERM)\\b.*", Pattern.DOTALL);

  /** An answer, or why there was none ({@code failure} set, the rest empty). */
  record Answer(int status, HttpHeaders headers, String body, String failure) {
    boolean ok() {
      return failure == null && status == 200;
    }

    String header(String name) {
      return headers == null ? null : headers.firstValue(name).orElse(null);
    }

    /** "answered 404 (application/json)" or the failure. */
    String said() {
      if (failure != null) return failure;
      String type = header("Content-Type");
      return "answered " + status + (type == null ? "" : " (" + type + ")");
    }
  }

  /** What CONFIG GET said, or why it could not be read: {@code refused} by Redis itself, or Redis {@code unreachable}. */
  record RedisReading(Map<String, String> config, String refused, String unreachable) {}

  final URI page;
  final String origin;
  final int metricsPort;
  final String redisUrl;
  final String redisCaFile;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
  private final Map<String, Answer> answers = new HashMap<>();
  private BlockingVanish client;
  private RedisReading redis;

  Deployment(URI page, int metricsPort, String redisUrl, String redisCaFile) {
    this.page = page;
    this.origin = page.getScheme() + "://" + page.getRawAuthority();
    this.metricsPort = metricsPort;
    this.redisUrl = redisUrl;
    this.redisCaFile = redisCaFile;
  }

  boolean https() {
    return page.getScheme().equals("https");
  }

  /** Whether the page's host is this machine's loopback (a name that resolves to it, or a loopback literal). */
  boolean loopback() {
    try {
      return InetAddress.getByName(host()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  String host() {
    String h = page.getHost();
    return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
  }

  /** The page itself (its URL as given). */
  Answer shell() {
    return get(page);
  }

  /** A path of the page's origin (/readyz, /metrics). */
  Answer path(String path) {
    return get(URI.create(origin + path));
  }

  /** Any URL, asked once. */
  synchronized Answer get(URI u) {
    return answers.computeIfAbsent(u.toString(), k -> fetch(u, REQUEST_TIMEOUT));
  }

  /** A URL asked without caching and with a short timeout (a port that may be firewalled: dropped, not refused). */
  Answer probe(URI u, Duration timeout) {
    return fetch(u, timeout);
  }

  private Answer fetch(URI u, Duration timeout) {
    HttpRequest req = HttpRequest.newBuilder(u).timeout(timeout).header("User-Agent", "vanish-doctor").GET().build();
    try {
      HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(r.statusCode(), r.headers(), new String(r.body(), StandardCharsets.UTF_8), null);
    } catch (HttpConnectTimeoutException e) {
      return failed("no connection to " + u.getRawAuthority() + " within " + timeout.toSeconds() + " s");
    } catch (HttpTimeoutException e) {
      return failed(u.getRawAuthority() + " did not answer " + u.getRawPath() + " within " + timeout.toSeconds() + " s");
    } catch (ConnectException e) {
      return failed("nothing answers at " + u.getRawAuthority() + " (connection refused)");
    } catch (IOException e) {
      return failed("cannot fetch " + u + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed("interrupted");
    }
  }

  private static Answer failed(String why) {
    return new Answer(-1, null, "", why);
  }

  /** The client library, started on first use (a Vert.x of its own). */
  synchronized BlockingVanish client() {
    if (client == null) client = BlockingVanish.open(ClientOptions.defaults().withRequestTimeout(REQUEST_TIMEOUT));
    return client;
  }

  /** Redis's CONFIG values, read once with the node's own connection options (RedisConfigCheck). */
  synchronized RedisReading redis() {
    if (redis != null) return redis;
    Vertx vertx = client().async().vertx();
    try {
      Map<String, String> config = RedisConfigCheck.read(vertx, redisUrl, redisCaFile)
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      redis = new RedisReading(config, null, null);
    } catch (Exception e) {
      // RedisConfigCheck's failure carries the message with the URL's password scrubbed: never its cause's.
      Throwable c = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
      String why = c instanceof java.util.concurrent.TimeoutException ? "no answer within 10 s"
          : String.valueOf(c.getMessage()).replaceAll("\\s*\\R\\s*", " ");
      redis = REFUSED.matcher(why).matches() ? new RedisReading(null, why, null) : new RedisReading(null, null, why);
    }
    return redis;
  }

  @Override
  public synchronized void close() {
    if (client != null) client.close();
  }
}
