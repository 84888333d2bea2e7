package dev.vanish.server.realtime;

import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.TestNode;
import dev.vanish.server.testsupport.TestSocket;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that stops tells its sockets to reconnect elsewhere (1012, "server restarting") instead of dropping
 * them, promptly: the clients resume with {@code after} on another node.
 */
class GracefulShutdownTest {

  @Test
  void stoppingANodeTellsItsSocketsToReconnect() {
    TestNode node = TestNode.start(TestNode.testConfig());
    try {
      Api api = node.api();
      Api.Room room = api.createRoom(null, 2);
      try (TestSocket s = TestSocket.joined(api.base(), api.join(room), null)) {
        long t0 = System.currentTimeMillis();
        node.close();
        assertThat(s.awaitClose()).isEqualTo(CloseCodes.RESTARTING);
        assertThat(System.currentTimeMillis() - t0).isLessThan(5000);
      }
    } finally {
      node.close();
    }
  }
}
