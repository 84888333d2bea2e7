// Files through the real commands against a real node: `vanish send --file` uploads with its caption and
// prints nothing, a photo without its details (no GPS or camera canary; --keep-photo-details sends one as it is, and
// one that cannot be read as an image is refused before a seat is taken); `vanish join --json --save-dir` (a child JVM) saves every file inside DIR under its cleaned
// name — hostile names included — never overwriting, and prints one file line each; the plain join prints a
// line per file, saved or not; a file above the server's limit, or one that is missing, is one clear line.
package dev.vanish.client.cli;

import dev.vanish.client.BlockingRoom;
import dev.vanish.client.ClientTestBase;
import dev.vanish.client.IncomingFile;
import dev.vanish.client.Link;
import dev.vanish.client.OutgoingFile;
import dev.vanish.client.PhotoDetails;
import dev.vanish.client.crypto.FileCrypto;
import dev.vanish.server.config.FileLimits;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.testsupport.FileApi;
import dev.vanish.server.testsupport.TestImages;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class FileCliTest extends ClientTestBase {

  /** Files up to 2 MiB here. */
  @Override
  protected ServerConfig config() {
    return TestNode.testConfig().withFiles(new FileLimits(2L << 20, 64L << 20));
  }

  static byte[] random(int n, long seed) {
    return FileApi.random(n, seed);
  }

  @Test
  void sendFileAndJoinJsonSaveDirKeepEveryFileInsideDirUnderACleanNameWithoutOverwriting(@TempDir Path tmp) throws Exception {
    Link link = vanish.create(node.base(), null, 3);
    Path dir = Files.createDirectory(tmp.resolve("inbox"));
    Files.writeString(dir.resolve("photo.jpg"), "already here");
    byte[] photo = TestImages.withExif(TestImages.jpeg(640, 480)); // a camera and a GPS canary, Orientation 6
    byte[] stripped = PhotoDetails.strip("image/jpeg", photo);
    Path source = Files.write(Files.createDirectory(tmp.resolve("out")).resolve("photo.jpg"), photo);
    try (ChildCli bob = new ChildCli(Map.of("VANISH_LINK", link.format()), "join", "--json", "--save-dir", dir.toString(),
        "--name", "bob")) {
      bob.await(l -> l.contains("\"safety\""), "the safety line");
      Run sent = Run.of(new SendCommand(), "--link-file", LinkFiles.of(link), "--file", source.toString(),
          "--text-file", LinkFiles.write("the view\n"), "--name", "alice");
      assertThat(sent.code()).as(sent.err()).isZero();
      assertThat(sent.out()).isEmpty();
      assertThat(sent.err()).isEmpty(); // no progress without a terminal
      List<String> hostile = List.of("../../etc/passwd", "a/b\\c", "\u0007evil\u001b[2J\n.txt", "..", "CON.txt");
      try (BlockingRoom mallory = vanish.join(link, "mallory")) {
        for (String name : hostile) mallory.sendFile(name.getBytes(java.nio.charset.StandardCharsets.UTF_8), name, null);
      }
      List<JsonObject> lines = new ArrayList<>();
      for (int i = 0; i < 1 + hostile.size(); i++) lines.add(new JsonObject(bob.await(l -> l.contains("\"type\":\"file\""), "file line " + i)));

      JsonObject first = lines.get(0);
      assertThat(first.fieldNames()).contains("type", "id", "name", "size", "mime", "sha256", "path");
      assertThat(first.getString("id")).hasSize(22);
      assertThat(first.getString("name")).isEqualTo("photo.jpg");
      assertThat(first.getLong("size")).isEqualTo(stripped.length);
      assertThat(first.getString("mime")).isEqualTo("image/jpeg");
      assertThat(first.getString("kind")).isEqualTo("image");
      assertThat(first.getString("metadata")).isEqualTo("stripped"); // by default, as the page does
      assertThat(first.getString("sha256")).isEqualTo(FileCrypto.sha256Hex(stripped));
      assertThat(first.getString("text")).isEqualTo("the view");
      assertThat(first.getString("sender")).isEqualTo("alice");
      assertThat(first.getString("path")).isEqualTo(dir.resolve("photo (1).jpg").toAbsolutePath().toString());
      byte[] got = Files.readAllBytes(dir.resolve("photo (1).jpg"));
      assertThat(got).isEqualTo(stripped);
      assertThat(new String(got, StandardCharsets.ISO_8859_1)).doesNotContain(TestImages.GPS_CANARY).doesNotContain(TestImages.CAMERA_CANARY);
      assertThat(javax.imageio.ImageIO.read(dir.resolve("photo (1).jpg").toFile()).getWidth()).isEqualTo(640);
      assertThat(dir.resolve("photo.jpg")).hasContent("already here");

      List<String> expected = List.of("_.._etc_passwd", "a_b_c", "evil[2J.txt", "file", "_CON.txt");
      for (int i = 0; i < hostile.size(); i++) {
        JsonObject line = lines.get(1 + i);
        assertThat(line.getString("rawName")).isEqualTo(hostile.get(i));
        assertThat(line.getString("name")).isEqualTo(expected.get(i));
        Path saved = Path.of(line.getString("path"));
        assertThat(saved.getParent()).isEqualTo(dir.toAbsolutePath());
        assertThat(saved.getFileName()).hasToString(expected.get(i));
        assertThat(saved).hasBinaryContent(hostile.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      try (Stream<Path> all = Files.list(dir)) {
        assertThat(all.map(p -> p.getFileName().toString())).hasSize(2 + hostile.size()).noneMatch(n -> n.endsWith(".part"));
      }
      try (Stream<Path> outside = Files.list(tmp)) {
        assertThat(outside.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("inbox", "out");
      }
      bob.closeStdin();
      assertThat(bob.exitCode()).as(bob.err()).isZero();
    }
  }

  @Test
  void plainJoinPrintsALinePerFileSavedWithSaveDirAndSaysHowToSaveItWithout(@TempDir Path dir) throws Exception {
    Link link = vanish.create(node.base(), null, 3);
    try (ChildCli saver = new ChildCli(Map.of("VANISH_LINK", link.format()), "join", "--save-dir", dir.toString(), "--name", "bob");
         ChildCli reader = new ChildCli(Map.of("VANISH_LINK", link.format()), "join", "--name", "carol")) {
      saver.await(l -> l.startsWith("safety code"), "the header");
      reader.await(l -> l.startsWith("safety code"), "the header");
      try (BlockingRoom alice = vanish.join(link, "alice")) {
        alice.sendFile(OutgoingFile.of(random(1_258_291, 2), "photo.jpg", null).keepingPhotoDetails(), null);
      }
      String saved = saver.await(l -> l.contains(" sent "), "the file line");
      assertThat(saved).matches("\\d\\d:\\d\\d alice sent photo\\.jpg \\(1\\.2 MiB\\) → saved to "
          + java.util.regex.Pattern.quote(dir.resolve("photo.jpg").toAbsolutePath().toString()));
      String announced = reader.await(l -> l.contains(" sent "), "the file line");
      assertThat(announced).matches("\\d\\d:\\d\\d alice sent photo\\.jpg \\(1\\.2 MiB\\) — not saved: join with --save-dir DIR to save files");
      assertThat(dir.resolve("photo.jpg")).hasSize(1_258_291);

      // the chat's /send: carol's file reaches bob's folder, and carol sees her own
      Path notes = Files.writeString(Files.createTempDirectory("vanish-out-").resolve("notes.txt"), "from the chat\n");
      reader.type("/send " + notes);
      assertThat(reader.await(l -> l.contains("YOU sent"), "her own file")).endsWith("YOU sent notes.txt (14 B)");
      assertThat(saver.await(l -> l.contains("carol sent"), "carol's file"))
          .endsWith("carol sent notes.txt (14 B) → saved to " + dir.resolve("notes.txt").toAbsolutePath());
      assertThat(dir.resolve("notes.txt")).hasContent("from the chat");
    }
  }

  @Test
  void sendFileRefusesAFileAboveTheLimitAMissingFileAndAnUnreadablePhotoWithOneLine(@TempDir Path tmp) throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    Path big = Files.write(tmp.resolve("big.bin"), new byte[3 << 20]);
    try (BlockingRoom watcher = vanish.join(link, "watcher")) {
      Run r = Run.of(new SendCommand(), "--link-file", LinkFiles.of(link), "--file", big.toString());
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.errLine()).isEqualTo("vanish: file too large: 3.0 MiB; this server takes files of at most 2.0 MiB (2097152 bytes)");
      Run missing = Run.of(new SendCommand(), "--link-file", LinkFiles.of(link), "--file", tmp.resolve("nope.txt").toString());
      assertThat(missing.code()).isEqualTo(1);
      assertThat(missing.errLine()).isEqualTo("vanish: cannot read the file " + tmp.resolve("nope.txt") + ": no such file");
      Path noise = Files.write(tmp.resolve("noise.jpg"), random(5000, 9)); // named like a photo, not one
      Run unreadable = Run.of(new SendCommand(), "--link-file", LinkFiles.of(link), "--file", noise.toString());
      assertThat(unreadable.code()).isEqualTo(1);
      assertThat(unreadable.errLine()).isEqualTo("vanish: the photo noise.jpg was not sent: its details (location, camera)"
          + " could not be removed, it is not a JPEG, PNG, GIF or WebP image; to send it as it is, keep its details"
          + " (vanish send --keep-photo-details, OutgoingFile.keepingPhotoDetails())");
      assertThat(watcher.nextFile(Duration.ofMillis(300))).isEmpty();
      assertThat(watcher.session().members()).hasSize(1); // none took a seat

      Run kept = Run.of(new SendCommand(), "--link-file", LinkFiles.of(link), "--file", noise.toString(), "--keep-photo-details");
      assertThat(kept.code()).as(kept.err()).isZero();
      IncomingFile asItIs = watcher.nextFile(Duration.ofSeconds(10)).orElseThrow();
      assertThat(asItIs.metadata()).contains("kept");
      assertThat(watcher.download(asItIs)).isEqualTo(Files.readAllBytes(noise)); // byte for byte
    }
    assertThat(Run.of(new JoinCommand(), "--save-dir", tmp.resolve("nope").toString()).code()).isEqualTo(2);
  }
}
