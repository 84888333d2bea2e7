// A node whose upload rate is 2 MiB per 2 s per address: declaring a 1.5 MiB file spends most of it (the
// reservation counts), so its six chunks (four in flight) meet 429s with Retry-After, and the library waits them
// out and tries those chunks again, so the file arrives intact without the caller doing anything.
package dev.vanish.client.files;

import dev.vanish.client.BlockingRoom;
import dev.vanish.client.ClientTestBase;
import dev.vanish.client.Link;
import dev.vanish.server.config.Rate;
import dev.vanish.server.config.ServerConfig;
import dev.vanish.server.testsupport.LogCapture;
import dev.vanish.server.testsupport.TestNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FileRetryTest extends ClientTestBase {

  @Override
  protected ServerConfig config() {
    ServerConfig c = TestNode.testConfig();
    return c.withHardening(c.hardening().withUploadBytes(Rate.parseBytes("2MiB/2s")).withWeb(null, true));
  }

  @Test
  void chunksRefusedWithRetryAfterAreSentAgainAndTheFileArrivesIntact() {
    Link link = vanish.create(node.base(), null, 2);
    byte[] data = FileTransferTest.random(1536 << 10, 11);
    try (BlockingRoom alice = vanish.join(link, "alice"); BlockingRoom bob = vanish.join(link, "bob");
         LogCapture log = LogCapture.capture()) {
      alice.sendFile(data, "slow.bin", null);
      assertThat(bob.download(bob.nextFile(Duration.ofSeconds(20)).orElseThrow())).isEqualTo(data);
      var puts = log.text().lines().filter(l -> l.startsWith("dev.vanish.access") && l.contains("PUT")).toList();
      assertThat(puts).as(log.text()).anyMatch(l -> l.contains(" 429 "));
      assertThat(puts.stream().filter(l -> l.contains(" 204 ")).count()).as(log.text()).isEqualTo(6);
    }
  }
}
