// The one list of the backends the contract suites run on, each able to start its real backend for a test
// class: suites choose theirs with @ParameterizedClass + @EnumSource(value = Backend.class, names = {...})
// instead of one subclass per backend. Real processes only (private redis-servers on free ports), never mocks.
package dev.vanish.server.testsupport;

import dev.vanish.server.room.Ids;

public enum Backend {
  /** The in-process memory engine: nothing to start. */
  MEMORY,
  /** A private redis-server from PATH (Debian's 7), sharded pub/sub. */
  REDIS_7,
  /** The redis-server 6.2 that embedded-redis bundles: classic pub/sub. */
  REDIS_6,
  /** A private 3-master Redis Cluster (redis-cluster://). */
  CLUSTER,
  /** A redis-server that speaks only TLS and needs a password (rediss://default:SECRET@…, test CA). */
  TLS,
  /** A 3-master Redis Cluster reached over TLS (rediss-cluster://, test CA). */
  TLS_CLUSTER;

  /** Starts this backend; the caller closes it. */
  public RunningBackend start() {
    return switch (this) {
      case MEMORY -> new RunningBackend(this, null, null, null, () -> { });
      case REDIS_7 -> RunningBackend.of(this, new RedisServerProcess());
      case REDIS_6 -> RunningBackend.of(this, RedisServerProcess.redis6());
      case CLUSTER -> {
        RedisClusterProcess cluster = new RedisClusterProcess();
        yield new RunningBackend(this, cluster.url(), null, fragment -> cluster.keysContaining(fragment).keySet(), cluster);
      }
      case TLS -> {
        RedisTlsProcess tls = new RedisTlsProcess("s3cret-" + Ids.random(8));
        yield new RunningBackend(this, tls.url(), tls.caFile(), null, tls);
      }
      case TLS_CLUSTER -> {
        // The plain ports stay open beside the TLS ones, so the test can still look at the keys.
        RedisClusterProcess cluster = new RedisClusterProcess(true);
        yield new RunningBackend(this, cluster.tlsUrl(), cluster.caFile(),
            fragment -> cluster.keysContaining(fragment).keySet(), cluster);
      }
    };
  }
}
