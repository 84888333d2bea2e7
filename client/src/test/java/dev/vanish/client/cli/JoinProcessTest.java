// `join` driven as a real child process through stdin/stdout against a real node: --json for bots, and the
// plain line-based chat (no terminal, so no colours) with /destroy.
package dev.vanish.client.cli;

import dev.vanish.client.BlockingRoom;
import dev.vanish.client.ChatMessage;
import dev.vanish.client.EndReason;
import dev.vanish.client.Link;
import dev.vanish.client.ClientTestBase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class JoinProcessTest extends ClientTestBase {

  @Test
  void jsonModeBridgesStdinAndStdout() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    vanish.send(link, "alice", "before the bot");
    try (BlockingRoom alice = vanish.join(link, "alice");
         ChildCli bot = new ChildCli(Map.of("VANISH_LINK", link.format()), "join", "--json", "--name", "bot")) {
      JsonObject safety = new JsonObject(bot.await(l -> l.contains("\"safety\""), "the safety line"));
      assertThat(safety).isEqualTo(new JsonObject().put("type", "safety").put("code", alice.session().safetyCode()));
      JsonObject history = new JsonObject(bot.await(l -> l.contains("before the bot"), "the history"));
      assertThat(history.fieldNames()).containsExactlyInAnyOrder("id", "ts", "memberId", "name", "text", "mine");
      assertThat(history.getString("name")).isEqualTo("alice");
      assertThat(history.getBoolean("mine")).isFalse();
      alice.next(Duration.ofSeconds(5)); // alice's own history copy

      alice.send("hi bot");
      JsonObject in = new JsonObject(bot.await(l -> l.contains("hi bot"), "alice's message"));
      assertThat(in.getString("memberId")).isEqualTo(alice.session().memberId());
      assertThat(in.getString("text")).isEqualTo("hi bot");
      alice.next(Duration.ofSeconds(5));

      bot.type("hello alice");
      bot.type("{\"not\":\"json mode input\"}");
      ChatMessage m1 = alice.next(Duration.ofSeconds(10)).orElseThrow();
      ChatMessage m2 = alice.next(Duration.ofSeconds(10)).orElseThrow();
      assertThat(m1.name()).isEqualTo("bot");
      assertThat(m1.text()).isEqualTo("hello alice");
      assertThat(m2.text()).isEqualTo("{\"not\":\"json mode input\"}");
      JsonObject own = new JsonObject(bot.await(l -> l.contains("hello alice"), "its own message"));
      assertThat(own.getBoolean("mine")).isTrue();

      bot.closeStdin();
      assertThat(bot.exitCode()).isZero();
      assertThat(bot.out.get(0)).contains("\"type\":\"safety\""); // the first line, before the history
      assertThat(bot.out.subList(1, bot.out.size())).allSatisfy(l -> assertThat(new JsonObject(l).getString("id")).isNotBlank());
      assertThat(bot.out).filteredOn(l -> l.contains("hello alice")).hasSize(1);
      // it left at EOF: only alice holds a seat
      long deadline = System.currentTimeMillis() + 5000;
      while (alice.session().members().size() != 1 && System.currentTimeMillis() < deadline) Thread.sleep(20);
      assertThat(alice.session().members()).hasSize(1);
    }
  }

  @Test
  void jsonModeExitsZeroWhenTheRoomIsDestroyed() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom alice = vanish.join(link, "alice");
         ChildCli bot = new ChildCli(Map.of("VANISH_LINK", link.format()), "join", "--json")) {
      alice.send("ping");
      bot.await(l -> l.contains("ping"), "the ping");
      alice.destroy();
      assertThat(bot.exitCode()).isZero();
      assertThat(bot.err()).contains("the room was destroyed");
    }
  }

  @Test
  void plainChatShowsMessagesAndDestroys() throws Exception {
    Link link = vanish.create(node.base(), null, 2);
    try (BlockingRoom alice = vanish.join(link, "alice");
         ChildCli carol = new ChildCli(Map.of("VANISH_LINK", link.format()), "join", "--name", "carol")) {
      carol.await(l -> l.equals("safety code: " + alice.session().safetyCode()
          + "  (compare it with the others by voice: a different code means a different link or passphrase)"), "the safety code in the header");
      carol.await(l -> l.contains("2 of 2 online"), "the status line");
      alice.send("hey carol\u001b[31m");
      String line = carol.await(l -> l.contains("alice: hey carol"), "alice's message");
      assertThat(line).matches("\\d\\d:\\d\\d alice: hey carol\ufffd\\[31m").doesNotContain("\u001b");

      carol.type("hi alice");
      assertThat(alice.next(Duration.ofSeconds(5)).orElseThrow().text()).isEqualTo("hey carol\u001b[31m");
      assertThat(alice.next(Duration.ofSeconds(5)).orElseThrow().text()).isEqualTo("hi alice");
      carol.await(l -> l.matches("\\d\\d:\\d\\d YOU: hi alice"), "her own message as YOU");

      carol.type("/destroy");
      assertThat(carol.exitCode()).isZero();
      assertThat(String.join("\n", carol.out)).contains("Room destroyed");
      long deadline = System.currentTimeMillis() + 5000;
      while (alice.ended().isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(20);
      assertThat(alice.ended()).contains(EndReason.DESTROYED);
    }
  }

  @Test
  void plainChatSaysWhenTheRoomExpires() throws Exception {
    Link link = vanish.create(node.base(), 5, null); // time for a child JVM to start, even on a busy machine
    try (ChildCli dave = new ChildCli(Map.of("VANISH_LINK", link.format()), "join", "--name", "dave")) {
      dave.await(l -> l.contains("The room expired"), "the expiry line");
      assertThat(dave.exitCode()).isZero();
    }
  }
}
