// Which Redis VANISH_REDIS_URL names and how to reach it: one server (redis:// or rediss://) or a Redis Cluster
// (redis-cluster://h1:p1,h2:p2,… or rediss-cluster://…, seed nodes from which the client learns the slot map).
// Turns that into Vert.x RedisOptions, with TLS trusting either the JVM trust store (what a managed Redis with a
// public certificate needs) or one PEM CA file (VANISH_REDIS_CA_FILE, e.g. a private CA). See docs/REDIS.md.
// The URL grammar is the settings' own (config/RedisUrl): what the loader accepts, the engine can use.
package dev.vanish.server.engine.redis;

import dev.vanish.server.config.RedisUrl;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

import java.util.ArrayList;
import java.util.List;

public record RedisTarget(boolean cluster, boolean tls, List<String> endpoints, String password, String caFile) {

  /**
   * Parses the URL with the settings' grammar ({@link RedisUrl}); an unusable one throws IllegalArgumentException
   * with a message free of the password.
   */
  public static RedisTarget parse(String url, String caFile) {
    RedisUrl u = RedisUrl.parse(url);
    String ca = caFile == null || caFile.isBlank() ? null : caFile;
    return new RedisTarget(u.cluster(), u.tls(), u.endpoints(), u.password(), ca);
  }

  /** Never shows the password (records print every component by default). */
  @Override
  public String toString() {
    return "RedisTarget[" + RedisUrls.redact(String.join(",", endpoints)) + (cluster ? ", cluster" : "") + "]";
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
