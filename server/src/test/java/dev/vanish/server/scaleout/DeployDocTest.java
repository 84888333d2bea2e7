package dev.vanish.server.scaleout;

import dev.vanish.server.testsupport.NginxProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/DEPLOY.md shows the very nginx config the multi-process tests run, so the two cannot drift apart. */
class DeployDocTest {

  @Test
  void deployDocCarriesTheTestedNginxConfigVerbatim() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "DEPLOY.md")); // Surefire runs in the module directory
    assertThat(doc).contains("```nginx\n" + NginxProcess.template() + "```");
    assertThat(doc).contains(NginxProcess.TEMPLATE.substring(1)); // names the file
  }
}
