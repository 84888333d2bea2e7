package dev.vanish.server.web;

import com.microsoft.playwright.Page;
import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.TestNode;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The same browser suite on the Redis engine, plus: a whole browser conversation leaves no plaintext in Redis. */
class RedisBrowserChatTest extends BrowserChatTest {

  @Override
  protected boolean useRedis() {
    return true;
  }

  @Test
  void pagesRideOutANodeRestartWithoutLosingOrRepeatingMessages() {
    Chat chat = twoInARoom("alice");
    Page alice = chat.alice(), bob = chat.bob();
    send(alice, "before the restart");
    assertThat(messageWithText(bob, "before the restart")).isVisible();

    int port = Integer.parseInt(api.base().replaceAll(".*:", ""));
    node.close();
    assertThat(byTestId(bob, "connection")).not().hasAttribute("data-state", "connected");
    node = TestNode.start(node.config.withPort(port));
    send(alice, "during and after the restart");
    waitConnected(alice);
    waitConnected(bob);
    assertThat(messageWithText(bob, "during and after the restart")).hasCount(1);
    assertThat(messageWithText(bob, "before the restart")).hasCount(1);
    assertThat(byTestId(bob, "message")).hasCount(2);
    assertThat(byTestId(alice, "message")).hasCount(2);
  }

  @Test
  void aBrowserConversationLeavesNoPlaintextInRedis() {
    String canary = "canary-" + Ids.random(10);
    Chat chat = twoInARoom("alice-" + canary.substring(7, 12));
    Page alice = chat.alice(), bob = chat.bob();
    String link = chat.link();
    send(alice, "the password is " + canary);
    assertThat(messageWithText(bob, "the password is " + canary)).isVisible();
    String everything = String.join("\n", redis.dump().toString());
    assertThat(everything).isNotEmpty()
        .doesNotContain(canary)
        .doesNotContain("alice-" + canary.substring(7, 12))
        .doesNotContain(link.replaceAll(".*#", ""))
        .doesNotContain("127.0.0.1");
  }
}
