package dev.vanish.server.realtime;

import dev.vanish.server.testsupport.RedisClusterProcess;

/** The WebSocket protocol on the Redis engine against a private 3-master Redis Cluster (redis-cluster:// URL). */
class ClusterRealtimeTest extends RealtimeContractTest {

  private RedisClusterProcess cluster;

  @Override
  protected boolean useRedis() {
    return true;
  }

  @Override
  protected String startRedis() {
    cluster = new RedisClusterProcess();
    return cluster.url();
  }

  @Override
  protected void stopRedis() {
    if (cluster != null) cluster.close();
  }
}
