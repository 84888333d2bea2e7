// Images made for tests of photo details (docs/PROTOCOL.md §8): a picture encoded by javax.imageio as PNG or JPEG,
// a PNG with a tEXt canary, a JPEG with an APP1 Exif holding a camera canary, Orientation 6 and a GPS IFD with a
// GPS canary; and what a test reads back of a JPEG (its segments, the tags of an Exif's IFD0). Shared by the page's
// tests (FilesBrowserTest) and the Java client's (PhotoDetailsTest, the CLI's).
package dev.vanish.server.testsupport;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

public final class TestImages {

  public static final String GPS_CANARY = "CANARY-GPS-52.5163N";
  public static final String CAMERA_CANARY = "CanaryCam X100";
  public static final String PNG_CANARY = "CANARY-PNG-comment";

  private TestImages() {}

  public static BufferedImage picture(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(0x1f4e79), w, h, new Color(0xf2b544)));
    g.fillRect(0, 0, w, h);
    g.setColor(new Color(0x3ddc84));
    g.fillOval(w / 3, h / 4, w / 3, h / 2);
    g.dispose();
    return img;
  }

  public static byte[] png(int w, int h) {
    return encode(picture(w, h), "png");
  }

  public static byte[] jpeg(int w, int h) {
    return encode(picture(w, h), "jpg");
  }

  public static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, format, out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** The PNG with a tEXt chunk (a comment with a canary) after IHDR. */
  public static byte[] withPngText(byte[] png) {
    byte[] text = ("Comment\0" + PNG_CANARY).getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer chunk = ByteBuffer.allocate(12 + text.length).putInt(text.length).put("tEXt".getBytes(StandardCharsets.ISO_8859_1)).put(text);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(chunk.array(), 4, 4 + text.length);
    chunk.putInt((int) crc.getValue());
    int at = 8 + 25; // signature, then IHDR (4 + 4 + 13 + 4)
    return concat(slice(png, 0, at), chunk.array(), slice(png, at, png.length));
  }

  /**
   * The JPEG with an APP1 Exif segment right after its APP0: IFD0 with Make (a camera canary), Orientation 6 and
   * a GPS IFD (latitude 52°30'58" N and a processing method holding the GPS canary).
   */
  public static byte[] withExif(byte[] jpeg) {
    byte[] make = (CAMERA_CANARY + "\0").getBytes(StandardCharsets.US_ASCII);
    byte[] method = ("ASCII\0\0\0" + GPS_CANARY).getBytes(StandardCharsets.US_ASCII);
    int ifd0 = 8, ifd0Size = 2 + 3 * 12 + 4, gps = ifd0 + ifd0Size, gpsSize = 2 + 3 * 12 + 4;
    int makeAt = gps + gpsSize, latAt = makeAt + make.length, methodAt = latAt + 24;
    ByteBuffer t = ByteBuffer.allocate(methodAt + method.length); // big-endian, as the TIFF header says
    t.put(new byte[] {'M', 'M', 0, 42}).putInt(ifd0);
    t.putShort((short) 3);
    entry(t, 0x010F, 2, make.length, makeAt);
    t.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0);
    entry(t, 0x8825, 4, 1, gps);
    t.putInt(0);
    t.putShort((short) 3);
    t.putShort((short) 0x0001).putShort((short) 2).putInt(2).put(new byte[] {'N', 0, 0, 0});
    entry(t, 0x0002, 5, 3, latAt);
    entry(t, 0x001B, 7, method.length, methodAt);
    t.putInt(0);
    t.put(make);
    t.putInt(52).putInt(1).putInt(30).putInt(1).putInt(58).putInt(1);
    t.put(method);
    byte[] tiff = t.array();
    ByteBuffer seg = ByteBuffer.allocate(4 + 6 + tiff.length);
    seg.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + 6 + tiff.length)).put("Exif\0\0".getBytes(StandardCharsets.US_ASCII)).put(tiff);
    int at = 2;
    if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) at = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
    return concat(slice(jpeg, 0, at), seg.array(), slice(jpeg, at, jpeg.length));
  }

  public static void entry(ByteBuffer t, int tag, int type, int count, int offset) {
    t.putShort((short) tag).putShort((short) type).putInt(count).putInt(offset);
  }

  /** The segments (marker, length and data) with this marker before the image data. */
  public static List<byte[]> segments(byte[] jpeg, int marker) {
    List<byte[]> out = new ArrayList<>();
    int i = 2;
    while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
      int m = jpeg[i + 1] & 0xFF, len = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
      if (m == marker) out.add(slice(jpeg, i, i + 2 + len));
      if (m == 0xDA) break;
      i += 2 + len;
    }
    return out;
  }

  /** The tags of IFD0 of an APP1 Exif segment (marker included), and that it links no further IFD. */
  public static List<Integer> exifEntries(byte[] app1) {
    ByteBuffer b = ByteBuffer.wrap(app1, 10, app1.length - 10).slice();
    if (b.get(0) == 'I') b.order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int ifd = b.getInt(4), n = b.getShort(ifd);
    List<Integer> tags = new ArrayList<>();
    for (int k = 0; k < n; k++) tags.add(b.getShort(ifd + 2 + 12 * k) & 0xFFFF);
    assertThat(b.getInt(ifd + 2 + 12 * n)).as("next IFD").isZero();
    return tags;
  }

  public static byte[] slice(byte[] b, int from, int to) {
    return java.util.Arrays.copyOfRange(b, from, to);
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }
}
