package dev.vanish.server.fuzz;

import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.TestNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad addresses and credentials, tried on purpose: odd room-id shapes (traversal, percent-encoding), wrong
 * methods, forged Authorization headers and bad {@code after} values at every endpoint. Every answer is a
 * documented status in the error shape, and neither rooms nor the live room's messages change.
 */
class HttpPathFuzzTest {

  static final int TRIES = 300;
  private static final int PLANNED = 3 * TRIES;
  private static final String FILE = "/files/AAAAAAAAAAAAAAAAAAAAAA";
  private static final String[] SUFFIXES = {"", "/members", "/members/me", "/messages", "/messages?after=0", "/socket",
      "/files", FILE, FILE + "/chunks/0", FILE + "/chunks/01"};

  private static TestNode node;
  private static Api.Room room;
  private static Api.Member member;
  private static Api.Member stranger;
  private static int rooms;
  private static int startInputs;

  @BeforeContainer
  static void start() {
    node = Fuzz.startNode();
    room = node.api().createRoom(null, 50);
    member = node.api().join(room);
    stranger = node.api().join(node.api().createRoom(null, 2));
    rooms = Fuzz.roomCount(node);
    startInputs = Fuzz.HTTP_INPUTS.get();
  }

  @AfterContainer
  static void stop() {
    try {
      Fuzz.assertHealthy(node);
      assertThat(Fuzz.roomCount(node)).as("rooms").isEqualTo(rooms);
      assertThat(node.api().get("/api/v1/rooms/" + room.roomId() + "/messages", member.token()).json()
          .getJsonArray("messages")).isEmpty();
      Fuzz.report("HTTP paths");
      assertThat(Fuzz.HTTP_INPUTS.get() - startInputs).as("HTTP inputs tried").isGreaterThanOrEqualTo(PLANNED);
      assertThat(Fuzz.SERVER_ERRORS.get()).isZero();
    } finally {
      node.close();
    }
  }

  /** Any method at any room address with an odd id and a garbage token: 4xx, or 200 where traversal lands on a page. */
  @Property(tries = TRIES)
  void oddRoomIdsAndMethods(@ForAll("roomSegments") String segment, @ForAll("suffixes") String suffix,
                            @ForAll("methods") String method, @ForAll("forgedAuth") String auth) {
    String path = "/api/v1/rooms/" + segment + suffix;
    Api.Reply r = Fuzz.call(node, method, path, Map.of("Authorization", auth), null);
    // A POST (or a chunk's PUT) carries no Content-Type here, so a route that takes it refuses it first (415).
    // HEAD is answered wherever GET is (http.Reads), with GET's status.
    Set<Integer> ok = method.equals("GET") || method.equals("HEAD") ? Set.of(200, 400, 401, 404, 405)
        : method.equals("POST") || method.equals("PUT") ? Set.of(400, 401, 404, 405, 415) : Set.of(400, 401, 404, 405);
    assertThat(r.status()).as("%s %s: %s", method, path, r.raw()).isLessThan(500).isIn(ok);
    if (r.status() >= 400 && !method.equals("HEAD")) Fuzz.assertErrorShape(r, method + " " + path);
  }

  /** Forged or foreign tokens on a live room: always 401, whatever the endpoint. */
  @Property(tries = TRIES)
  void forgedTokens(@ForAll("forgedAuth") String auth, @ForAll("authedCalls") String call) {
    String[] mc = call.split(" ", 2);
    String path = "/api/v1/rooms/" + room.roomId() + mc[1];
    byte[] body = mc[0].equals("POST") ? Gen.utf8("{\"body\":\"AAAA\"}") : null;
    Map<String, String> headers = body == null ? Map.of("Authorization", auth)
        : Map.of("Authorization", auth, "Content-Type", "application/json");
    Api.Reply r = Fuzz.call(node, mc[0], path, headers, body);
    Fuzz.check(r, Set.of(401), mc[0] + " " + path + " with " + auth);
  }

