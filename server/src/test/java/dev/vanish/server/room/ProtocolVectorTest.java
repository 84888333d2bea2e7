package dev.vanish.server.room;

import dev.vanish.server.testsupport.TestCrypto;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reproduces the test vector of docs/PROTOCOL.md with javax.crypto. The expected values were computed
 * independently (Python's `cryptography`), so a drift in either implementation fails here.
 */
class ProtocolVectorTest {

  static final byte[] K = TestCrypto.unb64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
  static final String ROOM = "VanishTestVectorRoom01";
  static final byte[] IV = HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaab");
  static final String PLAINTEXT = "{\"v\":1,\"name\":\"anonymous-wolf-x7k2p\",\"text\":\"hello, vanish\",\"sentAt\":1700000000000}";
  static final String BODY = "oKGio6SlpqeoqaqrRptXqrS5B40_NlqziJgI2BvspEH3Gv3c5088O_md_B2DSqQkzEyf03o_q6HwxbI3idVsSyZswPsTzeHyiPelI-dQFGrABbPy0Bq_nEuajpY7UbfVlgwHYwFGlH9v-AbfcH7X";

  @Test
  void keysDeriveAsDocumented() {
    assertThat(K).hasSize(32).startsWith((byte) 0, (byte) 1).endsWith((byte) 0x1f);
    assertThat(TestCrypto.accessProof(K)).isEqualTo("6ihSlyTo8mBKc9UjsryhB8FgKDWijpFGOJNLiOIgCBk");
    assertThat(TestCrypto.accessHash(K)).isEqualTo("6zCJzC-jXd9auO6W5rLb__DMgeYqBIqMQO2xm5RWnR4");
    assertThat(TestCrypto.b64(TestCrypto.msgKey(K))).isEqualTo("HSrUDvIXut2XLtN2tjbOC-pattV6EAreWeRWjJXVsRE");
  }

  @Test
  void bodyEncryptsAndDecryptsAsDocumented() {
    assertThat(TestCrypto.encrypt(K, ROOM, IV, PLAINTEXT)).isEqualTo(BODY);
    assertThat(TestCrypto.decrypt(K, ROOM, BODY)).isEqualTo(PLAINTEXT);
  }

  @Test
  void theRoomIdIsBoundToTheCiphertext() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestCrypto.decrypt(K, "VanishTestVectorRoom02", BODY))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theServerAcceptsTheProofOfTheDocumentedHash() {
    assertThat(Ids.proofMatches("6ihSlyTo8mBKc9UjsryhB8FgKDWijpFGOJNLiOIgCBk", "6zCJzC-jXd9auO6W5rLb__DMgeYqBIqMQO2xm5RWnR4")).isTrue();
    assertThat(Ids.proofMatches(TestCrypto.accessProof(TestCrypto.newRoomKey()), "6zCJzC-jXd9auO6W5rLb__DMgeYqBIqMQO2xm5RWnR4")).isFalse();
    assertThat(Ids.isKey32("6zCJzC-jXd9auO6W5rLb__DMgeYqBIqMQO2xm5RWnR4")).isTrue();
    assertThat(Ids.isKey32("6zCJzC-jXd9auO6W5rLb__DMgeYqBIqMQO2xm5RWnR5")).isFalse(); // non-canonical last char
  }

  @Test
  void idsCarryEnoughRandomness() {
    assertThat(Ids.roomId()).matches("[A-Za-z0-9_-]{22}");
    assertThat(TestCrypto.unb64(Ids.token())).hasSize(32);
    assertThat(java.util.stream.IntStream.range(0, 1000).mapToObj(i -> Ids.roomId()).distinct().count()).isEqualTo(1000);
  }
}
