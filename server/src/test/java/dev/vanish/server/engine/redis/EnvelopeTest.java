// The pub/sub envelope of a room channel, with no Redis: what encode writes parse reads back exactly (kind,
// member, message id, frame bytes), and every malformed shape is refused with IllegalArgumentException — a
// payload that parsed into the wrong message id could make a socket drop or repeat a message.
package dev.vanish.server.engine.redis;

import dev.vanish.server.engine.RoomEvent;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeTest {

  private static RoomEvent roundTrip(RoomEvent.Kind kind, String memberId, long messageId, String frame) {
    return Envelope.parse(Buffer.buffer(Envelope.encode(kind, memberId, messageId, frame), StandardCharsets.UTF_8.name()));
  }

  @ParameterizedTest
  @EnumSource(RoomEvent.Kind.class)
  void everyKindSurvivesTheRoundTrip(RoomEvent.Kind kind) {
    RoomEvent e = roundTrip(kind, "m1", 42, "{\"type\":\"x\"}");
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.memberId()).isEqualTo("m1");
    assertThat(e.messageId()).isEqualTo(42);
    assertThat(e.frame().toString()).isEqualTo("{\"type\":\"x\"}");
  }

  @Test
  void anAbsentMemberTravelsAsEmptyAndComesBackAsNull() {
    assertThat(Envelope.encode(RoomEvent.Kind.DESTROYED, null, 0, "{}")).isEqualTo("d||0\n{}");
    assertThat(roundTrip(RoomEvent.Kind.DESTROYED, null, 0, "{}").memberId()).isNull();
  }

  @Test
  void theLargestMessageIdComesBackExactly() {
    assertThat(roundTrip(RoomEvent.Kind.MESSAGE, "m", Long.MAX_VALUE, "{}").messageId()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void theFrameIsKeptByteForByteEvenWithNewlinesAndBarsAndNonAscii() {
    String frame = "{\"body\":\"a|b\\nc\"}\nsecond line | über ✓";
    RoomEvent e = roundTrip(RoomEvent.Kind.MESSAGE, "m2", 7, frame);
    assertThat(e.frame().getBytes()).isEqualTo(frame.getBytes(StandardCharsets.UTF_8));
    assertThat(e.memberId()).isEqualTo("m2");
    assertThat(e.messageId()).isEqualTo(7);
  }

  @Test
  void anEmptyFrameIsAllowed() {
    RoomEvent e = roundTrip(RoomEvent.Kind.TYPING, "m3", 0, "");
    assertThat(e.frame().length()).isZero();
    assertThat(e.kind()).isEqualTo(RoomEvent.Kind.TYPING);
  }

  @ParameterizedTest(name = "refuses {0}")
  @ValueSource(strings = {
      "",                 // nothing at all
      "m|a|1",            // no newline: no frame
      "m|1\n{}",          // header too short for kind|member|id
      "\n{}",             // empty header
      "m||\n{}",          // empty message id
      "mx|a|1\n{}",       // no bar after the kind
      "m|abc\n{}",        // no bar after the member
      "x|a|1\n{}",        // unknown kind
      "m|a|one\n{}",      // message id not a number
      "m|a|1.5\n{}",      // message id not whole
      "m|a|99999999999999999999\n{}", // message id beyond a long
      "m|a|1|2\n{}",      // an extra field
      "m|a| 1\n{}",       // a space in the id
      "m|a|-1\n{}",       // a negative id: ids only grow from 1 (0 = not a message)
      "m|a|+1\n{}",       // a sign the scripts never write
  })
  void refusesAMalformedEnvelope(String payload) {
    Buffer b = Buffer.buffer(payload, StandardCharsets.UTF_8.name());
    assertThatThrownBy(() -> Envelope.parse(b)).isInstanceOf(IllegalArgumentException.class);
  }
}
