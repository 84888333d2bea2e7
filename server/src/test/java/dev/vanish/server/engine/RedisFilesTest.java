// What the Redis engine keeps of files (docs/PROTOCOL.md §8, SECURITY.md): ciphertext and sizes only — a file's
// plaintext, name, type and key reach no Redis value and no log line, and neither do ciphertext bytes the test chose
// (a canary in a chunk); its record is "uploader|size|chunks|reserved" and nothing else; every file key carries
// the room's PEXPIREAT and none is left after destroy or expiry; Redis at maxmemory answers 507 storage_full.
package dev.vanish.server.engine;

import dev.vanish.server.config.FileLimits;
import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.Eventually;
import dev.vanish.server.testsupport.FileApi;
import dev.vanish.server.testsupport.LogCapture;
import dev.vanish.server.testsupport.RedisServerProcess;
import dev.vanish.server.testsupport.RespClient;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedisFilesTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** One chunk as a client seals it: iv ‖ AES-256-GCM(fileKey, iv, plaintext, AAD) ‖ tag (PROTOCOL.md §8). */
  static byte[] seal(byte[] fileKey, String roomId, String fileId, int i, int n, byte[] plaintext) throws Exception {
    byte[] iv = new byte[12];
    RANDOM.nextBytes(iv);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(fileKey, "AES"), new GCMParameterSpec(128, iv));
    gcm.updateAAD(("vanish/v2/file-chunk\n" + roomId + "\n" + fileId + "\n" + i + "\n" + n).getBytes(StandardCharsets.UTF_8));
    byte[] sealed = gcm.doFinal(plaintext);
    byte[] out = new byte[12 + sealed.length];
    System.arraycopy(iv, 0, out, 0, 12);
    System.arraycopy(sealed, 0, out, 12, sealed.length);
    return out;
  }

  @Test
  void aFilesPlaintextNameTypeAndKeyReachNoRedisValueAndNoLogLineAndItsRecordHoldsOnlySizes() throws Exception {
    try (RedisServerProcess redis = new RedisServerProcess();
         LogCapture logs = LogCapture.capture();
         TestNode node = TestNode.start(TestNode.testConfig().withRedis(redis.url(), "f" + Ids.random(6)))) {
      Api api = node.api();
      Api.Room room = api.createRoom(600, 3);
      Api.Member alice = api.join(room);
      Api.Member bob = api.join(room);
      String canary = "plain-canary-" + Ids.random(12);
      String name = "holiday-" + Ids.random(6) + ".jpg";
      byte[] fileKey = new byte[32];
      RANDOM.nextBytes(fileKey);
      byte[] plaintext = (canary + " ").repeat(20_000).getBytes(StandardCharsets.US_ASCII); // 2 chunks
      String fileId = FileApi.declared(api, alice, plaintext.length);
      int n = FileLimits.chunks(plaintext.length);
      for (int i = 0; i < n; i++) {
        int from = i * FileLimits.CHUNK_BYTES;
        byte[] part = java.util.Arrays.copyOfRange(plaintext, from, Math.min(plaintext.length, from + FileLimits.CHUNK_BYTES));
        byte[] sealed = seal(fileKey, room.roomId(), fileId, i, n, part);
        assertThat(FileApi.put(api, alice, fileId, i, sealed).statusCode()).isEqualTo(204);
        assertThat(FileApi.get(api, room.roomId(), bob.token(), fileId, i).body()).isEqualTo(sealed);
      }
      // The file message: the name, type, key and hash travel only inside the K-encrypted body.
      JsonObject file = new JsonObject().put("id", fileId).put("key", TestCrypto.b64(fileKey)).put("name", name)
          .put("mime", "image/x-canary-type").put("size", plaintext.length).put("chunks", n).put("kind", "image");
      assertThat(api.send(alice, file.encode()).status()).isEqualTo(201);

      // A file whose ciphertext bytes the test chose: stored as they are, yet never written to a log line, on success
      // or on any refusal.
      String cipherCanary = "CIPHERTEXT-CANARY-" + Ids.random(10);
      byte[] chosen = (cipherCanary + "-".repeat(100)).getBytes(StandardCharsets.US_ASCII);
      String chosenId = FileApi.declared(api, alice, chosen.length - 28);
      assertThat(FileApi.put(api, alice, chosenId, 0, chosen).statusCode()).isEqualTo(204);
      assertThat(FileApi.put(api, bob, chosenId, 0, chosen).statusCode()).isEqualTo(403);
      assertThat(FileApi.put(api, alice, chosenId, 1, chosen).statusCode()).isEqualTo(400);
      byte[] longer = (cipherCanary + "-".repeat(101)).getBytes(StandardCharsets.US_ASCII);
      assertThat(FileApi.put(api, alice, chosenId, 0, longer).statusCode()).isEqualTo(400);
      assertThat(FileApi.put(api.base() + FileApi.files(alice) + "/" + chosenId + "/chunks/0", null,
          chosen, "application/octet-stream").statusCode()).isEqualTo(401);

      Map<String, String> values = redis.dump();
      String everything = String.join("\n", values.keySet()) + "\n" + String.join("\n", values.values());
      for (String secret : List.of(canary, name, "image/x-canary-type", TestCrypto.b64(fileKey))) {
        assertThat(everything).as("Redis holds " + secret).doesNotContain(secret);
      }
      assertThat(everything).as("the chosen ciphertext is stored as it is").contains(cipherCanary);
      try (RespClient c = redis.client()) {
        String filesKey = values.keySet().stream().filter(k -> k.contains(room.roomId()) && k.endsWith(":files")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        List<Object> records = (List<Object>) c.call("HGETALL", filesKey);
        assertThat(records).hasSize(4);
        assertThat(records.get(1)).isEqualTo(alice.memberId() + "|" + plaintext.length + "|" + n + "|" + FileLimits.reservation(plaintext.length));
        assertThat(records.get(3)).isEqualTo(alice.memberId() + "|" + (chosen.length - 28) + "|1|" + FileLimits.reservation(chosen.length - 28));
      }

      org.slf4j.LoggerFactory.getLogger("files-test").info("capture works");
      String logText = logs.text();
      assertThat(logText).contains("capture works");
      for (String secret : List.of(canary, name, cipherCanary, fileId, chosenId, room.roomId(), TestCrypto.b64(fileKey))) {
        assertThat(logText).as("logs hold " + secret).doesNotContain(secret);
      }
    }
  }

  @Test
  void everyFileKeyExpiresWithItsRoomAndNoneIsLeftAfterDestroyOrExpiry() throws Exception {
    try (RedisServerProcess redis = new RedisServerProcess();
         TestNode node = TestNode.start(TestNode.testConfig().withRedis(redis.url(), "x" + Ids.random(6)));
         RespClient c = redis.client()) {
      Api api = node.api();
      Api.Room room = api.createRoom(600, 2);
      Api.Member m = api.join(room);
      String fileId = FileApi.declared(api, m, 10);
      assertThat(FileApi.put(api, m, fileId, 0, new byte[38]).statusCode()).isEqualTo(204);
      Collection<String> keys = redis.keysContaining(room.roomId());
      assertThat(keys).anyMatch(k -> k.endsWith(":files")).anyMatch(k -> k.endsWith(":chunks"));
      for (String key : keys) {
        if (key.endsWith(":files") || key.endsWith(":chunks")) {
          assertThat(c.call("PEXPIRETIME", key)).as("PEXPIRETIME " + key).isEqualTo(room.expiresAt());
        }
      }
      assertThat(api.delete("/api/v1/rooms/" + room.roomId(), m.token()).status()).isEqualTo(204);
      assertThat(redis.keysContaining(room.roomId())).as("after destroy").isEmpty();

      Api.Room brief = api.createRoom(1, 2); // the shortest lifetime the test node allows (VANISH_MIN_TTL_SECONDS 1)
      Api.Member b = api.join(brief);
      String briefFile = FileApi.declared(api, b, 10);
      assertThat(FileApi.put(api, b, briefFile, 0, new byte[38]).statusCode()).isEqualTo(204);
      assertThat(redis.keysContaining(brief.roomId())).anyMatch(k -> k.endsWith(":chunks"));
      Collection<String> left = Eventually.until("no key of the expired room", Duration.ofSeconds(5), Duration.ofMillis(100),
          () -> redis.keysContaining(brief.roomId()), Collection::isEmpty);
      assertThat(left).as("after expiry").isEmpty();
      assertThat(FileApi.get(api, brief.roomId(), b.token(), briefFile, 0).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void redisAtMaxmemoryAnswersStorageFullForDeclarationsAndChunksNeverUnavailable() throws Exception {
    try (RedisServerProcess redis = new RedisServerProcess("--maxmemory-policy", "noeviction");
         TestNode node = TestNode.start(TestNode.testConfig().withRedis(redis.url(), "o" + Ids.random(6)));
         RespClient c = redis.client()) {
      Api api = node.api();
      Api.Member m = api.join(api.createRoom(600, 2));
      String fileId = FileApi.declared(api, m, 2L * FileLimits.CHUNK_BYTES);
      String info = (String) c.call("INFO", "memory");
      long used = info.lines().filter(l -> l.startsWith("used_memory:")).mapToLong(l -> Long.parseLong(l.substring(12).trim()))
          .findFirst().orElseThrow();
      c.call("CONFIG", "SET", "maxmemory", Long.toString(used - (1 << 20)));
      HttpResponse<byte[]> put = FileApi.put(api, m, fileId, 0, new byte[FileLimits.CHUNK_BYTES + 28]);
      assertThat(put.statusCode()).isEqualTo(507);
      assertThat(FileApi.json(put).getString("error")).isEqualTo("storage_full");
      Api.Reply declare = FileApi.declare(api, m, 10);
      assertThat(declare.status()).isEqualTo(507);
      assertThat(declare.error()).isEqualTo("storage_full");
      c.call("CONFIG", "SET", "maxmemory", "0");
      assertThat(FileApi.put(api, m, fileId, 0, new byte[FileLimits.CHUNK_BYTES + 28]).statusCode()).isEqualTo(204);
    }
  }
}
