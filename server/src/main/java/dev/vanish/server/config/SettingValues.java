// The values the loader read, one per row of Settings, which of them were given (by flag or variable)
// rather than defaulted, and the text each given one was written as: the records build themselves from it,
// the cross-field checks look at it, the start-up line prints it (SettingsSummary).
package dev.vanish.server.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

public record SettingValues(Map<Setting<?>, Object> values, Set<Setting<?>> given, Map<Setting<?>, String> texts) {

  public SettingValues {
    values = Collections.unmodifiableMap(new HashMap<>(values)); // values may be null: "no value"
    given = Set.copyOf(given);
    texts = Map.copyOf(texts);
  }

  /** The text a given row was written as (trimmed), or null when it was not given. */
  public String text(Setting<?> setting) {
    return texts.get(setting);
  }

  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    if (!values.containsKey(setting)) throw new IllegalArgumentException(setting.env() + " was not read");
    return (T) values.get(setting);
  }

  public boolean given(Setting<?> setting) {
    return given.contains(setting);
  }

  /** The same values with one replaced (a default derived from other settings). */
  public <T> SettingValues with(Setting<T> setting, T value) {
    Map<Setting<?>, Object> v = new HashMap<>(values);
    v.put(setting, value);
    return new SettingValues(v, given, texts);
  }
}
