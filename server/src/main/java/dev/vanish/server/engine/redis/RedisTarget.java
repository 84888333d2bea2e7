// Which Redis VANISH_REDIS_URL names and how to reach it: one server (redis:// or rediss://) or a Redis Cluster
// (redis-cluster://h1:p1,h2:p2,… or rediss-cluster://…, seed nodes from which the client learns the slot map).
// Turns that into Vert.x RedisOptions, with TLS trusting either the JVM trust store (what a managed Redis with a
// public certificate needs) or one PEM CA file (VANISH_REDIS_CA_FILE, e.g. a private CA). See docs/REDIS.md.
package dev.vanish.server.engine.redis;

import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public record RedisTarget(boolean cluster, boolean tls, List<String> endpoints, String password, String caFile) {

  private static final Pattern CLUSTER = Pattern.compile("^(rediss?)-cluster://(?:([^@/]*)@)?([^/?#]+)/?$");
  private static final Pattern HOST_PORT = Pattern.compile("^(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+):(\\d{1,5})$");

  /** Parses the URL; an unusable one throws IllegalArgumentException with a message free of the password. */
  public static RedisTarget parse(String url, String caFile) {
    if (url == null || url.isBlank()) throw new IllegalArgumentException("no Redis URL");
    String ca = caFile == null || caFile.isBlank() ? null : caFile;
    Matcher m = CLUSTER.matcher(url.trim());
    if (m.matches()) {
      String scheme = m.group(1);
      String userInfo = m.group(2);
      List<String> endpoints = new ArrayList<>();
      for (String node : m.group(3).split(",")) {
        String hp = node.trim();
        Matcher h = HOST_PORT.matcher(hp);
        if (!h.matches() || Integer.parseInt(h.group(2)) < 1 || Integer.parseInt(h.group(2)) > 65535) {
          throw new IllegalArgumentException("a cluster URL lists host:port nodes separated by commas");
        }
        endpoints.add(scheme + "://" + (userInfo == null ? "" : userInfo + "@") + hp);
      }
      return new RedisTarget(true, scheme.equals("rediss"), List.copyOf(endpoints), password(userInfo), ca);
    }
    String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")) : "";
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new IllegalArgumentException("the URL must start with redis://, rediss://, redis-cluster:// or rediss-cluster://");
    }
    Matcher u = Pattern.compile("^rediss?://(?:([^@/]*)@)?").matcher(url);
    String userInfo = u.find() ? u.group(1) : null;
    return new RedisTarget(false, scheme.equals("rediss"), List.of(url.trim()), password(userInfo), ca);
  }

  /** Never shows the password (records print every component by default). */
  @Override
  public String toString() {
    return "RedisTarget[" + RedisUrls.redact(String.join(",", endpoints)) + (cluster ? ", cluster" : "") + "]";
  }

  private static String password(String userInfo) {
    if (userInfo == null) return null;
    int colon = userInfo.indexOf(':');
    String pw = colon >= 0 ? userInfo.substring(colon + 1) : userInfo;
    return pw.isEmpty() ? null : java.net.URLDecoder.decode(pw, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Client options for a pool of {@code poolSize} connections (per node, on a cluster). */
  RedisOptions options(int poolSize, int connectTimeoutMs) {
    RedisOptions o = new RedisOptions()
        .setType(cluster ? RedisClientType.CLUSTER : RedisClientType.STANDALONE)
        .setEndpoints(new ArrayList<>(endpoints))
        .setMaxPoolSize(poolSize)
        .setMaxPoolWaiting(16_384) // bounded, but never the reason a burst fails: the 1.8 s command timeout is
        .setMaxWaitingHandlers(16_384) // replies owed on one pipelined connection; past it a command fails at once
        .setPoolRecycleTimeout(15_000);
    o.getNetClientOptions().setConnectTimeout(connectTimeoutMs).setTcpKeepAlive(true).setTcpNoDelay(true);
    if (tls) {
      // Verify the server's name like HTTPS does: a certificate for another host is refused.
      o.getNetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
      if (caFile != null) o.getNetClientOptions().setTrustOptions(new PemTrustOptions().addCertPath(caFile));
    }
    return o;
  }
}
