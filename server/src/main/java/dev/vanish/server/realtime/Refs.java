// A client's `ref`: echoed back in the ack or error so it can match replies to its frames.
package dev.vanish.server.realtime;

import dev.vanish.server.error.VanishError;

final class Refs {

  private Refs() {}

  static Object valid(Object ref) {
    if (ref == null) return null;
    if (ref instanceof String s && s.length() <= 64) return s;
    if (ref instanceof Integer || ref instanceof Long) return ref;
    throw VanishError.invalid("ref must be a string of at most 64 characters or a whole number.");
  }

  /** The ref to echo in an error frame: the client's if it is valid, none otherwise. */
  static Object echo(Object ref) {
    try {
      return valid(ref);
    } catch (VanishError e) {
      return null;
    }
  }
}
