// Keeps Redis credentials out of messages: start-up errors name the Redis they tried, never its password.
// Both functions use the settings' URL grammar and its one redactor (config/RedisUrl).
package dev.vanish.server.engine.redis;

import dev.vanish.server.config.RedisUrl;

final class RedisUrls {

  private RedisUrls() {}

  /** The URL without its user-info part: redis://user:secret@host:6379/0 becomes redis://host:6379/0. */
  static String redact(String url) {
    return url == null ? "(none)" : RedisUrl.redact(url, "");
  }

  /** Removes the URL's password from a message, should a driver ever echo it. */
  static String scrub(String message, String url) {
    String password = null;
    try {
      password = RedisUrl.parse(url).password();
    } catch (RuntimeException ignored) {
      // an unparsable URL has no password we could find either
    }
    if (password != null && !password.isEmpty()) message = message.replace(password, "***");
    return url == null ? message : message.replace(url, redact(url));
  }
}
