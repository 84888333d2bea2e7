// What a node runs with, in one line for its start-up log: every row of Settings, group by group, as the
// operator wrote it (flag or variable), else its default as --help and the README show it, else — for a
// default derived from other settings or from the heap — the value itself. Nothing is listed by hand: a new
// row appears here by being in its group. A secret row reads only "set" or "unset", and any Redis URL's
// credentials are hidden, whatever row carries one.
package dev.vanish.server.config;

import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

public final class SettingsSummary {

  private SettingsSummary() {}

  /** "listen: VANISH_HOST=0.0.0.0 VANISH_PORT=8080; redis: VANISH_REDIS_URL=unset …; …" */
  public static String line(SettingValues values) {
    StringJoiner groups = new StringJoiner("; ");
    for (Settings.Group g : Settings.GROUPS) {
      StringJoiner rows = new StringJoiner(" ", g.name() + ": ", "");
      for (Setting<?> s : g.rows()) rows.add(s.env() + "=" + shown(s, values));
      groups.add(rows.toString());
    }
    return groups.toString();
  }

  /** One row's text in the line. */
  static String shown(Setting<?> s, SettingValues values) {
    if (s.secret()) return values.given(s) ? "set" : "unset";
    String text;
    if (values.given(s)) {
      text = values.text(s);
    } else {
      Object value = values.get(s);
      text = Objects.equals(value, s.read(null)) ? s.shown() : valueText(value) + " (derived; default " + s.shown() + ")";
    }
    return RedisUrl.redact(text, "***@");
  }

  private static String valueText(Object value) {
    if (value == null) return "unset";
    if (value instanceof List<?> list) return list.isEmpty() ? "none" : String.join(",", list.stream().map(String::valueOf).toList());
    return String.valueOf(value);
  }
}
