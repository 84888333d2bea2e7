// Files through the library against a real node (memory engine), end to end: a 5 MiB random file from disk
// arrives byte-identical, saved or in memory; a file above the server's limit is refused before any request;
// a chunk with a flipped byte, a wrong hash or a wrong size is "damaged" and leaves nothing in the folder; a
// malformed file object is a notice while its caption still shows; an image loses its details unless they are
// kept (and one that is not an image at all is refused); a cancelled upload is deleted.
package dev.vanish.client.files;

import dev.vanish.client.BlockingRoom;
import dev.vanish.client.ClientTestBase;
import dev.vanish.client.FileTransfer;
import dev.vanish.client.IncomingFile;
import dev.vanish.client.Link;
import dev.vanish.client.Notice;
import dev.vanish.client.OutgoingFile;
import dev.vanish.client.PhotoDetails;
import dev.vanish.client.VanishException;
import dev.vanish.client.crypto.FileCrypto;
import dev.vanish.client.crypto.FileRef;
import dev.vanish.server.config.FileLimits;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.testsupport.FileApi;
import dev.vanish.server.testsupport.LogCapture;
import dev.vanish.server.testsupport.TestImages;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileTransferTest extends ClientTestBase {

  static final long MAX = 6L << 20;
  static final Duration WAIT = Duration.ofSeconds(20);

  /** Files up to 6 MiB, and the access log on: it shows which requests the library made. */
  @Override
  protected ServerConfig config() {
    ServerConfig c = TestNode.testConfig().withFiles(new FileLimits(MAX, 64L << 20));
    return c.withHardening(c.hardening().withWeb(null, true));
  }

  static byte[] random(int n, long seed) {
    return FileApi.random(n, seed);
  }

  @Test
  void aFiveMebibyteRandomFileFromDiskArrivesByteIdenticalAtTheOtherMember(@TempDir Path tmp) throws Exception {
    byte[] data = random(5 << 20, 17);
    Path source = Files.write(tmp.resolve("random.bin"), data);
    Path inbox = Files.createDirectory(tmp.resolve("inbox"));
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom alice = vanish.join(link, "alice"); BlockingRoom bob = vanish.join(link, "bob")) {
      List<long[]> progress = new CopyOnWriteArrayList<>();
      alice.sendFile(OutgoingFile.of(source).withCaption("the numbers"), (done, total) -> progress.add(new long[] {done, total}));
      assertThat(progress).isNotEmpty().allSatisfy(p -> assertThat(p[1]).isEqualTo(data.length));
      assertThat(progress.get(progress.size() - 1)[0]).isEqualTo(data.length);
      assertThat(progress.stream().mapToLong(p -> p[0])).isSorted();

      IncomingFile f = bob.nextFile(WAIT).orElseThrow();
      assertThat(f.mine()).isFalse();
      assertThat(f.memberId()).isEqualTo(alice.session().memberId());
      assertThat(f.message().text()).isEqualTo("the numbers");
      assertThat(f.name()).isEqualTo("random.bin");
      assertThat(f.mime()).isEqualTo("application/octet-stream");
      assertThat(f.kind()).isEqualTo("file");
      assertThat(f.size()).isEqualTo(data.length);
      assertThat(f.sha256()).isEqualTo(FileCrypto.sha256Hex(data));
      assertThat(f.ref().chunks()).isEqualTo(20);

      Path saved = bob.save(f, inbox);
      assertThat(saved).isEqualTo(inbox.resolve("random.bin").toAbsolutePath());
      assertThat(FileCrypto.sha256Hex(Files.readAllBytes(saved))).isEqualTo(FileCrypto.sha256Hex(data));
      assertThat(bob.download(f)).isEqualTo(data);
      assertThat(bob.save(f, inbox)).isEqualTo(inbox.resolve("random (1).bin").toAbsolutePath()); // never overwriting
      try (Stream<Path> files = Files.list(inbox)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("random.bin", "random (1).bin");
      }
      // the sender's own echo is a file too, and the caption is not a message of its own
      assertThat(alice.nextFile(WAIT).orElseThrow().mine()).isTrue();
      assertThat(bob.drain()).isEmpty();
    }
  }

  @Test
  void anEmptyFileAndAnImageFromMemoryArriveWithTheirKindAndTypeTheImageWithoutItsDetailsUnlessKept() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom alice = vanish.join(link, "alice"); BlockingRoom bob = vanish.join(link, "bob")) {
      alice.sendFile(new byte[0], "empty.txt", null);
      byte[] png = TestImages.withPngText(TestImages.png(64, 48));
      byte[] stripped = PhotoDetails.strip("image/png", png);
      alice.sendFile(png, "dot.png", null);
      alice.sendFile(OutgoingFile.of(png, "kept.png", null).keepingPhotoDetails(), null);
      byte[] noise = random(1000, 3);
      assertThatThrownBy(() -> alice.sendFile(noise, "noise.png", null))
          .isInstanceOfSatisfying(VanishException.class, e -> assertThat(e.code()).isEqualTo(VanishException.Code.FILE_FAILED))
          .hasMessage("the photo noise.png was not sent: its details (location, camera) could not be removed, it is not a"
              + " JPEG, PNG, GIF or WebP image; to send it as it is, keep its details (vanish send --keep-photo-details,"
              + " OutgoingFile.keepingPhotoDetails())");
      IncomingFile empty = bob.nextFile(WAIT).orElseThrow();
      assertThat(empty.size()).isZero();
      assertThat(empty.ref().chunks()).isEqualTo(1);
      assertThat(empty.mime()).isEqualTo("text/plain");
      assertThat(bob.download(empty)).isEmpty();
      IncomingFile image = bob.nextFile(WAIT).orElseThrow();
      assertThat(image.kind()).isEqualTo("image");
      assertThat(image.mime()).isEqualTo("image/png");
      assertThat(image.inlineImage()).isTrue();
      assertThat(image.metadata()).contains("stripped"); // by default, as the page does
      assertThat(image.size()).isEqualTo(stripped.length); // the size and hash of what was uploaded
      assertThat(image.sha256()).isEqualTo(FileCrypto.sha256Hex(stripped));
      assertThat(new String(bob.download(image), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(TestImages.PNG_CANARY);
      IncomingFile kept = bob.nextFile(WAIT).orElseThrow();
      assertThat(kept.metadata()).contains("kept");
      assertThat(bob.download(kept)).isEqualTo(png); // byte for byte
      assertThat(bob.nextFile(Duration.ofMillis(200))).isEmpty(); // the noise was never sent
    }
  }

  @Test
  void aFileAboveTheServersLimitIsRefusedBeforeAnyRequestWhileOneAtTheLimitIsDeclaredAndSent(@TempDir Path tmp) throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    Path big = Files.write(tmp.resolve("big.bin"), new byte[(int) MAX + 1]);
    try (BlockingRoom alice = vanish.join(link, "alice"); LogCapture log = LogCapture.capture()) {
      assertThatThrownBy(() -> alice.sendFile(big))
          .isInstanceOfSatisfying(VanishException.class, e -> assertThat(e.code()).isEqualTo(VanishException.Code.FILE_TOO_LARGE))
          .hasMessage("file too large: 6.0 MiB; this server takes files of at most 6.0 MiB (6291456 bytes)");
      assertThatThrownBy(() -> vanish.sendFile(link, null, "one-shot", OutgoingFile.of(big), null))
          .isInstanceOfSatisfying(VanishException.class, e -> assertThat(e.code()).isEqualTo(VanishException.Code.FILE_TOO_LARGE));
      assertThat(fileRequests(log)).as(log.text()).isEmpty();

      alice.sendFile(new byte[(int) MAX], "exactly.bin", null); // the control: at the limit it is declared and uploaded
      assertThat(fileRequests(log)).as(log.text()).hasSize(1 + 24).first().asString().contains("POST", "201");
    }
  }

  private static List<String> fileRequests(LogCapture log) {
    return log.text().lines().filter(l -> l.startsWith("dev.vanish.access") && l.contains("/files")).toList();
  }

  @Test
  void aChunkWithAFlippedByteAWrongHashOrAWrongSizeIsDamagedAndLeavesNothingInTheFolder(@TempDir Path inbox) throws Exception {
    Link link = vanish.create(node.base(), null, 3);
    byte[] data = random(600_000, 5); // three chunks
    try (BlockingRoom bob = vanish.join(link, "bob")) {
      Mallory mallory = new Mallory(api, link);
      FileRef flipped = mallory.upload(data, 1, chunk -> {
        chunk[chunk.length / 2] ^= 0x01; // the second chunk's ciphertext, one bit
        return chunk;
      });
      mallory.announce(flipped.toJson(), "");
      FileRef honest = mallory.upload(data, -1, c -> c);
      JsonObject wrongHash = honest.toJson().put("sha256", FileCrypto.sha256Hex(new byte[1]));
      mallory.announce(wrongHash, "");
      JsonObject wrongSize = honest.toJson().put("size", data.length - 1);
      mallory.announce(wrongSize, "");

      for (String why : List.of("chunk 1 of 3 does not decrypt", "its SHA-256 does not match", "it is longer than its 599999 bytes")) {
        IncomingFile f = bob.nextFile(WAIT).orElseThrow();
        assertThatThrownBy(() -> bob.save(f, inbox))
            .isInstanceOfSatisfying(VanishException.class, e -> assertThat(e.code()).isEqualTo(VanishException.Code.FILE_DAMAGED))
            .hasMessage("the file report.pdf is damaged (" + why + "); nothing of it was kept");
        assertThatThrownBy(() -> bob.download(f)).isInstanceOf(VanishException.class).hasMessageContaining(why);
      }
      try (Stream<Path> left = Files.list(inbox)) {
        assertThat(left).isEmpty(); // no file, no temporary file
      }
      assertThat(bob.drainNotices()).isEmpty(); // the messages themselves were fine
    }
  }

  @Test
  void aMalformedFileObjectIsANoticeWhileItsCaptionStillShows() throws Exception {
    Link link = vanish.create(node.base(), null, 3);
    try (BlockingRoom bob = vanish.join(link, "bob")) {
      Mallory mallory = new Mallory(api, link);
      mallory.announce(new JsonObject().put("id", "../../etc").put("size", "huge"), "see attached");
      var m = bob.next(WAIT).orElseThrow();
      assertThat(m.text()).isEqualTo("see attached");
      assertThat(bob.drainNotices()).containsExactly(Notice.unreadableFile(m.id(), mallory.seat.memberId()));
      assertThat(bob.nextFile(Duration.ofMillis(200))).isEmpty();
    }
  }

  @Test
  void aCancelledUploadFailsAndIsDeletedFromTheServer(@TempDir Path tmp) throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    Path source = Files.write(tmp.resolve("slow.bin"), random(5 << 20, 9));
    try (BlockingRoom alice = vanish.join(link, "alice"); LogCapture log = LogCapture.capture()) {
      FileTransfer<?>[] transfer = new FileTransfer<?>[1];
      transfer[0] = alice.session().sendFile(source, (done, total) -> transfer[0].cancel());
      assertThatThrownBy(() -> dev.vanish.client.BlockingVanish.await(transfer[0].result()))
          .isInstanceOf(VanishException.class).hasMessage("cancelled");
      assertThat(transfer[0].cancelled()).isTrue();
      // the upload stopped after the chunks in flight, and the file was deleted (its reservation freed)
      dev.vanish.server.testsupport.Eventually.untilTrue("the DELETE", Duration.ofSeconds(10),
          () -> fileRequests(log).stream().anyMatch(l -> l.contains("DELETE") && l.contains(" 204 ")));
      assertThat(fileRequests(log).stream().filter(l -> l.contains("PUT")).count()).isLessThan(20);
    }
    assertThat(Files.readAllBytes(source)).hasSize(5 << 20); // the source is untouched
  }
}
