// The one cleaning function for strings from elsewhere: every control, format and separator character is
// replaced visibly in a name, a text keeps its lines only under an indent, ordinary writing passes unchanged,
// and --json escapes the same characters while decoding to the exact value.
package dev.vanish.client.cli;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UntrustedTest {

  /** One of each kind that a terminal acts on or hides, the last two outside the BMP and a lone surrogate. */
  static final List<String> REFUSED = List.of(
      "\n", "\r", "\t", "\u0000", "\u0007", "\u0008", "\u001b", "\u007f",          // C0 and DEL
      "\u0085", "\u008d", "\u009b", "\u009d",                                       // C1: NEL, RI, CSI, OSC
      "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad", "\u061c", // zero-width, marks
      "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", // bidi
      "\u2028", "\u2029",                                                           // Zl, Zp
      new String(Character.toChars(0xE0041)), new String(Character.toChars(0x1D173)), // tag A, musical format
      "\ud800");                                                                    // lone surrogate

  @Test
  void everyControlFormatAndSeparatorCharacterInANameBecomesOneReplacementCharacter() {
    for (String c : REFUSED) {
      assertThat(Untrusted.line("al" + c + "ice")).as("U+%04X", c.codePointAt(0)).isEqualTo("al\ufffdice");
    }
  }

  @Test
  void everyCharacterOfTheseUnicodeCategoriesIsRefusedAndNoOther() {
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      int t = Character.getType(cp);
      boolean expected = t == Character.CONTROL || t == Character.FORMAT || t == Character.LINE_SEPARATOR
          || t == Character.PARAGRAPH_SEPARATOR || t == Character.SURROGATE;
      assertThat(Untrusted.refused(cp)).as("U+%04X", cp).isEqualTo(expected);
    }
  }

  @Test
  void aTextKeepsItsLinesOnlyUnderTheIndentAndLosesEveryOtherBreak() {
    assertThat(Untrusted.text("one\ntwo\r\nthree\rfour\u2028five\u0085six\tend", "   "))
        .isEqualTo("one\n   two\n   three\ufffdfour\ufffdfive\ufffdsix    end");
    assertThat(Untrusted.text("\u001b[2J\u202eevil", "  ")).isEqualTo("\ufffd[2J\ufffdevil");
  }

  @Test
  void ordinaryWritingPassesUnchanged() {
    String s = "Grüße, 日本語, مرحبا, שלום, emoji 😀🎉, é, ß, combining é, math 𝔸, ‘quotes’ — dashes";
    assertThat(Untrusted.line(s)).isEqualTo(s);
    assertThat(Untrusted.text(s, "    ")).isEqualTo(s);
    assertThat(Untrusted.line(null)).isEmpty();
  }

  @Test
  void jsonEscapesTheSameCharactersAndDecodesToTheExactValue() {
    String all = "x" + String.join("y", REFUSED) + "z";
    String encoded = new JsonObject().put("name", all).put("text", "plain").encode();
    String escaped = Untrusted.json(encoded);
    assertThat(escaped.codePoints()).noneMatch(Untrusted::refused);
    assertThat(new JsonObject(escaped).getString("name")).isEqualTo(all);
    assertThat(escaped).contains("\\u202e", "\\u2028", "\\udb40\\udc41", "\\ud800");
    String plain = new JsonObject().put("text", "nothing to escape, ü 😀").encode();
    assertThat(Untrusted.json(plain)).isSameAs(plain);
  }
}
