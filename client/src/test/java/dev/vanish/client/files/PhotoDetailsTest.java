// PhotoDetails, the page's rules in Java (no node): a JPEG made by javax.imageio with an Exif APP1 (camera and GPS
// canaries, Orientation 6), a COM segment and bytes after EOI loses them all but a one-entry Exif with Orientation 6,
// and still decodes; without an orientation no Exif comes back; a PNG loses its tEXt canary and still decodes; a
// GIF its comment; a WebP its EXIF chunk and VP8X flag; stripping twice changes nothing; what cannot be read as an
// image is Unreadable; an image to keep is not stripped by the library at all.
package dev.vanish.client.files;

import dev.vanish.client.OutgoingFile;
import dev.vanish.client.PhotoDetails;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static dev.vanish.server.testsupport.TestImages.CAMERA_CANARY;
import static dev.vanish.server.testsupport.TestImages.GPS_CANARY;
import static dev.vanish.server.testsupport.TestImages.PNG_CANARY;
import static dev.vanish.server.testsupport.TestImages.exifEntries;
import static dev.vanish.server.testsupport.TestImages.jpeg;
import static dev.vanish.server.testsupport.TestImages.png;
import static dev.vanish.server.testsupport.TestImages.segments;
import static dev.vanish.server.testsupport.TestImages.withExif;
import static dev.vanish.server.testsupport.TestImages.withPngText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhotoDetailsTest {

  private static final String COM_CANARY = "CANARY-COM-comment";
  private static final String TAIL_CANARY = "CANARY-AFTER-EOI";

  private static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }

  private static BufferedImage decode(byte[] b) throws IOException {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(b));
    assertThat(img).as("decodes").isNotNull();
    return img;
  }

  /** A COM segment with a canary right after SOI, and bytes after EOI. */
  private static byte[] withCommentAndTail(byte[] jpeg) {
    byte[] text = COM_CANARY.getBytes(StandardCharsets.US_ASCII);
    byte[] com = ByteBuffer.allocate(4 + text.length).put((byte) 0xFF).put((byte) 0xFE).putShort((short) (2 + text.length)).put(text).array();
    return concat(Arrays.copyOfRange(jpeg, 0, 2), com, Arrays.copyOfRange(jpeg, 2, jpeg.length),
        TAIL_CANARY.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void aJpegKeepsOnlyItsOrientationAndStillDecodes() throws Exception {
    byte[] photo = withCommentAndTail(withExif(jpeg(320, 200)));
    assertThat(latin1(photo)).contains(GPS_CANARY, CAMERA_CANARY, COM_CANARY, TAIL_CANARY);
    assertThat(PhotoDetails.sniff(photo)).isEqualTo("image/jpeg");

    byte[] out = PhotoDetails.strip("image/jpeg", photo);
    assertThat(latin1(out)).doesNotContain(GPS_CANARY).doesNotContain(CAMERA_CANARY).doesNotContain(COM_CANARY)
        .doesNotContain(TAIL_CANARY);
    assertThat(segments(out, 0xFE)).isEmpty();
    var app1 = segments(out, 0xE1);
    assertThat(app1).hasSize(1);
    assertThat(app1.get(0)).hasSize(36);
    assertThat(exifEntries(app1.get(0))).containsExactly(0x0112); // the only tag left
    assertThat(ByteBuffer.wrap(app1.get(0), 10, 26).slice().getShort(8 + 2 + 8)).as("orientation").isEqualTo((short) 6);
    assertThat(segments(out, 0xE0)).hasSize(1).allSatisfy(app0 -> assertThat(app0).hasSize(18)); // a bare JFIF
    assertThat(out[out.length - 2] & 0xFF).isEqualTo(0xFF);
    assertThat(out[out.length - 1] & 0xFF).isEqualTo(0xD9); // ends at EOI
    BufferedImage img = decode(out);
    assertThat(img.getWidth()).isEqualTo(320);
    assertThat(img.getHeight()).isEqualTo(200);
    assertThat(PhotoDetails.strip("image/jpeg", out)).isEqualTo(out); // already stripped: as it is
  }

  @Test
  void aJpegWithoutAnOrientationGetsNoExifAtAll() throws Exception {
    byte[] out = PhotoDetails.strip("image/jpeg", withCommentAndTail(jpeg(64, 48)));
    assertThat(segments(out, 0xE1)).isEmpty();
    assertThat(latin1(out)).doesNotContain(COM_CANARY).doesNotContain(TAIL_CANARY);
    assertThat(decode(out).getWidth()).isEqualTo(64);
  }

  @Test
  void aPngLosesItsTextChunksAndStillDecodes() throws Exception {
    byte[] plain = png(120, 80);
    byte[] photo = withPngText(plain);
    assertThat(latin1(photo)).contains(PNG_CANARY);
    assertThat(PhotoDetails.sniff(photo)).isEqualTo("image/png");
    byte[] out = PhotoDetails.strip("image/png", photo);
    assertThat(latin1(out)).doesNotContain(PNG_CANARY).doesNotContain("tEXt");
    assertThat(out).isEqualTo(plain); // exactly the chunks javax.imageio wrote
    assertThat(decode(out).getWidth()).isEqualTo(120);
  }

  @Test
  void aGifLosesItsCommentAndAWebpItsExif() throws Exception {
    ByteArrayOutputStream gifOut = new ByteArrayOutputStream();
    ImageIO.write(decode(png(40, 30)), "gif", gifOut);
    byte[] gif = gifOut.toByteArray();
    byte[] comment = concat(new byte[] {0x21, (byte) 0xFE, (byte) COM_CANARY.length()}, COM_CANARY.getBytes(StandardCharsets.US_ASCII), new byte[] {0});
    byte[] withComment = concat(Arrays.copyOfRange(gif, 0, gif.length - 1), comment, new byte[] {0x3B});
    assertThat(PhotoDetails.sniff(withComment)).isEqualTo("image/gif");
    byte[] strippedGif = PhotoDetails.strip("image/gif", withComment);
    assertThat(latin1(strippedGif)).doesNotContain(COM_CANARY);
    assertThat(decode(strippedGif).getWidth()).isEqualTo(40);

    // RIFF/WEBP with VP8X (EXIF flag set), an EXIF chunk holding a canary, and an image chunk (its data opaque here).
    byte[] exif = ("Exif\0\0" + GPS_CANARY).getBytes(StandardCharsets.ISO_8859_1); // odd length: padded
    ByteBuffer w = ByteBuffer.allocate(12 + 18 + 8 + exif.length + 1 + 8 + 6).order(ByteOrder.LITTLE_ENDIAN);
    w.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(w.capacity() - 8).put("WEBP".getBytes(StandardCharsets.US_ASCII));
    w.put("VP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10).put((byte) 0x08).put(new byte[9]);
    w.put("EXIF".getBytes(StandardCharsets.US_ASCII)).putInt(exif.length).put(exif).put((byte) 0);
    w.put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(6).put(new byte[] {0x2f, 1, 2, 3, 4, 5});
    byte[] webp = w.array();
    assertThat(PhotoDetails.sniff(webp)).isEqualTo("image/webp");
    byte[] strippedWebp = PhotoDetails.strip("image/webp", webp);
    assertThat(latin1(strippedWebp)).doesNotContain(GPS_CANARY).doesNotContain("EXIF").startsWith("RIFF").contains("VP8X", "VP8L");
    assertThat(strippedWebp).hasSize(12 + 18 + 14);
    ByteBuffer r = ByteBuffer.wrap(strippedWebp).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(r.getInt(4)).isEqualTo(strippedWebp.length - 8);
    assertThat(strippedWebp[20] & 0x0C).as("VP8X's EXIF and XMP flags").isZero();
  }

  @Test
  void whatCannotBeReadAsAnImageIsUnreadable() throws Exception {
    byte[] jpeg = jpeg(32, 32);
    assertThat(PhotoDetails.sniff("not an image at all".getBytes(StandardCharsets.US_ASCII))).isNull();
    assertThat(PhotoDetails.sniff(new byte[0])).isNull();
    assertThatThrownBy(() -> PhotoDetails.strip("image/jpeg", Arrays.copyOf(jpeg, jpeg.length / 2)))
        .isInstanceOf(PhotoDetails.Unreadable.class);
    byte[] png = png(32, 32);
    assertThatThrownBy(() -> PhotoDetails.strip("image/png", Arrays.copyOf(png, png.length - 12))) // no IEND
        .isInstanceOf(PhotoDetails.Unreadable.class);
    byte[] lying = jpeg.clone();
    lying[4] = (byte) 0x7F; // APP0's length beyond the file's end
    lying[5] = (byte) 0xFF;
    byte[] tiny = Arrays.copyOf(lying, 40);
    assertThatThrownBy(() -> PhotoDetails.strip("image/jpeg", tiny)).isInstanceOf(PhotoDetails.Unreadable.class);
    assertThatThrownBy(() -> PhotoDetails.strip("image/tiff", jpeg)).isInstanceOf(PhotoDetails.Unreadable.class);
  }

  @Test
  void anImageIsStrippedByDefaultAndKeptOnlyWhenAsked() {
    byte[] photo = withExif(jpeg(16, 16));
    OutgoingFile image = OutgoingFile.of(photo, "IMG_1.jpg", null);
    assertThat(image.kind()).isEqualTo("image");
    assertThat(image.metadata()).isEqualTo("stripped");
    assertThat(image.stripsPhotoDetails()).isTrue();
    OutgoingFile kept = image.keepingPhotoDetails();
    assertThat(kept.metadata()).isEqualTo("kept");
    assertThat(kept.stripsPhotoDetails()).isFalse();
    assertThat(kept.bytes()).isEqualTo(photo);
    assertThat(OutgoingFile.of(photo, "notes.bin", null).stripsPhotoDetails()).isFalse(); // not an image: as it is
    assertThat(OutgoingFile.of(photo, "notes.bin", null).withKind("image").metadata()).isEqualTo("stripped");
  }
}
