package dev.vanish.server.realtime;

import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.testsupport.TestNode;

/** The WebSocket protocol on the embedded memory engine. */
class MemoryRealtimeTest extends RealtimeContractTest {
  @Override
  protected ServerConfig config() {
    return TestNode.testConfig();
  }
}
