package dev.vanish.server.testsupport;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.room.Ids;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A test class with one real node for all its tests, on the memory engine or — when a subclass says
 * {@link #useRedis()} — on a private redis-server started for it. Suites written once against this base run
 * on both engines by subclassing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class NodeTestBase {

  protected TestNode node;
  protected Api api;
  /** The private Redis when {@link #useRedis()}; null on the memory engine. */
  protected RedisServerProcess redis;

  protected boolean useRedis() {
    return false;
  }

  /** A CA file for a {@code rediss://} URL that {@link #startRedis()} returns (set it there); null otherwise. */
  protected String redisCaFile;

  /** Starts the Redis a {@link #useRedis()} suite runs on and returns its URL: a private redis-server unless overridden. */
  protected String startRedis() {
    redis = new RedisServerProcess();
    return redis.url();
  }

  /** Stops what {@link #startRedis()} started, after the node. */
  protected void stopRedis() {
    if (redis != null) redis.close();
  }

  /** The node's settings before the engine is chosen: the test defaults unless a subclass needs others. */
  protected ServerConfig config() {
    return TestNode.testConfig();
  }

  @BeforeAll
  void startNode() {
    ServerConfig config = config();
    if (useRedis()) config = config.withRedis(startRedis(), "t" + Ids.random(6)).withRedisCaFile(redisCaFile);
    node = TestNode.start(config);
    api = node.api();
  }

  @AfterAll
  void stopNode() {
    if (node != null) node.close();
    stopRedis();
  }
}
