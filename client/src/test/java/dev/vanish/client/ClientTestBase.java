package dev.vanish.client;

import dev.vanish.server.testsupport.NodeTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A real node (from the server's test support) plus one blocking client, shared by a test class. */
public abstract class ClientTestBase extends NodeTestBase {

  protected BlockingVanish vanish;

  @BeforeAll
  void openClient() {
    vanish = BlockingVanish.open();
  }

  @AfterAll
  void closeClient() {
    if (vanish != null) vanish.close();
  }
}
