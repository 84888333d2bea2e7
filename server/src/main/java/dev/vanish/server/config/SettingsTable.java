// The README's configuration table, printed from the rows of Settings so the docs cannot drift from the
// loader: SettingsReadmeTest fails when README.md's table (between the markers below) differs from this.
// Regenerate it with: java -cp server/target/classes dev.vanish.server.config.SettingsTable README.md
// (without an argument it prints the table).
package dev.vanish.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

public final class SettingsTable {

  public static final String BEGIN = "<!-- settings:begin -->";
  public static final String END = "<!-- settings:end -->";

  private SettingsTable() {}

  /** One Markdown row per setting: env, flag, default, meaning. */
  public static String markdown() {
    StringBuilder b = new StringBuilder("| env | flag | default | meaning |\n|---|---|---|---|\n");
    for (Setting<?> s : Settings.ALL) {
      b.append("| ").append(s.env()).append(" | ").append(s.flag()).append(" | ").append(cell(s.shown()))
          .append(" | ").append(cell(s.doc())).append(" |\n");
    }
    return b.toString();
  }

  /** The table as it stands in a README between the markers, or null when a marker is missing. */
  public static String inDocument(String document) {
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    if (begin < 0 || end < begin) return null;
    return document.substring(begin + BEGIN.length(), end).strip() + "\n";
  }

  /** The document with the table between the markers replaced by {@link #markdown()}. */
  public static String regenerated(String document) {
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    if (begin < 0 || end < begin) throw new IllegalArgumentException("no " + BEGIN + " … " + END + " in the document");
    return document.substring(0, begin + BEGIN.length()) + "\n" + markdown() + document.substring(end);
  }

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.out.print(markdown());
      return;
    }
    Path readme = Path.of(args[0]);
    Files.writeString(readme, regenerated(Files.readString(readme, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
