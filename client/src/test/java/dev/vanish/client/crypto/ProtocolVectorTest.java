// Protocol v2's test vector (docs/PROTOCOL.md §3; computed independently with Python `cryptography`,
// /work/notes/vector.py), every row reproduced by the client's JDK-only implementation, with and without a
// passphrase; and the AAD: the same body under another roomId does not open.
package dev.vanish.client.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtocolVectorTest {

  static final String K = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
  static final String ROOM = "VanishTestVectorRoomQA";
  static final String LINK_SEED = "3a8JNzEygweecDpAI91qA8NBKQ9kfJG743Dam7B-ZRQ";
  static final String PUBLIC_KEY = "QlD0MnYYCqzZ-lvNklU4U4xrgAzxY283TAXLDb_VCSw";
  static final String CHALLENGE = "Y2hhbGxlbmdlLWZvci10aGUtdGVzdC12ZWN0b3I";
  static final String SIGNATURE = "QH65cfH452ZIRZn12w5b36p4zX8zvxDUSXreDxV5zH7nsiPDOFyYRfTWz_HS-LcBvmti-tzImkEPIr5BmX0OAA";
  static final byte[] IV = HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaab");
  static final String PLAINTEXT = "{\"v\":2,\"memberId\":\"QWxpY2Utc2Vh\",\"seq\":1,\"name\":\"anonymous-wolf-x7k2p\","
      + "\"text\":\"hello, vanish\",\"sentAt\":1700000000000,\"seen\":\"41\"}";
  static final Plaintext PLAIN = new Plaintext("QWxpY2Utc2Vh", 1, "anonymous-wolf-x7k2p", "hello, vanish", 1700000000000L, "41");

  static final String ROOT = "q19OBWA_5Eg-lzs_IhTYg7QllIbBiVXRm60e7tRLjfM";
  static final String MSG_KEY = "b1VA3lglkySx36YsN0d8qKBtVGcGSZPxHCSvst4Sm00";
  static final String SAFETY = "0565 5238 4345 2754 1743";
  static final String BODY = "oKGio6SlpqeoqaqrUUZMLxtCLDGGNHT2rnfa12bYkZDMgt_jXbVK5KgH5MwKfktVMPnCJ8MI4jQAaciBKPSqERt9Lx8Yb1Q0iMBtgIERh7QT2HO0H-wkTjcYpFK-QLIvJ75-dmNKEElsTwRYUj-r0zqIuKn2cOk2La3Ot4ojzYQB-oKNWN5Cfsm88rWF1TWG3rj06RtkW09kO1bCDw";

  static final String PASSPHRASE = "correct horse battery staple";
  static final String P = "kQe0KKGGlezFkwpOTibF_p6yXFWh7WfY6oubN7m_Yws";
  static final String P_ROOT = "bWjv3Repb5uWVD3W_B-dA_yzKONMxj3jbhq-haPFKpI";
  static final String P_SEED = "LEaQQXZ_TBHSv-6dAMQ9La0epl7DBhs6PmpsJFKKL5M";
  static final String P_KEY = "PMoNS5kcaUSqS48nrzU0X7gcbl-OfZJRxE6xgQQNeLQ";
  static final String P_SIGNATURE = "2J2xw5iJ5IdFT_4I7_lk7Y0l23-LRNVfMYwshcsWC4_SJAb8wCRsBPo7Ej1BWtQiaPPcBFUpyOzit5Tb1Vo6DA";
  static final String P_MSG_KEY = "QNcfXL7veE-Mumf5J1R8GLOvhmCmgL3KUhy6qATYRFM";
  static final String P_SAFETY = "2905 0115 6665 2564 1647";
  static final String P_BODY = "oKGio6SlpqeoqaqrObWaKALoYENIOUoX9LGN5talG6RRcwKkF5W66J9ByZsxGEiUedlrFGlReSgqFOs-GnXxfyCf7iRG4G2bmhVGEXSv8f4CMFj2YGcDpuUuFDgWDJswVErfCqtPkTQKaZzJQiWc2C_Wql8EQziynRGxsYrynmCTmQ6grnK9yagQ6ANhyQtaYK40MWH5M8IRdaIMxA";

  static byte[] k() {
    return VanishCrypto.unb64(K);
  }

  static String b64(byte[] b) {
    return VanishCrypto.b64(b);
  }

  @Test
  void theKeyIsBytesZeroToThirtyOneAndTheRoomIdIsSixteenCanonicalBytes() {
    byte[] k = k();
    assertThat(k).hasSize(32);
    for (int i = 0; i < 32; i++) assertThat(k[i]).isEqualTo((byte) i);
    assertThat(VanishCrypto.unb64(ROOM)).hasSize(16);
    assertThat(b64(VanishCrypto.unb64(ROOM))).isEqualTo(ROOM);
  }

  @Test
  void theLinkSeedPublicKeyAndSeatSignatureAreTheVectors() {
    byte[] seed = VanishCrypto.linkSeed(k());
    assertThat(b64(seed)).isEqualTo(LINK_SEED);
    assertThat(b64(VanishCrypto.ed25519PublicRaw(seed))).isEqualTo(PUBLIC_KEY);
    RoomKey key = RoomKey.of(k(), ROOM);
    assertThat(key.publicKey()).isEqualTo(PUBLIC_KEY);
    assertThat(key.signSeat(CHALLENGE)).isEqualTo(SIGNATURE).hasSize(86);
    assertThat(VanishCrypto.verify(VanishCrypto.unb64(PUBLIC_KEY), VanishCrypto.seatMessage(ROOM, CHALLENGE),
        VanishCrypto.unb64(SIGNATURE))).isTrue();
  }

  @Test
  void aSeatSignatureDoesNotVerifyForAnotherRoomOrChallenge() {
    byte[] pub = VanishCrypto.unb64(PUBLIC_KEY);
    byte[] sig = VanishCrypto.unb64(SIGNATURE);
    assertThat(VanishCrypto.verify(pub, VanishCrypto.seatMessage("VanishTestVectorRoomQQ", CHALLENGE), sig)).isFalse();
    assertThat(VanishCrypto.verify(pub, VanishCrypto.seatMessage(ROOM, CHALLENGE + "x"), sig)).isFalse();
  }

  @Test
  void withoutPassphraseTheRootMsgKeySafetyCodeAndBodyAreTheVectors() throws Exception {
    byte[] root = VanishCrypto.root(k(), null);
    assertThat(b64(root)).isEqualTo(ROOT);
    assertThat(b64(VanishCrypto.msgKey(root))).isEqualTo(MSG_KEY);
    assertThat(VanishCrypto.safetyCode(root, ROOM)).isEqualTo(SAFETY);
    assertThat(PLAIN.encode()).isEqualTo(PLAINTEXT);
    assertThat(VanishCrypto.encrypt(VanishCrypto.msgKey(root), ROOM, IV, PLAINTEXT.getBytes(StandardCharsets.UTF_8))).isEqualTo(BODY);
    RoomKey key = RoomKey.of(k(), ROOM);
    assertThat(key.hasPassphrase()).isFalse();
    assertThat(key.passphraseKey()).isEmpty();
    assertThat(key.signPassphrase(CHALLENGE)).isEmpty();
    assertThat(key.safetyCode()).isEqualTo(SAFETY);
    assertThat(key.seal(PLAIN, IV)).isEqualTo(BODY);
    assertThat(new String(VanishCrypto.decrypt(VanishCrypto.unb64(MSG_KEY), ROOM, BODY), StandardCharsets.UTF_8)).isEqualTo(PLAINTEXT);
    assertThat(key.open(BODY)).contains(PLAIN);
  }

  @Test
  void withPassphraseEveryDerivedValueAndTheBodyAreTheVectors() {
    byte[] p = VanishCrypto.passphraseBits(PASSPHRASE, ROOM);
    assertThat(b64(p)).isEqualTo(P);
    byte[] root = VanishCrypto.root(k(), p);
    assertThat(b64(root)).isEqualTo(P_ROOT);
    byte[] seed = VanishCrypto.passphraseSeed(root);
    assertThat(b64(seed)).isEqualTo(P_SEED);
    assertThat(b64(VanishCrypto.ed25519PublicRaw(seed))).isEqualTo(P_KEY);
    assertThat(b64(VanishCrypto.msgKey(root))).isEqualTo(P_MSG_KEY);
    assertThat(VanishCrypto.safetyCode(root, ROOM)).isEqualTo(P_SAFETY);

    RoomKey key = RoomKey.of(k(), ROOM, PASSPHRASE);
    assertThat(key.hasPassphrase()).isTrue();
    assertThat(key.publicKey()).isEqualTo(PUBLIC_KEY); // the seat key comes from K alone
    assertThat(key.signSeat(CHALLENGE)).isEqualTo(SIGNATURE);
    assertThat(key.passphraseKey()).contains(P_KEY);
    assertThat(key.signPassphrase(CHALLENGE)).contains(P_SIGNATURE);
    assertThat(key.safetyCode()).isEqualTo(P_SAFETY);
    assertThat(key.seal(PLAIN, IV)).isEqualTo(P_BODY);
    assertThat(key.open(P_BODY)).contains(PLAIN);
    // the link alone does not read a passphrase room's messages, nor the passphrase room the link's
    assertThat(RoomKey.of(k(), ROOM).open(P_BODY)).isEmpty();
    assertThat(key.open(BODY)).isEmpty();
  }

  @Test
  void thePassphraseIsNormalisedToNfcBeforePbkdf2() {
    String composed = "caf\u00e9 na\u00efve";      // é and ï as one code point each
    String decomposed = "cafe\u0301 nai\u0308ve";  // e + combining acute, i + combining diaeresis
    assertThat(composed).isNotEqualTo(decomposed);
    assertThat(VanishCrypto.passphraseBits(decomposed, ROOM)).isEqualTo(VanishCrypto.passphraseBits(composed, ROOM));
    assertThat(VanishCrypto.passphraseBits(composed, ROOM)).isNotEqualTo(VanishCrypto.passphraseBits(composed, "VanishTestVectorRoomQQ"));
  }

  @Test
  void theBodyUnderAnotherRoomIdFailsTheAad() {
    assertThatThrownBy(() -> VanishCrypto.decrypt(VanishCrypto.unb64(MSG_KEY), "VanishTestVectorRoomQQ", BODY))
        .isInstanceOf(GeneralSecurityException.class);
    assertThat(RoomKey.of(k(), "VanishTestVectorRoomQQ").open(BODY)).isEmpty();
  }

  // §8 "Test vector for one chunk"
  static final byte[] FILE_KEY = HexFormat.of().parseHex("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");
  static final String FILE_ID = "VanishTestVectorFileQA";
  static final byte[] CHUNK_IV = HexFormat.of().parseHex("c0c1c2c3c4c5c6c7c8c9cacb");
  static final String CHUNK_PLAINTEXT = "the second of three chunks";
  static final String CHUNK_AAD = "vanish/v2/file-chunk\nVanishTestVectorRoomQA\nVanishTestVectorFileQA\n1\n3";
  static final String CHUNK_HEX = "c0c1c2c3c4c5c6c7c8c9cacb1efb5cd1f00a288414417ed44ffdb764f329e7f07fcf2303123c50f1e1c75aa0265287113b7c3b2f97b4";
  static final String CHUNK_B64 = "wMHCw8TFxsfIycrLHvtc0fAKKIQUQX7UT_23ZPMp5_B_zyMDEjxQ8eHHWqAmUocRO3w7L5e0";
  static final String CHUNK_SHA256 = "176709201af482a46ea74e2d1a5ce3b5710843fadfd0ded84da9416dbb4ba2a7";

  @Test
  void theFileChunkOfSectionEightIsTheVectorAndOpensOnlyAsChunkOneOfThreeOfItsFileAndRoom() throws Exception {
    assertThat(b64(FILE_KEY)).isEqualTo("ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8");
    assertThat(VanishCrypto.unb64(FILE_ID)).hasSize(16);
    byte[] plain = CHUNK_PLAINTEXT.getBytes(StandardCharsets.UTF_8);
    assertThat(new String(FileCrypto.aad(ROOM, FILE_ID, 1, 3), StandardCharsets.UTF_8)).isEqualTo(CHUNK_AAD);
    byte[] chunk = FileCrypto.encryptChunk(FILE_KEY, ROOM, FILE_ID, 1, 3, CHUNK_IV, plain, 0, plain.length);
    assertThat(HexFormat.of().formatHex(chunk)).isEqualTo(CHUNK_HEX);
    assertThat(b64(chunk)).isEqualTo(CHUNK_B64);
    assertThat(chunk).hasSize(plain.length + 28);
    assertThat(FileCrypto.sha256Hex(plain)).isEqualTo(CHUNK_SHA256);
    assertThat(FileCrypto.decryptChunk(FILE_KEY, ROOM, FILE_ID, 1, 3, chunk, 0, chunk.length)).isEqualTo(plain);
    // moved, reordered, truncated or copied into another file or room: it does not open
    for (int[] in : new int[][] {{0, 3}, {2, 3}, {1, 2}, {1, 4}}) {
      assertThatThrownBy(() -> FileCrypto.decryptChunk(FILE_KEY, ROOM, FILE_ID, in[0], in[1], chunk, 0, chunk.length))
          .isInstanceOf(GeneralSecurityException.class);
    }
    assertThatThrownBy(() -> FileCrypto.decryptChunk(FILE_KEY, ROOM, "VanishTestVectorFileQQ", 1, 3, chunk, 0, chunk.length))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> FileCrypto.decryptChunk(FILE_KEY, "VanishTestVectorRoomQQ", FILE_ID, 1, 3, chunk, 0, chunk.length))
        .isInstanceOf(GeneralSecurityException.class);
    for (int i = 0; i < chunk.length; i++) {
      byte[] flipped = chunk.clone();
      flipped[i] ^= 0x01;
      assertThatThrownBy(() -> FileCrypto.decryptChunk(FILE_KEY, ROOM, FILE_ID, 1, 3, flipped, 0, flipped.length))
          .as("byte %d flipped", i).isInstanceOf(GeneralSecurityException.class);
    }
  }

  @Test
  void theBodysFirstSixteenCharactersAreTheIv() {
    assertThat(VanishCrypto.ivOf(BODY)).isEqualTo(b64(IV)).isEqualTo("oKGio6Slpqeoqaqr");
  }
}
