// The engine contract against the in-process engine.
package dev.vanish.server.engine.memory;

import dev.vanish.server.engine.Engine;
import dev.vanish.server.engine.EngineContractTest;
import io.vertx.core.Vertx;

class MemoryEngineContractTest extends EngineContractTest {

  @Override
  protected Engine newEngine(Vertx vertx, int historyLimit) {
    return new MemoryEngine(vertx, historyLimit);
  }
}
