// Test helper: a member who speaks the file endpoints by hand (the server's FileApi, raw HTTP) to upload
// exactly the chunks and post exactly the file message a test wants — a flipped byte, a wrong hash, a
// malformed file object — sealed with the room's real key, from her own seat and seq, so that only the file
// itself is wrong.
package dev.vanish.client.files;

import dev.vanish.client.Link;
import dev.vanish.client.crypto.FileCrypto;
import dev.vanish.client.crypto.FileRef;
import dev.vanish.client.crypto.Plaintext;
import dev.vanish.client.crypto.RoomKey;
import dev.vanish.client.crypto.VanishCrypto;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.FileApi;
import io.vertx.core.json.JsonObject;

import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

final class Mallory {

  final Api api;
  final Link link;
  final RoomKey key;
  final Api.Member seat;
  private long seq;

  Mallory(Api api, Link link) {
    this.api = api;
    this.link = link;
    this.key = link.roomKey();
    this.seat = api.join(new Api.Room(link.roomId(), VanishCrypto.unb64(link.key()), 0, 3));
  }

  /** Declares, encrypts and uploads a file honestly except for what {@code tamper} does to chunk {@code bad}'s bytes. */
  FileRef upload(byte[] plain, int bad, UnaryOperator<byte[]> tamper) throws Exception {
    var declared = FileApi.declare(api, seat, plain.length);
    assertThat(declared.status()).as(declared.raw()).isEqualTo(201);
    String fileId = declared.json().getString("fileId");
    int c = declared.json().getInteger("chunkBytes");
    int n = FileCrypto.chunkCount(plain.length, c);
    byte[] fileKey = FileCrypto.newFileKey();
    for (int i = 0; i < n; i++) {
      byte[] chunk = FileCrypto.encryptChunk(fileKey, link.roomId(), fileId, i, n, plain, i * c,
          FileCrypto.chunkPlainBytes(plain.length, c, i));
      if (i == bad) chunk = tamper.apply(chunk);
      assertThat(FileApi.put(api, seat, fileId, i, chunk).statusCode()).isEqualTo(204);
    }
    return new FileRef(fileId, VanishCrypto.b64(fileKey), "report.pdf", "application/pdf", plain.length,
        FileCrypto.sha256Hex(plain), n, "file", null, null);
  }

  /** Posts a file message with this file object (any JSON value) from her seat, with her next seq. */
  void announce(Object fileValue, String caption) {
    JsonObject p = new JsonObject(new Plaintext(seat.memberId(), ++seq, "mallory", caption, System.currentTimeMillis(), null)
        .encode()).put("file", fileValue);
    String body = sealRaw(p.encode());
    var r = api.post("/api/v1/rooms/" + link.roomId() + "/messages", seat.token(), new JsonObject().put("body", body));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
  }

  /** A plaintext sealed exactly as given (Plaintext.encode could not write a malformed file object). */
  private String sealRaw(String json) {
    byte[] msgKey = VanishCrypto.msgKey(VanishCrypto.root(VanishCrypto.unb64(link.key()), null));
    return VanishCrypto.encrypt(msgKey, link.roomId(), json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
