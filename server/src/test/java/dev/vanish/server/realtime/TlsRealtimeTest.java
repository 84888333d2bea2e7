package dev.vanish.server.realtime;

import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.RedisTlsProcess;

/** The WebSocket protocol on the Redis engine over TLS with a password (rediss://default:SECRET@…, test CA). */
class TlsRealtimeTest extends RealtimeContractTest {

  private RedisTlsProcess tls;

  @Override
  protected boolean useRedis() {
    return true;
  }

  @Override
  protected String startRedis() {
    tls = new RedisTlsProcess("pw-" + Ids.random(8));
    redisCaFile = tls.caFile();
    return tls.url();
  }

  @Override
  protected void stopRedis() {
    if (tls != null) tls.close();
  }
}
