// The README's configuration table is the settings rows printed (SettingsTable): a row added, renamed or
// re-documented without regenerating README.md fails the build here, and so does a table edited by hand.
package dev.vanish.server.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsReadmeTest {

  private static final Path README = Path.of("..", "README.md"); // tests run in the server module's directory

  @Test
  void theReadmeTableIsWhatTheSettingsRowsPrint() throws Exception {
    String readme = Files.readString(README);
    assertThat(SettingsTable.inDocument(readme))
        .as("README.md's table between %s and %s; regenerate it with "
            + "java -cp server/target/classes dev.vanish.server.config.SettingsTable README.md", SettingsTable.BEGIN, SettingsTable.END)
        .isEqualTo(SettingsTable.markdown());
  }

  @Test
  void everySettingHasOneRowWithItsFlagAndDefault() {
    String table = SettingsTable.markdown();
    assertThat(table.lines()).hasSize(Settings.ALL.size() + 2);
    for (Setting<?> s : Settings.ALL) {
      assertThat(table).contains("| " + s.env() + " | " + s.flag() + " | " + s.shown().replace("|", "\\|") + " | ");
    }
    assertThat(table).contains("| VANISH_PORT | --port | 8080 | HTTP port |")
        .contains("`N/<n>ms\\|s\\|m\\|h`");
  }

  @Test
  void regeneratingReplacesOnlyWhatIsBetweenTheMarkers() {
    String doc = "before\n" + SettingsTable.BEGIN + "\n| stale |\n" + SettingsTable.END + "\nafter\n";
    String fresh = SettingsTable.regenerated(doc);
    assertThat(fresh).startsWith("before\n" + SettingsTable.BEGIN + "\n").endsWith(SettingsTable.END + "\nafter\n")
        .doesNotContain("stale");
    assertThat(SettingsTable.inDocument(fresh)).isEqualTo(SettingsTable.markdown());
  }

  @Test
  void everyRowsDefaultIsAValueItsOwnParserAccepts() {
    ServerConfig d = ServerConfig.defaults();
    assertThat(d.port()).isEqualTo(8080);
    assertThat(d.network().metricsAddress()).isEqualTo("127.0.0.1:9464");
    assertThat(d.network().h2c()).isFalse();
    assertThat(d.network().httpIdleTimeoutMs()).isEqualTo(30_000);
    assertThat(d.network().headerTimeoutMs()).isEqualTo(10_000);
    assertThat(d.network().connectionsPerIp()).isEqualTo(100);
    assertThat(d.hardening().accessLog()).isFalse();
    assertThat(d.hardening().trustedProxies()).isEmpty();
    for (Setting<?> s : Settings.ALL) {
      if (s.fallback() != null) assertThat(s.read(s.fallback())).as(s.env()).isNotNull();
    }
  }
}
