package dev.vanish.server.http;

import dev.vanish.server.testsupport.RedisClusterProcess;

/** The HTTP API on the Redis engine against a private 3-master Redis Cluster (redis-cluster:// URL). */
class ClusterApiTest extends ApiContractTest {

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
