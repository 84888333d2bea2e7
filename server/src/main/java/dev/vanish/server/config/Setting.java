// One setting of a node, described once: its VANISH_* variable (and so its `serve` flag), the text it has
// when unset, how that text is parsed and checked, and one line saying what it does. The loader, the
// `serve --help` text and the README's configuration table are all made from these rows (Settings).
package dev.vanish.server.config;

import java.util.Locale;

/**
 * A row of the settings table. {@code fallback} is the text used when the setting is unset or blank
 * (null: no value at all); {@code shown} is how that default reads in help and docs ("unset", "random", …).
 * {@code doc} may use Markdown code spans; {@code label} names the flag's parameter in --help. A {@code secret}
 * row's value is never printed: the start-up line says only whether it is set.
 */
public record Setting<T>(String env, String label, String fallback, String shown, Parser<T> parser, String doc,
    boolean secret) {

  /** Turns a setting's text into its value, or throws {@link ConfigLoader.BadSetting} naming the setting. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(String env, String text);
  }

  public Setting {
    if (!env.matches("VANISH_[A-Z0-9_]+")) throw new IllegalArgumentException("not a VANISH_* name: " + env);
  }

  /** A row whose default reads as its fallback text (or "unset" when it has none). */
  public static <T> Setting<T> of(String env, String label, String fallback, Parser<T> parser, String doc) {
    return new Setting<>(env, label, fallback, fallback == null ? "unset" : fallback, parser, doc, false);
  }

  /** The same row, its default described in words instead (e.g. "random"). */
  public Setting<T> shownAs(String words) {
    return new Setting<>(env, label, fallback, words, parser, doc, secret);
  }

  /** The same row, its value a secret: shown as set or unset, never as itself. */
  public Setting<T> asSecret() {
    return new Setting<>(env, label, fallback, shown, parser, doc, true);
  }

  /** The `serve` flag: VANISH_IDLE_TIMEOUT_SECONDS is --idle-timeout-seconds. */
  public String flag() {
    return "--" + env.substring("VANISH_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The value of a raw text (null or blank: unset, so the fallback). */
  public T read(String raw) {
    String text = raw == null || raw.isBlank() ? fallback : raw.trim();
    return text == null ? null : parser.parse(env, text);
  }
}
