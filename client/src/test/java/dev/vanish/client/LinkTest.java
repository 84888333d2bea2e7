// Parsing and formatting room links, with one clear error for each way a link can be wrong.
package dev.vanish.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinkTest {

  static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
  static final String ROOM = "VanishTestVectorRoom01";

  @Test
  void parsesAndFormatsAFullLink() {
    Link l = Link.parse("https://vanish.example/r/" + ROOM + "#" + KEY);
    assertThat(l.origin()).isEqualTo("https://vanish.example");
    assertThat(l.roomId()).isEqualTo(ROOM);
    assertThat(l.key()).isEqualTo(KEY);
    assertThat(l.format()).isEqualTo("https://vanish.example/r/" + ROOM + "#" + KEY);
    assertThat(l.socketUrl()).isEqualTo("wss://vanish.example/api/v1/rooms/" + ROOM + "/socket");
    assertThat(l.roomKey().roomId()).isEqualTo(ROOM);
    assertThat(l.roomKey().publicKey()).isEqualTo("QlD0MnYYCqzZ-lvNklU4U4xrgAzxY283TAXLDb_VCSw"); // the v2 vector's
  }

  @Test
  void keepsPortsAndPathPrefixesAndTrims() {
    Link l = Link.parse("  http://127.0.0.1:18180/chat/r/" + ROOM + "#" + KEY + "\n");
    assertThat(l.origin()).isEqualTo("http://127.0.0.1:18180/chat");
    assertThat(l.socketUrl()).isEqualTo("ws://127.0.0.1:18180/chat/api/v1/rooms/" + ROOM + "/socket");
  }

  @Test
  void neverPrintsTheKeyByAccident() {
    assertThat(Link.parse("http://h/r/" + ROOM + "#" + KEY).toString()).doesNotContain(KEY);
  }

  @Test
  void aLinkWithoutKeyIsAClearError() {
    assertBad("http://h/r/" + ROOM, "has no key");
    assertBad("http://h/r/" + ROOM + "#", "has no key");
  }

  @Test
  void aMalformedKeyIsAClearError() {
    assertBad("http://h/r/" + ROOM + "#" + KEY.substring(0, 40), "key is malformed");
    assertBad("http://h/r/" + ROOM + "#" + KEY.substring(0, 42) + "+", "key is malformed");
    assertBad("http://h/r/" + ROOM + "#" + KEY.substring(0, 42) + "B", "key is malformed"); // not canonical
  }

  @Test
  void otherBadLinks() {
    assertBad("", "no link");
    assertBad("http://h/x/" + ROOM + "#" + KEY, "not a room link");
    assertBad("ftp://h/r/" + ROOM + "#" + KEY, "http");
    assertBad("http://h/r/#" + KEY, "room id");
    assertBad("http://h/r/a b#" + KEY, "room id");
  }

  @Test
  void normalizesServerAddresses() {
    assertThat(Link.normalizeServer("http://localhost:8080/")).isEqualTo("http://localhost:8080");
    assertThatThrownBy(() -> Link.normalizeServer("localhost:8080")).isInstanceOf(VanishException.class);
  }

  private static void assertBad(String link, String fragment) {
    assertThatThrownBy(() -> Link.parse(link))
        .isInstanceOfSatisfying(VanishException.class, e -> assertThat(e.code()).isEqualTo(VanishException.Code.BAD_LINK))
        .hasMessageContaining(fragment);
  }
}
