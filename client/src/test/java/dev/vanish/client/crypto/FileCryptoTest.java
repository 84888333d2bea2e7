// The file crypto of §8 without a server: how a size is cut into chunks, each chunk 28 bytes longer than its
// plaintext with a fresh iv, and the file object of a file message — written in the protocol's field order,
// read back, and a malformed one leaving the message readable but its file marked unreadable.
package dev.vanish.client.crypto;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class FileCryptoTest {

  static final int C = FileCrypto.DEFAULT_CHUNK_BYTES;
  static final String ROOM = "VanishTestVectorRoomQA";
  static final String FILE_ID = "VanishTestVectorFileQA";
  static final String SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void anEmptyFileIsOneEmptyChunkAndEveryOtherSizeIsCutIntoChunksOfChunkBytesWithTheRestLast() {
    assertThat(FileCrypto.chunkCount(0, C)).isEqualTo(1);
    assertThat(FileCrypto.chunkPlainBytes(0, C, 0)).isZero();
    assertThat(FileCrypto.chunkCount(1, C)).isEqualTo(1);
    assertThat(FileCrypto.chunkCount(C, C)).isEqualTo(1);
    assertThat(FileCrypto.chunkPlainBytes(C, C, 0)).isEqualTo(C);
    assertThat(FileCrypto.chunkCount(C + 1, C)).isEqualTo(2);
    assertThat(FileCrypto.chunkPlainBytes(C + 1, C, 1)).isEqualTo(1);
    long tenMiB = 10L << 20;
    assertThat(FileCrypto.chunkCount(tenMiB, C)).isEqualTo(40);
    assertThat(FileCrypto.chunkPlainBytes(tenMiB, C, 39)).isEqualTo(C);
    assertThat(FileCrypto.chunkCount(5_000_001, C)).isEqualTo(20);
    assertThat(FileCrypto.chunkPlainBytes(5_000_001, C, 19)).isEqualTo(5_000_001 - 19 * C);
  }

  @Test
  void aChunkIsItsPlaintextPlusTwentyEightBytesWithAFreshIvEachTime() throws Exception {
    byte[] key = FileCrypto.newFileKey();
    byte[] plain = "x".repeat(1000).getBytes(StandardCharsets.UTF_8);
    byte[] a = FileCrypto.encryptChunk(key, ROOM, FILE_ID, 0, 1, plain, 0, plain.length);
    byte[] b = FileCrypto.encryptChunk(key, ROOM, FILE_ID, 0, 1, plain, 0, plain.length);
    assertThat(a).hasSize(1028);
    assertThat(Arrays.copyOf(a, 12)).isNotEqualTo(Arrays.copyOf(b, 12));
    assertThat(FileCrypto.decryptChunk(key, ROOM, FILE_ID, 0, 1, a, 0, a.length)).isEqualTo(plain);
    byte[] empty = FileCrypto.encryptChunk(key, ROOM, FILE_ID, 0, 1, new byte[0], 0, 0);
    assertThat(empty).hasSize(28);
    assertThat(FileCrypto.decryptChunk(key, ROOM, FILE_ID, 0, 1, empty, 0, empty.length)).isEmpty();
    assertThat(FileCrypto.newFileKey()).hasSize(32).isNotEqualTo(FileCrypto.newFileKey());
  }

  @Test
  void aFileMessageWritesItsFileObjectLastInTheProtocolsOrderAndReadsBackEqual() {
    FileRef ref = new FileRef(FILE_ID, VanishCrypto.b64(new byte[32]), "photo.jpg", "image/jpeg", 0, SHA, 1, "image",
        null, "stripped");
    Plaintext p = new Plaintext("QWxpY2Utc2Vh", 3, "alice", "a caption", 1700000000000L, "41", ref);
    assertThat(p.encode()).isEqualTo("{\"v\":2,\"memberId\":\"QWxpY2Utc2Vh\",\"seq\":3,\"name\":\"alice\",\"text\":\"a caption\","
        + "\"sentAt\":1700000000000,\"seen\":\"41\",\"file\":{\"id\":\"VanishTestVectorFileQA\","
        + "\"key\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\",\"name\":\"photo.jpg\",\"mime\":\"image/jpeg\",\"size\":0,"
        + "\"sha256\":\"" + SHA + "\",\"chunks\":1,\"kind\":\"image\",\"metadata\":\"stripped\"}}");
    assertThat(Plaintext.decode(p.encode().getBytes(StandardCharsets.UTF_8))).contains(p);
    assertThat(ref.inlineImage()).isTrue();
    FileRef voice = new FileRef(FILE_ID, ref.key(), "voice.webm", "audio/webm", 3000, SHA, 1, "voice", 2500L, null);
    assertThat(voice.inlineImage()).isFalse();
    assertThat(FileRef.parse(voice.toJson())).contains(voice);
  }

  @Test
  void aMalformedFileObjectLeavesTheMessageReadableWithItsFileMarkedUnreadable() {
    JsonObject good = new FileRef(FILE_ID, VanishCrypto.b64(new byte[32]), "a.bin", "application/octet-stream", 10, SHA,
        1, "file", null, null).toJson();
    assertThat(FileRef.parse(good)).isPresent();
    JsonObject[] bad = {
        good.copy().put("id", "short"), good.copy().put("id", 42), good.copy().put("key", "AAAA"),
        good.copy().put("name", ""), good.copy().put("name", "n".repeat(256)), good.copy().put("mime", "m".repeat(101)),
        good.copy().put("size", -1), good.copy().put("size", "10"), good.copy().put("size", 1.5),
        good.copy().put("sha256", SHA.toUpperCase()), good.copy().put("sha256", SHA.substring(1)),
        good.copy().put("chunks", 0), good.copy().put("chunks", 11), good.copy().put("kind", "video"),
        good.copy().put("durationMs", "long"), good.copy().put("metadata", "removed"), without(good, "sha256"), without(good, "kind")};
    for (JsonObject f : bad) {
      assertThat(FileRef.parse(f)).as(f.encode()).isEmpty();
      String json = new JsonObject().put("v", 2).put("memberId", "QWxpY2Utc2Vh").put("seq", 1).put("name", "mallory")
          .put("text", "look").put("sentAt", 1).put("file", f).encode();
      Plaintext p = Plaintext.decode(json.getBytes(StandardCharsets.UTF_8)).orElseThrow();
      assertThat(p.text()).isEqualTo("look");
      assertThat(p.file()).isNull();
      assertThat(p.unreadableFile()).as(f.encode()).isTrue();
    }
    String notAnObject = "{\"v\":2,\"memberId\":\"QWxpY2Utc2Vh\",\"seq\":1,\"name\":\"m\",\"text\":\"\",\"sentAt\":1,\"file\":\"x\"}";
    assertThat(Plaintext.decode(notAnObject.getBytes(StandardCharsets.UTF_8)).orElseThrow().unreadableFile()).isTrue();
  }

  private static JsonObject without(JsonObject j, String field) {
    JsonObject c = j.copy();
    c.remove(field);
    return c;
  }
}
