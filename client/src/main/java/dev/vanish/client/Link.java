// A room link {origin}/r/{roomId}#{base64url(K)}: parsing (with one clear error per way it can be wrong) and
// formatting. The origin may carry a path prefix (a server behind a reverse proxy): it is everything before /r/.
package dev.vanish.client;

import dev.vanish.client.crypto.RoomKey;
import dev.vanish.client.crypto.VanishCrypto;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

public record Link(String origin, String roomId, String key) {

  private static final Pattern ROOM_ID = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]");

  public Link {
    origin = normalizeServer(origin);
    if (roomId == null || !ROOM_ID.matcher(roomId).matches()) throw VanishException.badLink("the link's room id is malformed");
    checkKey(key);
  }

  /** The link of a room key's room (its roomId and K) on a server. */
  public static Link of(String server, RoomKey key) {
    return new Link(server, key.roomId(), key.encoded());
  }

  /** Parses a full link; throws VanishException(BAD_LINK) with a message that says what is wrong. */
  public static Link parse(String text) {
    if (text == null || text.isBlank()) throw VanishException.badLink("no link given");
    String s = text.strip();
    int hash = s.indexOf('#');
    String fragment = hash < 0 ? "" : s.substring(hash + 1);
    String address = hash < 0 ? s : s.substring(0, hash);
    int r = address.lastIndexOf("/r/");
    if (r < 0) throw VanishException.badLink("not a room link: expected {server}/r/{roomId}#{key}");
    String roomId = address.substring(r + 3);
    if (roomId.endsWith("/")) roomId = roomId.substring(0, roomId.length() - 1);
    if (fragment.isEmpty()) {
      throw VanishException.badLink("the link has no key (the part after #): copy the whole link");
    }
    return new Link(address.substring(0, r), roomId, fragment);
  }

  /** The full link, key included. */
  public String format() {
    return origin + "/r/" + roomId + "#" + key;
  }

  /** The link without its key: safe to log. */
  public String withoutKey() {
    return origin + "/r/" + roomId;
  }

  /** The keys of this link's room without a passphrase. */
  public RoomKey roomKey() {
    return RoomKey.of(VanishCrypto.unb64(key), roomId);
  }

  /** The keys of this link's room with a passphrase (null: none); slow with one (PBKDF2, a few hundred ms). */
  public RoomKey roomKey(String passphrase) {
    return RoomKey.of(VanishCrypto.unb64(key), roomId, passphrase);
  }

  /** ws(s)://…/api/v1/rooms/{roomId}/socket for this link's server. */
  public String socketUrl() {
    return origin.replaceFirst("^http", "ws") + "/api/v1/rooms/" + roomId + "/socket";
  }

  @Override
  public String toString() {
    return withoutKey() + "#…"; // never print the key by accident
  }

  /** An http(s) server URL without trailing slashes; BAD_LINK otherwise. */
  public static String normalizeServer(String server) {
    if (server == null || server.isBlank()) throw VanishException.badLink("no server URL");
    String s = server.strip();
    while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
    try {
      URI u = new URI(s);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase();
      if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
        throw VanishException.badLink("not an http:// or https:// server address: " + server);
      }
      if (u.getRawQuery() != null || u.getRawFragment() != null) {
        throw VanishException.badLink("a server address has no ?query or #fragment: " + server);
      }
    } catch (URISyntaxException e) {
      throw VanishException.badLink("not a valid server address: " + server);
    }
    return s;
  }

  private static void checkKey(String key) {
    if (key == null || key.isEmpty()) throw VanishException.badLink("the link has no key (the part after #): copy the whole link");
    if (!KEY.matcher(key).matches()) {
      throw VanishException.badLink("the link's key is malformed: expected 43 base64url characters after # (is the link cut short?)");
    }
  }
}
