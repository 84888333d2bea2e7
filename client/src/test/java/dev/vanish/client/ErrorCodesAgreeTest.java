package dev.vanish.client;

import dev.vanish.server.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's error codes mean what the server's mean: every code the server can send has a client code of
 * the same wire name, and a client retries exactly the failures the server calls transient.
 */
class ErrorCodesAgreeTest {

  @Test
  void everyServerCodeHasTheClientCodeOfTheSameWireNameAndTransience() {
    for (ErrorCode server : ErrorCode.values()) {
      VanishException.Code client = VanishException.Code.fromWire(server.wire());
      assertThat(client).as(server.wire()).isNotEqualTo(VanishException.Code.PROTOCOL);
      assertThat(client.wire()).isEqualTo(server.wire());
      assertThat(new VanishException(client, "x").isTransient()).as(server.wire()).isEqualTo(server.isTransient());
    }
  }
}
