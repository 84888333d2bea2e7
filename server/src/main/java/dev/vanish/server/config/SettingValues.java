// The values the loader read, one per row of Settings, and which of them were given (by flag or variable)
// rather than defaulted: the records build themselves from it, the cross-field checks look at it.
package dev.vanish.server.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

public record SettingValues(Map<Setting<?>, Object> values, Set<Setting<?>> given) {

  public SettingValues {
    values = Collections.unmodifiableMap(new HashMap<>(values)); // values may be null: "no value"
    given = Set.copyOf(given);
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
    return new SettingValues(v, given);
  }
}
