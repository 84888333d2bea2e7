package dev.vanish.server.room;

import dev.vanish.server.testsupport.TestCrypto;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reproduces the protocol v2 test vector of docs/PROTOCOL.md with the JDK (javax.crypto, java.security's Ed25519),
 * on the client's side (TestCrypto) and the server's (Ed25519: key shape and seat signatures). The expected values
 * were computed independently (Python's `cryptography`, /work/notes/vector.py), so a drift in either fails here.
 */
class ProtocolVectorTest {

  static final byte[] K = TestCrypto.unb64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
  static final String ROOM = "VanishTestVectorRoomQA";
  static final String PUBLIC_KEY = "QlD0MnYYCqzZ-lvNklU4U4xrgAzxY283TAXLDb_VCSw";
  static final String CHALLENGE = "Y2hhbGxlbmdlLWZvci10aGUtdGVzdC12ZWN0b3I";
  static final String SIGNATURE = "QH65cfH452ZIRZn12w5b36p4zX8zvxDUSXreDxV5zH7nsiPDOFyYRfTWz_HS-LcBvmti-tzImkEPIr5BmX0OAA";
  static final byte[] P = TestCrypto.unb64("kQe0KKGGlezFkwpOTibF_p6yXFWh7WfY6oubN7m_Yws");
  static final String PASSPHRASE_KEY = "PMoNS5kcaUSqS48nrzU0X7gcbl-OfZJRxE6xgQQNeLQ";
  static final String PASSPHRASE_SIGNATURE = "2J2xw5iJ5IdFT_4I7_lk7Y0l23-LRNVfMYwshcsWC4_SJAb8wCRsBPo7Ej1BWtQiaPPcBFUpyOzit5Tb1Vo6DA";
  static final byte[] IV = HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaab");
  static final String PLAINTEXT = "{\"v\":2,\"memberId\":\"QWxpY2Utc2Vh\",\"seq\":1,\"name\":\"anonymous-wolf-x7k2p\","
      + "\"text\":\"hello, vanish\",\"sentAt\":1700000000000,\"seen\":\"41\"}";
  static final String BODY = "oKGio6SlpqeoqaqrUUZMLxtCLDGGNHT2rnfa12bYkZDMgt_jXbVK5KgH5MwKfktVMPnCJ8MI4jQAaciBKPSqERt9Lx8Yb1Q0iMBtgIERh7QT2HO0H-wkTjcYpFK-QLIvJ75-dmNKEElsTwRYUj-r0zqIuKn2cOk2La3Ot4ojzYQB-oKNWN5Cfsm88rWF1TWG3rj06RtkW09kO1bCDw";

  @Test
  void theLinkKeysDeriveAsDocumented() {
    assertThat(K).hasSize(32).startsWith((byte) 0, (byte) 1).endsWith((byte) 0x1f);
    assertThat(TestCrypto.b64(TestCrypto.linkSeed(K))).isEqualTo("3a8JNzEygweecDpAI91qA8NBKQ9kfJG743Dam7B-ZRQ");
    assertThat(TestCrypto.linkPublicKey(K)).isEqualTo(PUBLIC_KEY);
    assertThat(TestCrypto.b64(TestCrypto.root(K, null))).isEqualTo("q19OBWA_5Eg-lzs_IhTYg7QllIbBiVXRm60e7tRLjfM");
    assertThat(TestCrypto.b64(TestCrypto.msgKey(K))).isEqualTo("b1VA3lglkySx36YsN0d8qKBtVGcGSZPxHCSvst4Sm00");
  }

  @Test
  void theSeatSignatureIsTheDocumentedOneAndTheServerAcceptsIt() {
    assertThat(TestCrypto.seatSignature(K, ROOM, CHALLENGE)).isEqualTo(SIGNATURE); // Ed25519 is deterministic
    assertThat(Ed25519.isPublicKey(PUBLIC_KEY)).isTrue();
    assertThat(Ed25519.verify(PUBLIC_KEY, Ed25519.seatMessage(ROOM, CHALLENGE), SIGNATURE)).isTrue();
    assertThat(Ed25519.verify(PUBLIC_KEY, Ed25519.seatMessage("VanishTestVectorRoomQQ", CHALLENGE), SIGNATURE)).isFalse();
    assertThat(Ed25519.verify(TestCrypto.linkPublicKey(TestCrypto.newRoomKey()), Ed25519.seatMessage(ROOM, CHALLENGE), SIGNATURE)).isFalse();
  }

  @Test
  void thePassphraseKeysDeriveAsDocumented() {
    assertThat(TestCrypto.b64(TestCrypto.passphraseP("correct horse battery staple", ROOM))).isEqualTo(TestCrypto.b64(P));
    assertThat(TestCrypto.b64(TestCrypto.root(K, P))).isEqualTo("bWjv3Repb5uWVD3W_B-dA_yzKONMxj3jbhq-haPFKpI");
    assertThat(TestCrypto.b64(TestCrypto.passphraseSeed(K, P))).isEqualTo("LEaQQXZ_TBHSv-6dAMQ9La0epl7DBhs6PmpsJFKKL5M");
    assertThat(TestCrypto.publicKey(TestCrypto.passphraseSeed(K, P))).isEqualTo(PASSPHRASE_KEY);
    assertThat(TestCrypto.b64(TestCrypto.msgKey(K, P))).isEqualTo("QNcfXL7veE-Mumf5J1R8GLOvhmCmgL3KUhy6qATYRFM");
    assertThat(Ed25519.verify(PASSPHRASE_KEY, Ed25519.seatMessage(ROOM, CHALLENGE), PASSPHRASE_SIGNATURE)).isTrue();
  }

  @Test
  void bodyEncryptsAndDecryptsAsDocumented() {
    assertThat(TestCrypto.encrypt(K, ROOM, IV, PLAINTEXT)).isEqualTo(BODY);
    assertThat(TestCrypto.decrypt(K, ROOM, BODY)).isEqualTo(PLAINTEXT);
  }

  @Test
  void theRoomIdIsBoundToTheCiphertext() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestCrypto.decrypt(K, "VanishTestVectorRoomQQ", BODY))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theServerChecksTheShapesOfKeysAndRoomIds() {
    assertThat(Ed25519.isPublicKey("QlD0MnYYCqzZ-lvNklU4U4xrgAzxY283TAXLDb_VCSx")).isFalse(); // non-canonical last char
    // y = 2: (y² − 1) / (d·y² + 1) is no square mod p, so no point of the curve has it.
    assertThat(Ed25519.isPublicKey("AgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).isFalse();
    // y ≥ p (all ones below the sign bit) is not canonical.
    assertThat(Ed25519.isPublicKey("_________________________________________38")).isFalse();
    assertThat(Ids.isCanonicalRoomId(ROOM)).isTrue();
    assertThat(Ids.isCanonicalRoomId("VanishTestVectorRoomQB")).isFalse();
  }

  @Test
  void idsCarryEnoughRandomness() {
    assertThat(TestCrypto.unb64(Ids.token())).hasSize(32);
    assertThat(Ids.isCanonicalRoomId(TestCrypto.newRoomId())).isTrue();
    assertThat(java.util.stream.IntStream.range(0, 1000).mapToObj(i -> Ids.token()).distinct().count()).isEqualTo(1000);
  }
}
