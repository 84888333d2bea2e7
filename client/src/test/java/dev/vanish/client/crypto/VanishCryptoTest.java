// PROTOCOL.md §3's test vector, reproduced exactly by the client's javax.crypto implementation.
package dev.vanish.client.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VanishCryptoTest {

  static final String K = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
  static final String ROOM = "VanishTestVectorRoom01";
  static final byte[] IV = HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaab");
  static final String PLAINTEXT = "{\"v\":1,\"name\":\"anonymous-wolf-x7k2p\",\"text\":\"hello, vanish\",\"sentAt\":1700000000000}";
  static final String BODY = "oKGio6SlpqeoqaqrRptXqrS5B40_NlqziJgI2BvspEH3Gv3c5088O_md_B2DSqQkzEyf03o_q6HwxbI3idVsSyZswPsTzeHyiPelI-dQFGrABbPy0Bq_nEuajpY7UbfVlgwHYwFGlH9v-AbfcH7X";

  @Test
  void keyIsBytesZeroToThirtyOne() {
    byte[] k = VanishCrypto.unb64(K);
    assertThat(k).hasSize(32);
    for (int i = 0; i < 32; i++) assertThat(k[i]).isEqualTo((byte) i);
  }

  @Test
  void derivesTheVectorsKeys() {
    byte[] k = VanishCrypto.unb64(K);
    assertThat(VanishCrypto.b64(VanishCrypto.authKey(k))).isEqualTo("6ihSlyTo8mBKc9UjsryhB8FgKDWijpFGOJNLiOIgCBk");
    assertThat(VanishCrypto.accessProof(k)).isEqualTo("6ihSlyTo8mBKc9UjsryhB8FgKDWijpFGOJNLiOIgCBk");
    assertThat(VanishCrypto.accessHash(k)).isEqualTo("6zCJzC-jXd9auO6W5rLb__DMgeYqBIqMQO2xm5RWnR4");
    assertThat(VanishCrypto.b64(VanishCrypto.msgKey(k))).isEqualTo("HSrUDvIXut2XLtN2tjbOC-pattV6EAreWeRWjJXVsRE");
  }

  @Test
  void encryptsToTheVectorsBody() {
    byte[] msgKey = VanishCrypto.msgKey(VanishCrypto.unb64(K));
    String body = VanishCrypto.encrypt(msgKey, ROOM, IV, PLAINTEXT.getBytes(StandardCharsets.UTF_8));
    assertThat(body).isEqualTo(BODY).startsWith("oKGio6Slpqeoqaqr");
  }

  @Test
  void decryptsTheVectorsBodyAndParsesIt() throws Exception {
    byte[] msgKey = VanishCrypto.msgKey(VanishCrypto.unb64(K));
    assertThat(new String(VanishCrypto.decrypt(msgKey, ROOM, BODY), StandardCharsets.UTF_8)).isEqualTo(PLAINTEXT);
    RoomKey key = RoomKey.of(VanishCrypto.unb64(K));
    assertThat(key.open(ROOM, BODY)).contains(new Plaintext("anonymous-wolf-x7k2p", "hello, vanish", 1700000000000L));
  }

  @Test
  void anotherRoomIdFailsToDecrypt() {
    byte[] msgKey = VanishCrypto.msgKey(VanishCrypto.unb64(K));
    assertThatThrownBy(() -> VanishCrypto.decrypt(msgKey, "VanishTestVectorRoom02", BODY)).isInstanceOf(GeneralSecurityException.class);
    assertThat(RoomKey.of(VanishCrypto.unb64(K)).open("VanishTestVectorRoom02", BODY)).isEmpty();
  }

  @Test
  void roundTripsWithFreshIvs() {
    RoomKey key = RoomKey.generate();
    Plaintext p = new Plaintext("ünï", "multi\nline ✓", 42);
    String a = key.seal("room", p);
    String b = key.seal("room", p);
    assertThat(a).isNotEqualTo(b).matches("[A-Za-z0-9_-]+");
    assertThat(key.open("room", a)).contains(p);
    assertThat(RoomKey.generate().open("room", a)).isEmpty();
  }

  @Test
  void rejectsPlaintextsThatAreNotVersionOne() {
    assertThat(Plaintext.decode("{\"v\":2,\"name\":\"a\",\"text\":\"b\",\"sentAt\":1}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(Plaintext.decode("{\"v\":1,\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(Plaintext.decode("not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(Plaintext.decode("[1]".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }
}
