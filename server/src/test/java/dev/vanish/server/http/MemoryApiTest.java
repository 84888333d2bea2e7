package dev.vanish.server.http;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.testsupport.TestNode;

/** The HTTP API on the embedded memory engine. */
class MemoryApiTest extends ApiContractTest {
  @Override
  protected ServerConfig config() {
    return TestNode.testConfig();
  }
}
