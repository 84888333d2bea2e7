// Photo details (docs/PROTOCOL.md §8 "metadata"): what a photo says about where and with what it was taken, removed
// before it is sent, by the same rules as the page (web/assets/files.js stripMetadata), so a photo loses the same
// details whichever client sends it. JPEG: every segment but APP1–APP13, APP15 and COM; APP0 only as a bare JFIF
// header (its thumbnail, and any other APP0 such as a JFXX thumbnail, go); APP14 (Adobe) and the image data as they
// are; nothing after EOI (where phones append more images with their own EXIF). An EXIF Orientation other than 1
// comes back as a minimal EXIF holding only it, so the photo is not shown rotated. PNG: no tEXt, iTXt, zTXt, eXIf or
// tIME. WebP: no EXIF or XMP chunk (and their flags in VP8X go). GIF: no comments, no application blocks but the
// animation loop count. The type is taken from the first bytes (sniff), never from the name; an image that cannot
// be read as its type is refused (Unreadable), never sent half-stripped.
package dev.vanish.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

public final class PhotoDetails {

  /** The image cannot be read as its type: its details cannot be removed. */
  public static final class Unreadable extends Exception {
    Unreadable(String why) {
      super(why);
    }
  }

  private static final Set<String> PNG_DROP = Set.of("tEXt", "iTXt", "zTXt", "eXIf", "tIME");
  private static final Set<String> GIF_KEEP = Set.of("NETSCAPE2.0", "ANIMEXTS1.0");

  private PhotoDetails() {}

  /** The image type by its first bytes: image/jpeg, image/png, image/gif, image/webp; else null. */
  public static String sniff(byte[] b) {
    if (b.length >= 3 && u(b, 0) == 0xff && u(b, 1) == 0xd8 && u(b, 2) == 0xff) return "image/jpeg";
    if (ascii(b, 0, 8).equals("\u0089PNG\r\n\u001a\n")) return "image/png";
    if (ascii(b, 0, 4).equals("GIF8")) return "image/gif";
    if (ascii(b, 0, 4).equals("RIFF") && ascii(b, 8, 12).equals("WEBP")) return "image/webp";
    return null;
  }

  /** The image of this type (see sniff) without its details. */
  public static byte[] strip(String type, byte[] image) throws Unreadable {
    try {
      return switch (type) {
        case "image/jpeg" -> jpeg(image);
        case "image/png" -> png(image);
        case "image/webp" -> webp(image);
        case "image/gif" -> gif(image);
        default -> throw new Unreadable("not a JPEG, PNG, GIF or WebP image");
      };
    } catch (IndexOutOfBoundsException e) {
      throw new Unreadable("it ends too early");
    }
  }

  // --- JPEG ------------------------------------------------------------------------------------------------

  static byte[] jpeg(byte[] b) throws Unreadable {
    if (b.length < 2 || u(b, 0) != 0xff || u(b, 1) != 0xd8) throw bad("a JPEG without its start marker");
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
    int i = 2;
    int orientation = 0;
    byte[] app0 = null;
    for (;;) {
      if (i + 2 > b.length || u(b, i) != 0xff) throw bad("a JPEG segment without its marker");
      int m = u(b, i + 1);
      if (m == 0xff) { // fill byte
        i++;
        continue;
      }
      if (m == 0xd9) {
        out.write(b, i, 2);
        break; // EOI: what follows goes
      }
      if ((m >= 0xd0 && m <= 0xd7) || m == 0x01) {
        out.write(b, i, 2);
        i += 2;
        continue;
      }
      if (i + 4 > b.length) throw bad("a JPEG cut off in a segment");
      int end = i + 2 + ((u(b, i + 2) << 8) | u(b, i + 3));
      if (end > b.length || end < i + 4) throw bad("a JPEG segment longer than the file");
      if (m == 0xe1 && orientation == 0) orientation = exifOrientation(b, i + 4, end);
      boolean drop = (m >= 0xe1 && m <= 0xef && m != 0xee) || m == 0xfe
          || (m == 0xe0 && (app0 != null || end < i + 18 || !ascii(b, i + 4, i + 9).equals("JFIF\0")));
      if (m == 0xe0 && !drop) {
        app0 = Arrays.copyOfRange(b, i, i + 18); // the JFIF header (length 16) with a thumbnail of 0 × 0
        app0[2] = 0;
        app0[3] = 16;
        app0[16] = 0;
        app0[17] = 0;
      } else if (!drop) {
        out.write(b, i, end - i);
      }
      i = end;
      if (m == 0xda) { // entropy-coded data up to the next marker (not a stuffed 0xff00, not a restart marker)
        int j = i;
        while (j + 1 < b.length && !(u(b, j) == 0xff && u(b, j + 1) != 0 && (u(b, j + 1) < 0xd0 || u(b, j + 1) > 0xd7))) j++;
        if (j + 1 >= b.length) throw bad("a JPEG without its end marker");
        out.write(b, i, j - i);
        i = j;
      }
    }
    ByteArrayOutputStream head = new ByteArrayOutputStream(b.length);
    head.write(b, 0, 2);
    if (app0 != null) head.writeBytes(app0);
    if (orientation > 1) head.writeBytes(orientationApp1(orientation));
    head.writeBytes(out.toByteArray());
    return head.toByteArray();
  }

