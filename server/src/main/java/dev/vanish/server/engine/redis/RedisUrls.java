// Keeps Redis credentials out of messages: start-up errors name the Redis they tried, never its password.
package dev.vanish.server.engine.redis;

final class RedisUrls {

  private RedisUrls() {}

  /** The URL without its user-info part: redis://user:secret@host:6379/0 becomes redis://host:6379/0. */
  static String redact(String url) {
    if (url == null) return "(none)";
    return url.replaceAll("([a-zA-Z][a-zA-Z0-9+.-]*://)[^@/,]*@", "$1");
  }

  /** Removes the URL's password from a message, should a driver ever echo it. */
  static String scrub(String message, String url) {
    String password = null;
    try {
      password = RedisTarget.parse(url, null).password();
    } catch (RuntimeException ignored) {
      // an unparsable URL has no password we could find either
    }
    if (password != null && !password.isEmpty()) message = message.replace(password, "***");
    return url == null ? message : message.replace(url, redact(url));
  }
}
