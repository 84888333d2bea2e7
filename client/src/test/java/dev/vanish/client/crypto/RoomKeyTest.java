// RoomKey beyond the vector: fresh ivs and roomIds, what does not open, and which plaintexts are refused.
package dev.vanish.client.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RoomKeyTest {

  @Test
  void sealingTwiceGivesTwoBodiesThatBothOpen() {
    RoomKey key = RoomKey.generate();
    Plaintext p = new Plaintext("QWxpY2Utc2Vh", 3, "ünï", "multi\nline ✓", 42, null);
    String a = key.seal(p);
    String b = key.seal(p);
    assertThat(a).isNotEqualTo(b).matches("[A-Za-z0-9_-]+");
    assertThat(key.open(a)).contains(p);
    assertThat(RoomKey.generate().open(a)).isEmpty();
  }

  @Test
  void aFreshRoomIdIsTwentyTwoCanonicalCharacters() {
    String id = VanishCrypto.newRoomId();
    assertThat(id).matches("[A-Za-z0-9_-]{21}[AQgw]");
    assertThat(RoomKey.generate().roomId()).matches("[A-Za-z0-9_-]{21}[AQgw]");
  }

  @Test
  void theSafetyCodeDiffersForAnotherKeyAnotherRoomAndAnotherPassphrase() {
    byte[] k = VanishCrypto.newRoomKey();
    String room = VanishCrypto.newRoomId();
    String code = RoomKey.of(k, room).safetyCode();
    assertThat(code).matches("\\d{4} \\d{4} \\d{4} \\d{4} \\d{4}");
    assertThat(RoomKey.of(k, room).safetyCode()).isEqualTo(code);
    assertThat(RoomKey.of(VanishCrypto.newRoomKey(), room).safetyCode()).isNotEqualTo(code);
    assertThat(RoomKey.of(k, VanishCrypto.newRoomId()).safetyCode()).isNotEqualTo(code);
    assertThat(RoomKey.of(k, room, "a passphrase").safetyCode()).isNotEqualTo(code);
  }

  @Test
  void plaintextsThatAreNotVersionTwoOrLackTheSenderAreRefused() {
    assertThat(decode("{\"v\":1,\"name\":\"a\",\"text\":\"b\",\"sentAt\":1}")).isEmpty();
    assertThat(decode("{\"v\":2,\"name\":\"a\",\"text\":\"b\",\"sentAt\":1}")).isEmpty();
    assertThat(decode("{\"v\":2,\"memberId\":\"m\",\"seq\":0,\"name\":\"a\",\"text\":\"b\",\"sentAt\":1}")).isEmpty();
    assertThat(decode("{\"v\":2,\"memberId\":\"m\",\"seq\":1.5,\"name\":\"a\",\"text\":\"b\",\"sentAt\":1}")).isEmpty();
    assertThat(decode("{\"v\":2,\"memberId\":\"m\",\"seq\":\"1\",\"name\":\"a\",\"text\":\"b\",\"sentAt\":1}")).isEmpty();
    assertThat(decode("{\"v\":2,\"memberId\":\"m\",\"seq\":1,\"name\":\"a\",\"text\":\"b\",\"sentAt\":1,\"seen\":4}")).isEmpty();
    assertThat(decode("not json")).isEmpty();
    assertThat(decode("[1]")).isEmpty();
    assertThat(decode("{\"v\":2,\"memberId\":\"m\",\"seq\":7,\"name\":\"a\",\"text\":\"b\",\"sentAt\":1}"))
        .contains(new Plaintext("m", 7, "a", "b", 1, null));
  }

  private static java.util.Optional<Plaintext> decode(String json) {
    return Plaintext.decode(json.getBytes(StandardCharsets.UTF_8));
  }
}
