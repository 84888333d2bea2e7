// Terminal output of the chat: ANSI colours only when stdout is a terminal and NO_COLOR is unset. What a
// peer wrote (names, texts) is cleaned by Untrusted before it is styled.
package dev.vanish.client.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

final class Style {

  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

  private final boolean colour;

  Style(boolean colour) {
    this.colour = colour;
  }

  static Style forStdout() {
    String noColor = System.getenv("NO_COLOR");
    return new Style(System.console() != null && (noColor == null || noColor.isEmpty()));
  }

  String time(long epochMs) {
    return dim(HH_MM.format(Instant.ofEpochMilli(epochMs)));
  }

  /** HH:mm without colour. */
  static String clock(long epochMs) {
    return HH_MM.format(Instant.ofEpochMilli(epochMs));
  }

  String dim(String s) { return wrap("2", s); }

  String bold(String s) { return wrap("1", s); }

  String green(String s) { return wrap("1;32", s); }

  String cyan(String s) { return wrap("1;36", s); }

  String yellow(String s) { return wrap("33", s); }

  String red(String s) { return wrap("31", s); }

  private String wrap(String code, String s) {
    return colour ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }

  /** m:ss, or h:mm:ss from an hour on. */
  static String countdown(long seconds) {
    long s = Math.max(0, seconds);
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
  }
}
