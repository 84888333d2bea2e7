// What a receiver does with a file's claimed name before it shows or saves it (docs/PROTOCOL.md §8): the name
// is whatever some holder of K wrote, so it may try to leave the target folder ("../../etc/passwd", "a/b\c"),
// hide itself (".bashrc"), carry control or bidi characters, or be a name Windows reserves. clean() makes it a
// plain file name; reserve() picks one that does not exist yet in a folder ("name (1).ext", …) and creates it
// atomically, so two saves never overwrite each other or anything already there.
package dev.vanish.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

public final class FileNames {

  /** What a name that has nothing left becomes. */
  public static final String FALLBACK = "file";
  /** Bytes a cleaned name keeps at most (file systems take 255; room is left for " (12345)"). */
  static final int MAX_NAME_BYTES = 200;
  private static final Set<String> RESERVED = Set.of("con", "prn", "aux", "nul",
      "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
      "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");
  private static final int MAX_TRIES = 10_000;

  private FileNames() {}

  /**
   * A safe file name for a claimed one: path separators (/ and \) and the characters Windows refuses
   * (< > : " | ? *) become "_"; control, format (bidi, zero-width), separator and lone surrogate characters are
   * dropped; leading dots and spaces and trailing dots and spaces are removed; a name Windows reserves (CON,
   * NUL, COM1, … with any extension) gets a "_" in front; at most 200 UTF-8 bytes, the extension kept. An
   * empty result is "file".
   */
  public static String clean(String claimed) {
    if (claimed == null) return FALLBACK;
    StringBuilder b = new StringBuilder(claimed.length());
    for (int i = 0; i < claimed.length(); ) {
      int cp = claimed.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '/' || cp == '\\' || "<>:\"|?*".indexOf(cp) >= 0) {
        b.append('_');
      } else if (!dropped(cp)) {
        b.appendCodePoint(cp);
      }
    }
    String s = b.toString();
    int start = 0, end = s.length();
    while (start < end && (s.charAt(start) == '.' || Character.isWhitespace(s.charAt(start)) || Character.isSpaceChar(s.charAt(start)))) start++;
    while (end > start && (s.charAt(end - 1) == '.' || Character.isWhitespace(s.charAt(end - 1)) || Character.isSpaceChar(s.charAt(end - 1)))) end--;
    s = s.substring(start, end);
    if (s.isEmpty()) return FALLBACK;
    int dot = s.indexOf('.');
    String stem = (dot < 0 ? s : s.substring(0, dot)).strip().toLowerCase(Locale.ROOT);
    if (RESERVED.contains(stem)) s = "_" + s;
    return truncate(s);
  }

  private static boolean dropped(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
           Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> true;
      default -> false;
    };
  }

  /** At most MAX_NAME_BYTES of UTF-8, cut at a code point, keeping a short extension. */
  private static String truncate(String s) {
    if (utf8(s) <= MAX_NAME_BYTES) return s;
    int dot = s.lastIndexOf('.');
    String ext = dot > 0 && s.length() - dot <= 16 ? s.substring(dot) : "";
    String stem = ext.isEmpty() ? s : s.substring(0, dot);
    int budget = MAX_NAME_BYTES - utf8(ext);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < stem.length(); ) {
      int cp = stem.codePointAt(i);
      String one = new String(Character.toChars(cp));
      if (utf8(b) + utf8(one) > budget) break;
      b.append(one);
      i += Character.charCount(cp);
    }
    return b + ext;
  }

  private static int utf8(CharSequence s) {
    return s.toString().getBytes(StandardCharsets.UTF_8).length;
  }

  /** The n-th alternative of a name: "photo.jpg", "photo (1).jpg", "photo (2).jpg", …; "notes (1)" without a dot. */
  static String numbered(String name, int n) {
    if (n == 0) return name;
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) + " (" + n + ")" + name.substring(dot) : name + " (" + n + ")";
  }

  /**
   * Creates an empty file in {@code dir} under the cleaned name or its first free numbered alternative, atomically
   * (CREATE_NEW: what exists is never touched), and returns it; the caller moves the finished file onto it.
   */
  public static Path reserve(Path dir, String claimed) throws IOException {
    String name = clean(claimed);
    Path folder = dir.toAbsolutePath().normalize();
    for (int n = 0; n < MAX_TRIES; n++) {
      Path target = folder.resolve(numbered(name, n)).normalize();
      if (!folder.equals(target.getParent())) throw new IOException("the name " + name + " leaves " + folder); // cannot happen after clean()
      try {
        return Files.createFile(target);
      } catch (FileAlreadyExistsException taken) {
        // the next number
      }
    }
    throw new IOException("no free name for " + name + " in " + folder);
  }

  /** 512 B, 3.4 KiB, 1.2 MiB, 2.0 GiB. */
  public static String humanSize(long bytes) {
    if (bytes < 1024) return bytes + " B";
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
