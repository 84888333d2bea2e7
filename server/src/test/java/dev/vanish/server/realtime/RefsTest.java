// A client's ref, with no node: what is echoed back in an ack or error is exactly what the client sent when
// it is valid (a string of at most 64 characters, or a whole number), and anything else is refused when it
// comes with a command and dropped — never echoed — in an error frame. A wrong echo breaks how a client
// matches acks to its sends, i.e. whether it resends (and duplicates) a message.
package dev.vanish.server.realtime;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefsTest {

  private static final String REFUSAL = "ref must be a string of at most 64 characters or a whole number.";

  @Test
  void noRefIsNoRef() {
    assertThat(Refs.valid(null)).isNull();
    assertThat(Refs.echo(null)).isNull();
  }

  @Test
  void aStringOfUpTo64CharactersIsKeptAsItIs() {
    String longest = "r".repeat(64);
    assertThat(Refs.valid("r1")).isEqualTo("r1");
    assertThat(Refs.valid("")).isEqualTo("");
    assertThat(Refs.valid(longest)).isSameAs(longest);
    assertThat(Refs.echo(longest)).isSameAs(longest);
  }

  @Test
  void wholeNumbersAreKeptWithTheirType() {
    assertThat(Refs.valid(7)).isEqualTo(7).isInstanceOf(Integer.class);
    assertThat(Refs.valid(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE).isInstanceOf(Long.class);
    assertThat(Refs.echo(-1)).isEqualTo(-1);
  }

  @Test
  void aStringOf65CharactersIsRefused() {
    assertThatThrownBy(() -> Refs.valid("r".repeat(65))).isInstanceOf(RuntimeException.class).hasMessage(REFUSAL);
  }

  @Test
  void fractionsBooleansObjectsAndListsAreRefused() {
    for (Object bad : List.of(1.5, 2.0f, true, Map.of("a", 1), List.of(1))) {
      assertThatThrownBy(() -> Refs.valid(bad)).as(String.valueOf(bad))
          .isInstanceOf(RuntimeException.class).hasMessage(REFUSAL);
    }
  }

  @Test
  void anInvalidRefIsNeverEchoed() {
    assertThat(Refs.echo("r".repeat(65))).isNull();
    assertThat(Refs.echo(1.5)).isNull();
    assertThat(Refs.echo(Map.of("a", 1))).isNull();
  }
}