  /** The EXIF Orientation (1–8) of an APP1 segment's data (b from..to), or 0. */
  static int exifOrientation(byte[] b, int from, int to) {
    if (to - from < 14 || !ascii(b, from, from + 6).equals("Exif\0\0")) return 0;
    int t = from + 6;
    int len = to - t;
    boolean le = ascii(b, t, t + 2).equals("II");
    long ifd = u32(b, t + 4, le);
    if (ifd + 2 > len) return 0;
    int o = (int) ifd + 2;
    for (int n = u16(b, t + (int) ifd, le); n > 0 && o + 12 <= len; n--, o += 12) {
      if (u16(b, t + o, le) == 0x0112 && u16(b, t + o + 2, le) == 3) {
        int v = u16(b, t + o + 8, le);
        return v >= 1 && v <= 8 ? v : 0;
      }
    }
    return 0;
  }

  /** APP1 with a big-endian TIFF header and one IFD entry: Orientation (0x0112, SHORT, 1 value). */
  static byte[] orientationApp1(int v) {
    int[] s = {0xff, 0xe1, 0, 34, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 0x2a, 0, 0, 0, 8,
        0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, v, 0, 0, 0, 0, 0, 0};
    byte[] out = new byte[s.length];
    for (int k = 0; k < s.length; k++) out[k] = (byte) s[k];
    return out;
  }

  // --- PNG, WebP, GIF --------------------------------------------------------------------------------------

  static byte[] png(byte[] b) throws Unreadable {
    if (b.length < 8 || !ascii(b, 1, 4).equals("PNG")) throw bad("a PNG without its signature");
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
    out.write(b, 0, 8);
    for (int i = 8; ; ) {
      if (i + 12 > b.length) throw bad("a PNG without its IEND chunk");
      String type = ascii(b, i + 4, i + 8);
      long end = i + 12 + u32(b, i, false);
      if (end > b.length) throw bad("a PNG chunk longer than the file");
      if (!PNG_DROP.contains(type)) out.write(b, i, (int) end - i);
      i = (int) end;
      if (type.equals("IEND")) return out.toByteArray();
    }
  }

  static byte[] webp(byte[] b) throws Unreadable {
    if (b.length < 12 || !ascii(b, 0, 4).equals("RIFF") || !ascii(b, 8, 12).equals("WEBP")) throw bad("a WebP without its header");
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
    out.write(b, 0, 12);
    for (long i = 12; i < b.length; ) {
      int at = (int) i;
      if (at + 8 > b.length) throw bad("a WebP cut off in a chunk header");
      String type = ascii(b, at, at + 4);
      long size = u32(b, at + 4, true);
      long end = at + 8 + size + (size & 1);
      if (end > b.length + 1L) throw bad("a WebP chunk longer than the file");
      byte[] c = Arrays.copyOfRange(b, at, (int) Math.min(end, b.length));
      if (type.equals("VP8X") && c.length > 8) c[8] &= (byte) ~0x0c; // no more EXIF, no more XMP
      if (!type.equals("EXIF") && !type.equals("XMP ")) out.writeBytes(c);
      i = end;
    }
    byte[] r = out.toByteArray();
    int riff = r.length - 8;
    for (int k = 0; k < 4; k++) r[4 + k] = (byte) (riff >>> (8 * k));
    return r;
  }

  static byte[] gif(byte[] b) throws Unreadable {
    if (b.length < 13 || !ascii(b, 0, 3).equals("GIF")) throw bad("a GIF without its header");
    int i = 13 + colourTable(u(b, 10));
    if (i > b.length) throw bad("a GIF cut off in its colour table");
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
    out.write(b, 0, i);
    while (i < b.length) {
      int t = u(b, i);
      if (t == 0x3b) {
        out.write(b, i, 1);
        return out.toByteArray();
      }
      int end;
      boolean keep = true;
      if (t == 0x21) {
        end = subBlocks(b, i + 2);
        if (u(b, i + 1) == 0xfe) keep = false; // a comment
        if (u(b, i + 1) == 0xff) keep = GIF_KEEP.contains(ascii(b, i + 3, i + 14)); // an application block
      } else if (t == 0x2c) {
        if (i + 10 > b.length) throw bad("a GIF cut off in an image");
        end = subBlocks(b, i + 11 + colourTable(u(b, i + 9)));
      } else {
        throw bad("a GIF block of an unknown kind");
      }
      if (keep) out.write(b, i, end - i);
      i = end;
    }
    throw bad("a GIF without its trailer");
  }

  private static int colourTable(int flags) {
    return (flags & 0x80) != 0 ? 3 * (2 << (flags & 7)) : 0;
  }

  /** Past the data sub-blocks from j and their terminator. */
  private static int subBlocks(byte[] b, int j) throws Unreadable {
    while (j < b.length && b[j] != 0) j += u(b, j) + 1;
    if (j >= b.length) throw bad("a GIF cut off in its data");
    return j + 1;
  }

  // --- bytes -----------------------------------------------------------------------------------------------

  private static Unreadable bad(String why) {
    return new Unreadable(why);
  }

  private static int u(byte[] b, int i) {
    return b[i] & 0xff;
  }

  private static int u16(byte[] b, int i, boolean le) {
    return le ? u(b, i) | u(b, i + 1) << 8 : u(b, i) << 8 | u(b, i + 1);
  }

  private static long u32(byte[] b, int i, boolean le) {
    return le ? (u16(b, i, true) | (long) u16(b, i + 2, true) << 16) : ((long) u16(b, i, false) << 16 | u16(b, i + 2, false));
  }

  /** Bytes from..to (clamped to the array) as ISO-8859-1 characters. */
  private static String ascii(byte[] b, int from, int to) {
    int end = Math.min(to, b.length);
    return from >= end ? "" : new String(b, from, end - from, StandardCharsets.ISO_8859_1);
  }
}
