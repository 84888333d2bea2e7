// `vanish join` shows what protocol v2 lets a member check: the safety code (first JSON line, or the header)
// and every integrity notice as a line. The notice here comes from the first attack, done for real:
// another member re-posts Alice's exact body through the HTTP API, and the server stores it as theirs.
package dev.vanish.client.cli;

import dev.vanish.client.BlockingRoom;
import dev.vanish.client.ClientTestBase;
import dev.vanish.client.Link;
import dev.vanish.client.crypto.RoomKey;
import dev.vanish.client.crypto.VanishCrypto;
import dev.vanish.server.testsupport.Api;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;


import static org.assertj.core.api.Assertions.assertThat;

class IntegrityCliTest extends ClientTestBase {

  /** Mallory, a member with the link, re-posts the room's latest body as her own; returns her memberId. */
  private String repostLatestBody(Link link) {
    Api.Member mallory = api.join(new Api.Room(link.roomId(), VanishCrypto.unb64(link.key()), 0, 3));
    var messages = api.get("/api/v1/rooms/" + link.roomId() + "/messages", mallory.token()).json().getJsonArray("messages");
    String body = messages.getJsonObject(messages.size() - 1).getString("body");
    assertThat(api.post("/api/v1/rooms/" + link.roomId() + "/messages", mallory.token(), new JsonObject().put("body", body)).status())
        .isEqualTo(201);
    return mallory.memberId();
  }

  @Test
  void joinJsonPrintsTheSafetyCodeFirstAndAReattributedBodyAsAMisattributedNotice() throws Exception {
    Link link = vanish.create(node.base(), null, 3);
    try (BlockingRoom alice = vanish.join(link, "alice")) {
      alice.send("I transfer the car to Bob");
      String malloryId = repostLatestBody(link);
      try (ChildCli bob = new ChildCli(Map.of("VANISH_LINK", link.format()), "join", "--json", "--name", "bob")) {
        JsonObject notice = new JsonObject(bob.await(l -> l.contains("\"notice\""), "the notice"));
        assertThat(notice).isEqualTo(new JsonObject().put("type", "notice").put("code", "misattributed").put("id", "2")
            .put("memberId", malloryId).put("claimed", alice.session().memberId()));
        assertThat(new JsonObject(bob.out.get(0))).isEqualTo(new JsonObject().put("type", "safety").put("code", alice.session().safetyCode()));
        assertThat(bob.out).filteredOn(l -> l.contains("I transfer the car")).hasSize(1) // Alice's, not Mallory's copy
            .allSatisfy(l -> assertThat(new JsonObject(l).getString("memberId")).isEqualTo(alice.session().memberId()));
      }
    }
  }

  @Test
  void plainJoinPrintsEachNoticeAsALine() throws Exception {
    Link link = vanish.create(node.base(), null, 3);
    try (BlockingRoom alice = vanish.join(link, "alice")) {
      alice.send("meet at noon");
      String malloryId = repostLatestBody(link);
      try (ChildCli carol = new ChildCli(Map.of("VANISH_LINK", link.format()), "join", "--name", "carol")) {
        String line = carol.await(l -> l.startsWith("! "), "the notice line");
        assertThat(line).isEqualTo("! a message delivered as from seat " + malloryId + " was written by another seat ("
            + alice.session().memberId() + ") and was not shown (id 2)");
        assertThat(carol.out).filteredOn(l -> l.contains("meet at noon")).hasSize(1);
      }
    }
  }

  @Test
  void theSafetyCodeMatchesForTwoMembersAndDiffersForALinkWithAnotherKey() {
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom alice = vanish.join(link, "alice"); BlockingRoom bob = vanish.join(Link.parse(link.format()), "bob")) {
      String code = alice.session().safetyCode();
      assertThat(code).matches("\\d{4} \\d{4} \\d{4} \\d{4} \\d{4}");
      assertThat(bob.session().safetyCode()).isEqualTo(code);
      Link otherKey = new Link(link.origin(), link.roomId(), RoomKey.generate().encoded());
      assertThat(otherKey.roomKey().safetyCode()).isNotEqualTo(code);
      assertThat(link.roomKey("a passphrase").safetyCode()).isNotEqualTo(code);
    }
  }
}
