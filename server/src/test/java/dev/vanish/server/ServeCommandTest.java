package dev.vanish.server;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import dev.vanish.server.config.Setting;
import dev.vanish.server.config.Settings;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `vanish serve` refuses bad settings and an unreachable Redis with one line and a non-zero exit. */
class ServeCommandTest {

  record Outcome(int code, String stderr) {}

  static Outcome serve(Map<String, String> env, String... args) {
    ServeCommand cmd = new ServeCommand();
    cmd.env = env;
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true));
    try {
      int code = new CommandLine(cmd).execute(args);
      return new Outcome(code, err.toString());
    } finally {
      System.setErr(old);
    }
  }

  @Test
  void badNumberExitsWithOneLine() {
    Outcome o = serve(Map.of("VANISH_PORT", "abc"));
    assertThat(o.code()).isNotZero();
    assertThat(o.stderr().strip().lines()).hasSize(1);
    assertThat(o.stderr()).contains("VANISH_PORT").doesNotContain("Exception");
  }

  @Test
  void flagsAreCheckedLikeVariables() {
    Outcome o = serve(Map.of(), "--min-ttl-seconds", "500", "--max-ttl-seconds", "100");
    assertThat(o.code()).isNotZero();
    assertThat(o.stderr()).contains("VANISH_MIN_TTL_SECONDS");
  }

  @Test
  void unreachableRedisExitsWithOneLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free, and closed again: nothing listens there
    }
    Outcome o = serve(Map.of("VANISH_REDIS_URL", "redis://user:hunter2@127.0.0.1:" + port, "VANISH_PORT", "0"));
    assertThat(o.code()).isNotZero();
    assertThat(o.stderr().strip().lines()).hasSize(1);
    assertThat(o.stderr()).contains("VANISH_REDIS_URL").doesNotContain("hunter2").doesNotContain("\tat ");
  }

  @Test
  void badMetricsSettingExitsWithOneLine() {
    Outcome o = serve(Map.of("VANISH_METRICS_ADDRESS", "maybe", "VANISH_PORT", "0"));
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.stderr().strip().lines()).hasSize(1);
    assertThat(o.stderr()).contains("VANISH_METRICS_ADDRESS must be host:port");
  }

  @Test
  void helpListsEverySettingWithItsVariableAndDefaultFromTheRows() {
    String help = new CommandLine(new ServeCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
    for (Setting<?> s : Settings.ALL) {
      assertThat(help).as(s.env()).contains(s.flag() + "=" + s.label()).contains("(" + s.env() + ", default " + s.shown() + ")");
    }
    assertThat(help).contains("HTTP port (VANISH_PORT, default 8080).");
  }

  @Test
  void metricsFlagIsReadLikeEveryOtherSetting() {
    Outcome o = serve(Map.of("VANISH_PORT", "0"), "--metrics-address", "127.0.0.1:99999");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.stderr()).contains("VANISH_METRICS_ADDRESS must be host:port").contains("not '127.0.0.1:99999'.");
  }

  @Test
  void aTakenMetricsAddressIsNamed() throws Exception {
    // What a second node on one machine meets with the default 127.0.0.1:9464: the error names the setting.
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Outcome o = serve(Map.of("VANISH_PORT", "0", "VANISH_HOST", "127.0.0.1",
          "VANISH_METRICS_ADDRESS", "127.0.0.1:" + taken.getLocalPort()));
      assertThat(o.code()).isEqualTo(1);
      assertThat(o.stderr().strip().lines()).hasSize(1);
      assertThat(o.stderr()).contains("VANISH_METRICS_ADDRESS: cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .doesNotContain("VANISH_PORT").doesNotContain("\tat ");
    }
  }
}
