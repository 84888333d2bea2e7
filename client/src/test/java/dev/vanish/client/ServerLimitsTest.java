// ServerLimits without a server: a config answer missing fields falls back to the defaults PROTOCOL.md §4
// documents, field by field, and the plaintext budget is exactly what fits one body once sealed.
package dev.vanish.client;

import dev.vanish.client.crypto.Plaintext;
import dev.vanish.client.crypto.RoomKey;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ServerLimitsTest {

  private static final String ROOM = "VanishTestVectorRoom01";

  @Test
  void anEmptyConfigGivesTheDocumentedDefaults() {
    VanishClient.ServerLimits l = VanishClient.ServerLimits.from(new JsonObject());
    assertThat(l).isEqualTo(new VanishClient.ServerLimits(600, 60, 86400, 2, 2, 50, 32768, 10485760, 67108864, 262144));
    assertThat(l).isEqualTo(Protocol.DOCUMENTED_LIMITS);
  }

  @Test
  void theServersValuesWinFieldByField() {
    VanishClient.ServerLimits l = VanishClient.ServerLimits.from(
        new JsonObject().put("minTtlSeconds", 1).put("maxCapacity", 8).put("maxBodyChars", 4096).put("maxFileBytes", 1024));
    assertThat(l).isEqualTo(new VanishClient.ServerLimits(600, 1, 86400, 2, 2, 8, 4096, 1024, 67108864, 262144));
  }

  @Test
  void theDefaultBodyHoldsAbout24KilobytesOfPlaintext() {
    assertThat(Protocol.DOCUMENTED_LIMITS.maxPlainBytes()).isEqualTo(24548);
    assertThat(Protocol.maxPlainBytes(4096)).isEqualTo(3044);
  }

  @Test
  void aPlaintextOfExactlyTheBudgetFitsOneBodyAndOneByteMoreDoesNot() {
    VanishClient.ServerLimits l = Protocol.DOCUMENTED_LIMITS;
    RoomKey key = RoomKey.generate();
    Plaintext exact = plaintextOf(l.maxPlainBytes());
    Plaintext over = plaintextOf(l.maxPlainBytes() + 1);
    String fits = key.seal(exact);
    String tooBig = key.seal(over);
    assertThat(fits.length()).isLessThanOrEqualTo(l.maxBodyChars());
    assertThat(l.fits(fits)).isTrue();
    assertThat(tooBig.length()).isGreaterThan(l.maxBodyChars());
    assertThat(l.fits(tooBig)).isFalse();
  }

  private static Plaintext plaintextOf(int bytes) {
    int envelope = new Plaintext("QWxpY2Utc2Vh", 1, "ann", "", 0, null).encode().getBytes(StandardCharsets.UTF_8).length;
    Plaintext p = new Plaintext("QWxpY2Utc2Vh", 1, "ann", "x".repeat(bytes - envelope), 0, null);
    assertThat(p.encode().getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
    return p;
  }
}
