// CloseCode without a server: every close code of PROTOCOL.md §6 with what a session does on it, error closes
// as 4000 + the HTTP status of their error, and an unknown code treated like a lost network.
package dev.vanish.client;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class CloseCodeTest {

  @Test
  void eachDocumentedCodeLeadsToTheActionTheSpecAsksFor() {
    Map<Integer, CloseCode.Action> spec = Map.ofEntries(
        Map.entry(1000, CloseCode.Action.RECONNECT),
        Map.entry(1006, CloseCode.Action.RECONNECT),
        Map.entry(1008, CloseCode.Action.RECONNECT),
        Map.entry(1009, CloseCode.Action.RECONNECT),
        Map.entry(1012, CloseCode.Action.RECONNECT),
        Map.entry(4400, CloseCode.Action.FAIL),
        Map.entry(4401, CloseCode.Action.TAKE_SEAT_AGAIN),
        Map.entry(4404, CloseCode.Action.END_NOT_FOUND),
        Map.entry(4408, CloseCode.Action.RECONNECT),
        Map.entry(4410, CloseCode.Action.END_ROOM_ENDED),
        Map.entry(4503, CloseCode.Action.RECONNECT));
    spec.forEach((code, action) -> {
      assertThat(CloseCode.forCode(code)).as("close %d", code).isPresent();
      assertThat(CloseCode.actionFor(code)).as("close %d", code).isEqualTo(action);
    });
    assertThat(CloseCode.values()).hasSize(spec.size());
  }

  @Test
  void errorClosesAreFourThousandPlusTheHttpStatusOfTheirError() {
    assertThat(CloseCode.INVALID_REQUEST.httpStatus()).isEqualTo(OptionalInt.of(400));
    assertThat(CloseCode.UNAUTHORIZED.httpStatus()).isEqualTo(OptionalInt.of(401));
    assertThat(CloseCode.ROOM_NOT_FOUND.httpStatus()).isEqualTo(OptionalInt.of(404));
    assertThat(CloseCode.IDLE.httpStatus()).isEqualTo(OptionalInt.of(408));
    assertThat(CloseCode.ROOM_ENDED.httpStatus()).isEqualTo(OptionalInt.of(410));
    assertThat(CloseCode.UNAVAILABLE.httpStatus()).isEqualTo(OptionalInt.of(503));
    assertThat(CloseCode.NORMAL.httpStatus()).isEmpty();
    assertThat(CloseCode.SERVER_RESTARTING.httpStatus()).isEmpty();
  }

  @Test
  void anErrorCloseCarriesItsErrorCodeAsReason() {
    for (CloseCode c : new CloseCode[] {CloseCode.INVALID_REQUEST, CloseCode.UNAUTHORIZED, CloseCode.ROOM_NOT_FOUND,
        CloseCode.UNAVAILABLE}) {
      assertThat(VanishException.Code.fromWire(c.reason())).as(c.name()).isNotEqualTo(VanishException.Code.PROTOCOL);
    }
    assertThat(CloseCode.ROOM_ENDED.reason()).isEqualTo("destroyed|expired");
    assertThat(CloseCode.SERVER_RESTARTING.reason()).isEqualTo("server restarting");
  }

  @Test
  void everyCodeIsFoundByItsNumberAndNoTwoShareOne() {
    for (CloseCode c : CloseCode.values()) assertThat(CloseCode.forCode(c.code())).contains(c);
    assertThat(Arrays.stream(CloseCode.values()).mapToInt(CloseCode::code).distinct().count())
        .isEqualTo(CloseCode.values().length);
  }

  @Test
  void anUnknownCodeIsTreatedLikeALostNetwork() {
    for (int code : new int[] {0, 1001, 1011, 4000, 4409, 4999}) {
      assertThat(CloseCode.forCode(code)).as("close %d", code).isEmpty();
      assertThat(CloseCode.actionFor(code)).as("close %d", code).isEqualTo(CloseCode.Action.RECONNECT);
    }
  }
}
