package dev.vanish.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar's entry point: no subcommand means serve, flags included; explicit commands and help pass through. */
class MainTest {

  @Test
  void serveIsTheDefaultCommand() {
    assertThat(Main.withDefaultCommand(new String[0])).containsExactly("serve");
    assertThat(Main.withDefaultCommand(new String[] {"--port", "9000"})).containsExactly("serve", "--port", "9000");
    assertThat(Main.withDefaultCommand(new String[] {"serve", "--port", "1"})).containsExactly("serve", "--port", "1");
    assertThat(Main.withDefaultCommand(new String[] {"--help"})).containsExactly("--help");
  }

  @Test
  void benchIsACommandOfTheJar() {
    assertThat(Main.withDefaultCommand(new String[] {"bench", "--rooms", "1"})).containsExactly("bench", "--rooms", "1");
    assertThat(Main.run("bench", "--help")).isZero();
  }

  @Test
  void verifyIsACommandOfTheJar() {
    assertThat(Main.withDefaultCommand(new String[] {"verify", "https://chat.example.org/"}))
        .containsExactly("verify", "https://chat.example.org/");
    assertThat(Main.run("verify", "--help")).isZero();
    assertThat(Main.run("verify", "not-a-url")).isEqualTo(2);
  }

  @Test
  void doctorAndHealthAreCommandsOfTheJar() {
    assertThat(Main.run("doctor", "--help")).isZero();
    assertThat(Main.run("doctor", "not-a-url")).isEqualTo(2);
    assertThat(Main.run("health", "--help")).isZero();
    // The quick path (no picocli) takes the plain forms only; the rest is picocli's.
    assertThat(HealthCommand.quick(new String[] {"--help"}, java.util.Map.of(), System.out)).isNull();
    assertThat(HealthCommand.quick(new String[0], java.util.Map.of("VANISH_PORT", "0"), System.out)).isEqualTo(1);
    assertThat(HealthCommand.defaultUrl(java.util.Map.of("VANISH_HOST", "::", "VANISH_PORT", "9000"))).isEqualTo("http://127.0.0.1:9000");
    assertThat(HealthCommand.defaultUrl(java.util.Map.of("VANISH_HOST", "fd00::2"))).isEqualTo("http://[fd00::2]:8080");
  }

  @Test
  void badSettingsExitNonZero() {
    assertThat(Main.run("serve", "--port", "nope")).isEqualTo(2);
    assertThat(Main.run("serve", "--no-such-flag")).isEqualTo(2);
    assertThat(Main.run("bench", "--members", "1")).isEqualTo(2);
    assertThat(Main.run("bench", "--rate", "fast")).isEqualTo(2);
  }
}
