// OwnEchoes without a server: a session's own echo is recognised once by its ciphertext, and the memory of what
// it sealed stays bounded however many echoes never come.
package dev.vanish.client;

import dev.vanish.client.crypto.Plaintext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OwnEchoesTest {

  private final OwnEchoes echoes = new OwnEchoes();

  @Test
  void anEchoIsRecognisedByItsBodyExactlyOnce() {
    Plaintext hi = new Plaintext("QWxpY2Utc2Vh", 1, "ann", "hi", 1, null);
    echoes.sealed("BODY-1", hi);
    assertThat(echoes.echoed("BODY-1")).isSameAs(hi);
    assertThat(echoes.echoed("BODY-1")).isNull();
  }

  @Test
  void aBodyThisSessionDidNotSealIsUnknown() {
    echoes.sealed("BODY-1", new Plaintext("QWxpY2Utc2Vh", 1, "ann", "hi", 1, null));
    assertThat(echoes.echoed("BODY-2")).isNull();
    assertThat(echoes.echoed("BODY-1")).isNotNull();
  }

  @Test
  void echoesMayArriveInAnyOrder() {
    Plaintext one = new Plaintext("QWxpY2Utc2Vh", 1, "ann", "one", 1, null);
    Plaintext two = new Plaintext("QWxpY2Utc2Vh", 1, "ann", "two", 2, null);
    echoes.sealed("B1", one);
    echoes.sealed("B2", two);
    assertThat(echoes.echoed("B2")).isSameAs(two);
    assertThat(echoes.echoed("B1")).isSameAs(one);
  }

  @Test
  void onlyTheLatestSealsAreKeptSoLostEchoesCostNothing() {
    int extra = 72;
    for (int i = 0; i < OwnEchoes.MAX + extra; i++) echoes.sealed("B" + i, new Plaintext("QWxpY2Utc2Vh", 1, "ann", "m" + i, i, null));
    for (int i = 0; i < extra; i++) assertThat(echoes.echoed("B" + i)).as("oldest seal %d", i).isNull();
    for (int i = extra; i < OwnEchoes.MAX + extra; i++) {
      assertThat(echoes.echoed("B" + i)).as("recent seal %d", i).extracting(Plaintext::text).isEqualTo("m" + i);
    }
  }
}
