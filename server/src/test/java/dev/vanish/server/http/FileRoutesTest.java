// The file endpoints (docs/PROTOCOL.md §8) on the memory engine, over real HTTP: a multi-chunk file arrives
// byte-identical, every refusal is the documented 4xx/507 in the one error shape, write-once retries are safe,
// only the uploader writes or deletes, only a seated member reads, the budgets and the upload byte rate hold, and
// a destroyed room gives its files' memory back. (RedisFilesTest checks the Redis side: keys, expiry, privacy.)
package dev.vanish.server.http;

import dev.vanish.server.config.FileLimits;
import dev.vanish.server.config.Rate;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.engine.memory.MemoryEngine;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Api.Member;
import dev.vanish.server.testsupport.RawHttp;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;

import static dev.vanish.server.testsupport.FileApi.declare;
import static dev.vanish.server.testsupport.FileApi.declared;
import static dev.vanish.server.testsupport.FileApi.files;
import static dev.vanish.server.testsupport.FileApi.get;
import static dev.vanish.server.testsupport.FileApi.json;
import static dev.vanish.server.testsupport.FileApi.put;
import static dev.vanish.server.testsupport.FileApi.random;
import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileRoutesTest {

  private static final int C = FileLimits.CHUNK_BYTES;

  private TestNode node;
  private Api api;

  @BeforeAll
  void startNode() {
    node = TestNode.start(TestNode.testConfig());
    api = node.api();
  }

  @AfterAll
  void stopNode() {
    node.close();
  }

  private Member member() {
    return api.join(api.createRoom(600, 3));
  }

  // --- tests ---------------------------------------------------------------------------------------------------

  @Test
  void aFileOfThreeChunksIsDeclaredUploadedAndDownloadedByteIdenticalByAnotherMember() {
    Api.Room room = api.createRoom(600, 3);
    Member alice = api.join(room);
    Member bob = api.join(room);
    long size = 2L * C + 1000;
    Api.Reply d = declare(api, alice, size);
    assertThat(d.status()).as(d.raw()).isEqualTo(201);
    JsonObject declared = d.json();
    assertThat(declared.fieldNames()).containsExactlyInAnyOrder("fileId", "chunks", "chunkBytes", "expiresAt");
    assertThat(declared.getString("fileId")).matches("[A-Za-z0-9_-]{22}");
    assertThat(declared.getInteger("chunks")).isEqualTo(3);
    assertThat(declared.getInteger("chunkBytes")).isEqualTo(C);
    assertThat(declared.getLong("expiresAt")).isEqualTo(room.expiresAt());
    String fileId = declared.getString("fileId");
    byte[][] chunks = {random(C + 28, 1), random(C + 28, 2), random(1000 + 28, 3)};
    for (int i = 0; i < 3; i++) assertThat(put(api, alice, fileId, i, chunks[i]).statusCode()).isEqualTo(204);
    for (int i = 0; i < 3; i++) {
      HttpResponse<byte[]> r = get(api, room.roomId(), bob.token(), fileId, i);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
      assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(r.body()).as("chunk " + i).isEqualTo(chunks[i]);
    }
    // An empty file is one empty chunk: 28 bytes of iv and tag.
    String empty = declared(api, alice, 0);
    assertThat(put(api, alice, empty, 0, random(28, 4)).statusCode()).isEqualTo(204);
    assertThat(get(api, room.roomId(), bob.token(), empty, 0).body()).isEqualTo(random(28, 4));
  }

  @Test
  void theConfigAnnouncesTheFileLimits() {
    JsonObject config = api.get("/api/v1/config").json();
    assertThat(config.getLong("maxFileBytes")).isEqualTo(10_485_760L);
    assertThat(config.getLong("roomFileBytes")).isEqualTo(64L << 20);
    assertThat(config.getInteger("fileChunkBytes")).isEqualTo(262_144);
  }

  @Test
  void aFileOverTheLimitIs413FileTooLargeAndACraftedOversizedChunkIs413BeforeItsBodyIsRead() {
    Member m = member();
    Api.Reply tooLarge = declare(api, m, 10_485_761L);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.json().getString("error")).isEqualTo("file_too_large");
    assertThat(tooLarge.json().getString("message")).isEqualTo("Files are at most 10 MiB on this server.");
    assertThat(declare(api, m, new java.math.BigInteger("123456789012345678901234567890")).error()).isEqualTo("file_too_large");
    assertThat(declare(api, m, 10_485_760L).status()).as("exactly the limit").isEqualTo(201);

    String fileId = declared(api, m, 3L * C);
    try (RawHttp raw = RawHttp.connect(node.server().port())) {
      // Headers only: the server must answer from Content-Length, without waiting for the 262173 bytes.
      raw.send("PUT " + files(m) + "/" + fileId + "/chunks/0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + m.token()
          + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + (C + 29) + "\r\n\r\n");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(413);
      assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("payload_too_large");
    }
    assertThat(get(api, m.roomId(), m.token(), fileId, 0).statusCode()).as("nothing stored").isEqualTo(404);
  }

  @Test
  void badDeclarationsAndChunkRequestsAreRefusedWithTheDocumentedErrors() {
    Member m = member();
    for (Object size : new Object[] {"10", -1, 1.5}) {
      Api.Reply r = declare(api, m, size);
      assertThat(r.status()).as("size " + size).isEqualTo(400);
      assertThat(r.json().getString("message")).contains("size");
    }
    assertThat(api.post(files(m), m.token(), new JsonObject()).status()).as("no size").isEqualTo(400);
    assertThat(api.call("POST", files(m), m.token(), "{\"size\":1}", "text/plain").status()).isEqualTo(415);
    String fileId = declared(api, m, 10);
    String chunk0 = api.base() + files(m) + "/" + fileId + "/chunks/0";
    assertThat(json(put(chunk0, m.token(), random(38, 1), "text/plain")).getString("error")).isEqualTo("unsupported_media_type");
    assertThat(json(put(chunk0, m.token(), random(38, 1), null)).getString("error")).isEqualTo("unsupported_media_type");
    for (String i : new String[] {"01", "-1", "x", "1"}) {
      HttpResponse<byte[]> r = put(api, m, fileId, i, random(38, 1));
      assertThat(r.statusCode()).as("i = " + i).isEqualTo(400);
      assertThat(json(r).getString("error")).isEqualTo("invalid_request");
    }
    HttpResponse<byte[]> shortChunk = put(api, m, fileId, 0, random(37, 1));
    assertThat(shortChunk.statusCode()).isEqualTo(400);
    assertThat(json(shortChunk).getString("message")).isEqualTo("chunk 0 must be 38 bytes.");
    // A fileId of the wrong shape, or one never declared: file_not_found, for any method.
    for (String id : new String[] {"short", "AAAAAAAAAAAAAAAAAAAAAA"}) {
      assertThat(json(put(api, m, id, 0, random(38, 1))).getString("error")).isEqualTo("file_not_found");
      assertThat(json(get(api, m.roomId(), m.token(), id, 0)).getString("error")).isEqualTo("file_not_found");
      assertThat(api.delete(files(m) + "/" + id, m.token()).error()).isEqualTo("file_not_found");
    }
    // A roomId of the wrong shape is room_not_found before anything else.
    assertThat(put(api.base() + "/api/v1/rooms/nope/files/" + fileId + "/chunks/0", m.token(), random(38, 1), "text/plain")
        .statusCode()).isEqualTo(404);
  }

  @Test
  void aChunkIsWriteOnceSoARetryAnswers204AndKeepsTheFirstBytes() {
    Member m = member();
    String fileId = declared(api, m, 100);
    assertThat(put(api, m, fileId, 0, random(128, 1)).statusCode()).isEqualTo(204);
    assertThat(put(api, m, fileId, 0, random(128, 1)).statusCode()).as("the same retry").isEqualTo(204);
    assertThat(put(api, m, fileId, 0, random(128, 2)).statusCode()).as("other bytes").isEqualTo(204);
    assertThat(get(api, m.roomId(), m.token(), fileId, 0).body()).isEqualTo(random(128, 1));
  }

  @Test
  void onlyTheUploaderWritesOrDeletesAndADeletedFileIsNotFound() {
    Api.Room room = api.createRoom(600, 3);
    Member alice = api.join(room);
    Member bob = api.join(room);
    String fileId = declared(api, alice, 2L * C);
    HttpResponse<byte[]> bobsPut = put(api, bob, fileId, 0, random(C + 28, 1));
    assertThat(bobsPut.statusCode()).isEqualTo(403);
    assertThat(json(bobsPut).getString("error")).isEqualTo("forbidden");
    assertThat(api.delete(files(bob) + "/" + fileId, bob.token()).status()).isEqualTo(403);
    assertThat(get(api, room.roomId(), alice.token(), fileId, 0).statusCode()).as("bob stored nothing").isEqualTo(404);
    assertThat(put(api, alice, fileId, 0, random(C + 28, 1)).statusCode()).isEqualTo(204);
    assertThat(api.delete(files(alice) + "/" + fileId, alice.token()).status()).isEqualTo(204);
    assertThat(json(get(api, room.roomId(), bob.token(), fileId, 0)).getString("error")).isEqualTo("file_not_found");
    assertThat(api.delete(files(alice) + "/" + fileId, alice.token()).error()).isEqualTo("file_not_found");
  }

  @Test
  void aTokenOfAnotherRoomOrNoTokenCannotDownloadAndAfterDestroyTheChunkIsGone() {
    Member alice = member();
    Member stranger = member();
    String fileId = declared(api, alice, 10);
    assertThat(put(api, alice, fileId, 0, random(38, 1)).statusCode()).isEqualTo(204);
    HttpResponse<byte[]> foreign = get(api, alice.roomId(), stranger.token(), fileId, 0);
    assertThat(foreign.statusCode()).isEqualTo(401);
    assertThat(json(foreign).getString("error")).isEqualTo("unauthorized");
    assertThat(get(api, alice.roomId(), null, fileId, 0).statusCode()).isEqualTo(401);
    assertThat(get(api, stranger.roomId(), stranger.token(), fileId, 0).statusCode()).as("not in the stranger's room")
        .isEqualTo(404);
    assertThat(api.delete("/api/v1/rooms/" + alice.roomId(), alice.token()).status()).isEqualTo(204);
    HttpResponse<byte[]> gone = get(api, alice.roomId(), alice.token(), fileId, 0);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(json(gone).getString("error")).isEqualTo("room_not_found");
  }

  @Test
  void theRoomsFileBudgetAnswers507WithASentenceThatSaysSoAndACancelGivesItBack() {
    ServerConfig c = TestNode.testConfig().withFiles(new FileLimits(10L << 20, 1L << 20));
    try (TestNode small = TestNode.start(c)) {
      Api a = small.api();
      Api.Room room = a.createRoom(600, 3);
      Member m = a.join(room);
      String first = declared(a, m, 600_000);
      Api.Reply full = declare(a, m, 600_000);
      assertThat(full.status()).isEqualTo(507);
      assertThat(full.json().getString("error")).isEqualTo("storage_full");
      assertThat(full.json().getString("message")).startsWith("This room's files have used its 1 MiB");
      assertThat(declared(a, a.join(a.createRoom(600, 2)), 600_000)).as("another room has its own budget").isNotNull();
      assertThat(a.delete(files(m) + "/" + first, m.token()).status()).isEqualTo(204);
      assertThat(declare(a, m, 600_000).status()).isEqualTo(201);
    }
  }

  @Test
  void theNodesBudgetAnswers507AndADestroyedRoomGivesItsFilesMemoryBack() {
    ServerConfig c = TestNode.testConfig();
    try (TestNode small = TestNode.start(c.withBudgets(c.roomBytes(), 1L << 20))) {
      Api a = small.api();
      MemoryEngine engine = (MemoryEngine) small.server().verticle().engine();
      Member first = a.join(a.createRoom(600, 2));
      String fileId = declared(a, first, 3L * C);
      for (int i = 0; i < 3; i++) assertThat(put(a, first, fileId, i, random(C + 28, i)).statusCode()).isEqualTo(204);
      Member second = a.join(a.createRoom(600, 2));
      Api.Reply full = declare(a, second, 3L * C);
      assertThat(full.status()).isEqualTo(507);
      assertThat(full.json().getString("error")).isEqualTo("storage_full");
      assertThat(full.json().getString("message")).contains("server's storage is full");
      long before = engine.usedBytes();
      assertThat(a.delete("/api/v1/rooms/" + first.roomId(), first.token()).status()).isEqualTo(204);
      assertThat(before - engine.usedBytes()).as("the destroyed room's charge").isGreaterThanOrEqualTo(FileLimits.reservation(3L * C));
      assertThat(get(a, first.roomId(), first.token(), fileId, 0).statusCode()).isEqualTo(404);
      assertThat(declare(a, second, 3L * C).status()).as("the budget is usable again").isEqualTo(201);
    }
  }

  @Test
  void uploadsPastTheAddresssByteRateAre429WithRetryAfterAndStoreNothing() {
    ServerConfig c = TestNode.testConfig();
    // 1 MiB a minute: the declaration's reservation (2 chunks: 513 KiB) and the first chunk (256 KiB) fit, the
    // second chunk does not; a declaration past the rate reserves nothing.
    try (TestNode limited = TestNode.start(c.withHardening(c.hardening().withUploadBytes(Rate.parseBytes("1MiB/1m"))))) {
      Api a = limited.api();
      Member m = a.join(a.createRoom(600, 2));
      String fileId = declared(a, m, 2L * C);
      assertThat(put(a, m, fileId, 0, random(C + 28, 1)).statusCode()).isEqualTo(204);
      HttpResponse<byte[]> limitedPut = put(a, m, fileId, 1, random(C + 28, 2));
      assertThat(limitedPut.statusCode()).isEqualTo(429);
      assertThat(json(limitedPut).getString("error")).isEqualTo("rate_limited");
      assertThat(limitedPut.headers().firstValue("Retry-After").map(Integer::parseInt)).hasValueSatisfying(s -> assertThat(s).isPositive());
      assertThat(get(a, m.roomId(), m.token(), fileId, 1).statusCode()).as("nothing stored").isEqualTo(404);
      assertThat(get(a, m.roomId(), m.token(), fileId, 0).statusCode()).isEqualTo(200);
      Api.Reply declaredPastTheRate = declare(a, m, C);
      assertThat(declaredPastTheRate.status()).isEqualTo(429);
      assertThat(declaredPastTheRate.header("Retry-After")).isNotNull();
    }
  }

  @Test
  void downloadsPastTheAddresssByteRateAre429WithRetryAfterAndUploadsKeepTheirOwnRate() {
    ServerConfig c = TestNode.testConfig();
    // 700 KiB a minute read back: two whole chunks (2 × (256 KiB + 28 B)) fit, a third is 68 KiB too many (the
    // bucket refills 12 KiB a second).
    try (TestNode limited = TestNode.start(c.withHardening(c.hardening().withDownloadBytes(Rate.parseBytes("700KiB/1m"))))) {
      Api a = limited.api();
      Member m = a.join(a.createRoom(600, 2));
      String fileId = declared(a, m, C);
      byte[] chunk = random(C + 28, 3);
      assertThat(put(a, m, fileId, 0, chunk).statusCode()).isEqualTo(204);
      for (int i = 0; i < 2; i++) {
        HttpResponse<byte[]> got = get(a, m.roomId(), m.token(), fileId, 0);
        assertThat(got.statusCode()).as("download %d", i + 1).isEqualTo(200);
        assertThat(got.body()).isEqualTo(chunk);
      }
      HttpResponse<byte[]> looping = get(a, m.roomId(), m.token(), fileId, 0);
      assertThat(looping.statusCode()).as("the third download of the same chunk").isEqualTo(429);
      assertThat(json(looping).getString("error")).isEqualTo("rate_limited");
      assertThat(looping.headers().firstValue("Retry-After").map(Integer::parseInt)).hasValueSatisfying(s -> assertThat(s).isPositive());
      // The same address's uploads are counted apart.
      assertThat(put(a, m, fileId, 0, chunk).statusCode()).as("uploads have their own rate").isEqualTo(204);
    }
  }
}
