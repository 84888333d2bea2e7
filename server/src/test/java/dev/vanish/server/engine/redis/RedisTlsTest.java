// A node on a TLS-only, password-protected redis-server (the managed-Redis setup): clients chat over sockets
// through it; and `vanish serve` refuses to start with one clear line — naming the problem, never the
// password — when the password is wrong or the server's certificate is not trusted.
package dev.vanish.server.engine.redis;

import dev.vanish.server.ServeCommand;
import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.RedisTlsProcess;
import dev.vanish.server.testsupport.TestNode;
import dev.vanish.server.testsupport.TestSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisTlsTest {

  private final String password = "pw-" + Ids.random(10);
  private RedisTlsProcess redis;

  @BeforeAll
  void start() {
    redis = new RedisTlsProcess(password);
  }

  @AfterAll
  void stop() {
    if (redis != null) redis.close();
  }

  @Test
  void membersChatOverSocketsThroughTlsRedis() throws Exception {
    try (TestNode node = TestNode.start(TestNode.testConfig().withRedis(redis.url(), "s" + Ids.random(6))
        .withRedisCaFile(redis.caFile()))) {
      Api api = node.api();
      assertThat(api.get("/readyz").status()).isEqualTo(200);
      Api.Room room = api.createRoom(60, 2);
      Api.Member a = api.join(room);
      Api.Member b = api.join(room);
      try (TestSocket sa = TestSocket.joined(api.base(), a, null); TestSocket sb = TestSocket.joined(api.base(), b, null)) {
        sa.sendJson(new JsonObject().put("type", "send").put("body", "aGVsbG8").put("ref", "1"));
        assertThat(sb.await("message").getString("body")).isEqualTo("aGVsbG8");
        assertThat(sa.await("message").getString("memberId")).isEqualTo(a.memberId()); // its own, fanned out too
        assertThat(api.send(b, "over https").status()).isEqualTo(201);
        assertThat(sa.await("message").getString("memberId")).isEqualTo(b.memberId());
        sb.sendJson(new JsonObject().put("type", "typing"));
        assertThat(sa.await("typing").getString("memberId")).isEqualTo(b.memberId());
      }
    }
  }

  @Test
  void aWrongPasswordFailsStartUpWithOneLine() {
    String wrong = "not-" + password;
    String stderr = serveFails("--redis-url", "rediss://default:" + wrong + "@127.0.0.1:" + redis.port(),
        "--redis-ca-file", redis.caFile());
    assertThat(stderr).contains("VANISH_REDIS_URL").contains("127.0.0.1:" + redis.port())
        .containsIgnoringCase("password").doesNotContain(wrong).doesNotContain(password);
  }

  @Test
  void anUntrustedCertificateFailsStartUpWithOneLine() {
    // No CA file: the JVM trust store does not know the test CA.
    String stderr = serveFails("--redis-url", redis.url());
    assertThat(stderr).contains("VANISH_REDIS_URL").contains("TLS").contains("VANISH_REDIS_CA_FILE")
        .doesNotContain(password);
  }

  /** Runs `vanish serve` with these flags, expecting a failed start; returns its stderr (checked to be one line). */
  private static String serveFails(String... flags) {
    String[] args = new String[flags.length + 2];
    System.arraycopy(flags, 0, args, 0, flags.length);
    args[flags.length] = "--port";
    args[flags.length + 1] = "0";
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = new CommandLine(new ServeCommand()).execute(args);
    } finally {
      System.setErr(old);
    }
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(code).isNotZero();
    assertThat(text.strip().lines()).as(text).hasSize(1);
    assertThat(text).doesNotContain("\tat ").doesNotContain("Exception:");
    return text;
  }
}
