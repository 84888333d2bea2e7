// The one place where strings that came from elsewhere (names and texts of other members, a server's error
// messages) are made safe to print: nothing they contain can move the cursor, start a line of its own,
// overwrite one, reorder what follows (bidi) or hide (zero-width). Human output goes through clean(); --json
// output through json(), which keeps every value exact and only escapes the same characters.
package dev.vanish.client.cli;

final class Untrusted {

  /** What every refused character becomes: visible, so a name with one cannot pass for the name without it. */
  static final char REPLACEMENT = '\ufffd';

  private Untrusted() {}

  /** A name (or any one-line string): every refused character, newlines included, becomes U+FFFD. */
  static String line(String s) {
    return clean(s, null);
  }

  /** A message text: as {@link #line}, but a newline starts a continuation line under {@code indent}. */
  static String text(String s, String indent) {
    return clean(s, indent);
  }

  /**
   * Whether a code point is refused: C0 and C1 controls and DEL (Cc), format characters (Cf: bidi embeddings,
   * overrides and isolates, LRM/RLM, zero-width space/joiners, BOM, tags), line and paragraph separators (Zl,
   * Zp) and lone surrogates (Cs: printed as '?', they would hide what was there).
   */
  static boolean refused(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
           Character.SURROGATE -> true;
      default -> false;
    };
  }

  /**
   * The cleaning. With an indent (a message text), "\n" and "\r\n" become a newline followed by the indent, so
   * every continuation line is visibly part of the message above, and a tab becomes four spaces; every other
   * refused character, and with no indent every one, becomes U+FFFD.
   */
  private static String clean(String s, String indent) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (indent != null && cp == '\r' && i < s.length() && s.charAt(i) == '\n') continue; // the \n follows
      if (indent != null && cp == '\n') {
        b.append('\n').append(indent);
      } else if (indent != null && cp == '\t') {
        b.append("    ");
      } else if (refused(cp)) {
        b.append(REPLACEMENT);
      } else {
        b.appendCodePoint(cp);
      }
    }
    return b.toString();
  }

  /**
   * An encoded JSON line with every refused character (which can only be inside its strings) written as a
   * \\uXXXX escape: it decodes to the exact same values, but a line reader that also splits at U+2028 or
   * U+0085, or a person reading the line in a terminal, sees nothing invisible or moving.
   */
  static String json(String encoded) {
    StringBuilder b = null;
    for (int i = 0; i < encoded.length(); ) {
      int cp = encoded.codePointAt(i);
      int n = Character.charCount(cp);
      if (refused(cp)) {
        if (b == null) b = new StringBuilder(encoded.length() + 16).append(encoded, 0, i);
        for (int k = 0; k < n; k++) b.append(String.format("\\u%04x", (int) encoded.charAt(i + k)));
      } else if (b != null) {
        b.append(encoded, i, i + n);
      }
      i += n;
    }
    return b == null ? encoded : b.toString();
  }
}
