// Builds a ServerConfig from flags (which win) and VANISH_* environment variables, row by row of
// Settings, with one clear sentence naming the setting when a value is unusable. Flags arrive as
// strings so their errors read the same. The checks that involve two settings are written out here.
package dev.vanish.server.config;

import static dev.vanish.server.config.Settings.DEFAULT_TTL_SECONDS;
import static dev.vanish.server.config.Settings.IDLE_TIMEOUT_SECONDS;
import static dev.vanish.server.config.Settings.MAX_TTL_SECONDS;
import static dev.vanish.server.config.Settings.MEMORY_BUDGET;
import static dev.vanish.server.config.Settings.MIN_TTL_SECONDS;
import static dev.vanish.server.config.Settings.PING_SECONDS;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

public final class ConfigLoader {

  /** A setting that cannot be used; its message names the setting. */
  public static final class BadSetting extends RuntimeException {
    public BadSetting(String message) {
      super(message, null, false, false);
    }
  }

  private final Map<String, String> env;
  private final Function<String, String> flags;

  /** @param flags the flag's value for an env name (e.g. VANISH_PORT → --port), or null when not given */
  public ConfigLoader(Map<String, String> env, Function<String, String> flags) {
    this.env = env;
    this.flags = flags;
  }

  public ServerConfig load() {
    return ServerConfig.from(values());
  }

  /** Every row's effective value, checked one by one and across rows, with the defaults derived from others. */
  public SettingValues values() {
    return memoryBudget(checkSockets(checkTtls(read())));
  }

  /** Every row's value; a row is given when its flag or variable has a non-blank value. */
  private SettingValues read() {
    Map<Setting<?>, Object> values = new HashMap<>();
    Set<Setting<?>> given = new HashSet<>();
    Map<Setting<?>, String> texts = new HashMap<>();
    for (Setting<?> s : Settings.ALL) {
      String flag = flags.apply(s.env());
      String raw = flag != null ? flag : env.get(s.env());
      if (raw != null && !raw.isBlank()) {
        given.add(s);
        texts.put(s, raw.trim());
      }
      values.put(s, s.read(raw));
    }
    return new SettingValues(values, given, texts);
  }

  /** Unset: half the heap this JVM may grow to (-Xmx), so the budget is reached long before an OutOfMemoryError. */
  private static SettingValues memoryBudget(SettingValues v) {
    return v.given(MEMORY_BUDGET) ? v : v.with(MEMORY_BUDGET, Runtime.getRuntime().maxMemory() / 2);
  }

  /** min ≤ default ≤ max; an unset default lifetime is pulled into that range. */
  private static SettingValues checkTtls(SettingValues v) {
    int minTtl = v.get(MIN_TTL_SECONDS);
    int maxTtl = v.get(MAX_TTL_SECONDS);
    if (minTtl > maxTtl) {
      throw new BadSetting(MIN_TTL_SECONDS.env() + " (" + minTtl + ") is greater than " + MAX_TTL_SECONDS.env() + " (" + maxTtl + ").");
    }
    if (!v.given(DEFAULT_TTL_SECONDS)) v = v.with(DEFAULT_TTL_SECONDS, Math.max(minTtl, Math.min(maxTtl, v.get(DEFAULT_TTL_SECONDS))));
    int defTtl = v.get(DEFAULT_TTL_SECONDS);
    if (defTtl < minTtl || defTtl > maxTtl) {
      throw new BadSetting(DEFAULT_TTL_SECONDS.env() + " (" + defTtl + ") must be between " + MIN_TTL_SECONDS.env() + " (" + minTtl
          + ") and " + MAX_TTL_SECONDS.env() + " (" + maxTtl + ").");
    }
    return v;
  }

  /** A socket must be pinged before it can time out; an unset timeout is raised past the ping interval. */
  private static SettingValues checkSockets(SettingValues v) {
    int ping = v.get(PING_SECONDS);
    if (!v.given(IDLE_TIMEOUT_SECONDS)) v = v.with(IDLE_TIMEOUT_SECONDS, Math.max(ping + 1, v.get(IDLE_TIMEOUT_SECONDS)));
    int idle = v.get(IDLE_TIMEOUT_SECONDS);
    if (idle <= ping) {
      throw new BadSetting(IDLE_TIMEOUT_SECONDS.env() + " (" + idle + ") must be greater than " + PING_SECONDS.env() + " (" + ping + ").");
    }
    return v;
  }

  /** The URL without its password, for messages: rediss://user:secret@host becomes rediss://***@host. */
  public static String redact(String url) {
    return RedisUrl.redact(url, "***@");
  }
}
