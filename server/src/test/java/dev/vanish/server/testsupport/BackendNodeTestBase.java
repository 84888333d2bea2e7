// One real node for all the tests of one invocation of a @ParameterizedClass over Backend: the backend and the
// node start once per class invocation and stop after it. Suites written once against this base choose their
// backends with @EnumSource(value = Backend.class, names = {...}). NodeTestBase stays for the suites (browser,
// client, bench) that pick memory or Redis with its useRedis() hook.
package dev.vanish.server.testsupport;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.room.Ids;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendNodeTestBase {

  /** The backend of this class invocation, injected by @ParameterizedClass. */
  @Parameter
  protected Backend backend;
  protected RunningBackend running;
  protected TestNode node;
  protected Api api;

  // Not @BeforeAll: on a @ParameterizedClass that runs once before all invocations, before any backend is known.
  @BeforeParameterizedClassInvocation
  void startBackendAndNode(Backend backend) {
    running = backend.start();
    ServerConfig config = TestNode.testConfig();
    if (running.usesRedis()) config = config.withRedis(running.redisUrl(), "t" + Ids.random(6)).withRedisCaFile(running.caFile());
    node = TestNode.start(config);
    api = node.api();
  }

  @AfterParameterizedClassInvocation
  void stopNodeAndBackend() {
    if (node != null) node.close();
    if (running != null) running.close();
  }
}