  /** Bad {@code after} values: 400 unless the value is a message id in shape (then 200). */
  @Property(tries = TRIES)
  void afterValues(@ForAll("afters") String after, @ForAll boolean twice) {
    String q = "after=" + URLEncoder.encode(after, StandardCharsets.UTF_8);
    String path = "/api/v1/rooms/" + room.roomId() + "/messages?" + q + (twice ? "&" + q : "");
    Api.Reply r = Fuzz.call(node, "GET", path, Map.of("Authorization", "Bearer " + member.token()), null);
    boolean valid = !twice && after.matches("0|[1-9][0-9]{0,17}");
    Fuzz.check(r, Set.of(valid ? 200 : 400), "after=" + after);
  }

  @Property(tries = 50)
  void configAnswersOnlyGetAndHead(@ForAll("methods") String method) {
    Api.Reply r = Fuzz.call(node, method, "/api/v1/config", Map.of(), method.equals("GET") ? null : new byte[] {'{'});
    if (method.equals("GET")) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().fieldNames()).hasSize(10);
    } else if (method.equals("HEAD")) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.raw()).isEmpty();
    } else {
      assertThat(r.status()).as(method).isEqualTo(405);
      Fuzz.assertErrorShape(r, method + " config");
    }
  }

  @Provide
  Arbitrary<String> roomSegments() {
    return Arbitraries.oneOf(
        Arbitraries.of("..", ".", "%2e%2e", "..%2F..%2Fhealthz", "..%2fconfig", "%00", "%2F", "%25", "%252e%252e",
            "A".repeat(21), "A".repeat(23), "A".repeat(22), "AAAAAAAAAAAAAAAAAAAA%3D%3D", "%E2%80%AE" + "A".repeat(20),
            "%F0%9F%98%80", "%ED%A0%80", "%C0%AE%C0%AE", "~", "*", "a;b", "a,b", "%20", "x".repeat(3000),
            "../..", "x/..", room.roomId() + "%00", room.roomId().toLowerCase(), room.roomId() + "/..", ".." + "/x"),
        Arbitraries.strings().withChars(Gen.B64 + ".~!$&'()*+,;=:@").ofMinLength(1).ofMaxLength(40),
        Arbitraries.strings().withCharRange('\u0001', '\uffff').ofMinLength(1).ofMaxLength(30)
            .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20")));
  }

  @Provide
  Arbitrary<String> suffixes() {
    return Arbitraries.of(SUFFIXES);
  }

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "FOO", "get");
  }

  @Provide
  Arbitrary<String> authedCalls() {
    return Arbitraries.of("GET ", "DELETE ", "GET /messages", "POST /messages", "DELETE /members/me",
        "GET " + FILE + "/chunks/0", "DELETE " + FILE);
  }

  /** Authorization values that hold no seat in the live room: garbage, other schemes, other rooms' tokens. */
  @Provide
  Arbitrary<String> forgedAuth() {
    return Arbitraries.oneOf(
        Arbitraries.of("Bearer", "Bearer ", "bearer x", "Basic dXNlcjpwYXNz", "Token " + member.token(),
            "Bearer " + stranger.token(), "Bearer " + member.token().substring(1) + "A", "Bearer " + "A".repeat(43),
            "Bearer " + member.token() + "=", "Bearer " + member.token() + "x", member.token(),
            "Bearer\t" + "_".repeat(43), "Bearer " + "A".repeat(4000), "Bearer %00", "Bearer null", "Bearer undefined"),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(100).map(s -> "Bearer " + s),
        Arbitraries.strings().withChars(Gen.B64).ofLength(43).map(s -> "Bearer " + s),
        Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(60));
  }

  @Provide
  Arbitrary<String> afters() {
    return Arbitraries.oneOf(
        Arbitraries.of("", "0", "00", "01", "-1", "+1", " 1", "1 ", "1.0", "1e3", "0x10", "999999999999999999",
            "1000000000000000000", "9".repeat(400), "٣", "１", "null", "[]", "1,2", "\u0000", "\ud800"),
        Arbitraries.longs().map(l -> Long.toString(l)),
        Arbitraries.strings().withChars("0123456789-+. eE").ofMaxLength(25),
        Gen.nastyString().filter(s -> s.length() < 200));
  }
}
