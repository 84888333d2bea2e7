package dev.vanish.server.http;

import dev.vanish.server.room.Ids;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the HTTP codec refuses before any route — a request line or headers longer than it reads, a request it
 * cannot parse — is answered in the one documented shape {"error","message"} like every other 4xx (it was a
 * bare status with no body), and pages and assets answer HEAD (it was 405).
 */
class CodecRefusalsAndHeadTest {

  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestNode.testConfig());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** One raw request on its own connection; returns the whole answer (the server closes after a refusal). */
  private static String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", Integer.parseInt(node.base().replaceAll(".*:", "")))) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      for (int n; (n = in.read(buf)) > 0; ) {
        answer.write(buf, 0, n);
        String text = answer.toString(StandardCharsets.UTF_8);
        int bodyAt = text.indexOf("\r\n\r\n");
        // Done once the body promised by Content-Length is in (or the server closed).
        if (bodyAt > 0 && text.contains("content-length: ")) {
          int len = Integer.parseInt(text.replaceAll("(?s).*content-length: (\\d+).*", "$1"));
          if (text.length() - bodyAt - 4 >= len) break;
        }
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  private static JsonObject body(String answer) {
    return new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
  }

  @Test
  void aRequestLineLongerThanTheCodecReadsGets414InTheErrorShape() throws IOException {
    String answer = raw("GET /" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(answer).matches("(?s)HTTP/1\\.[01] 414 .*");
    assertThat(answer.toLowerCase()).contains("content-type: application/json");
    assertThat(body(answer).getString("error")).isEqualTo("uri_too_long");
    assertThat(body(answer).getString("message")).isNotBlank();
  }

  @Test
  void headersLargerThanTheCodecReadsGet431InTheErrorShape() throws IOException {
    String answer = raw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9_000) + "\r\n\r\n");
    assertThat(answer).matches("(?s)HTTP/1\\.[01] 431 .*");
    assertThat(body(answer).getString("error")).isEqualTo("headers_too_large");
  }

  @Test
  void anUnparsableRequestLineGets400InTheErrorShape() throws IOException {
    String answer = raw("GET / HTTP/1.1 extra words\r\nHost: x\r\n\r\n");
    assertThat(answer).matches("(?s)HTTP/1\\.[01] 400 .*");
    assertThat(body(answer).getString("error")).isEqualTo("invalid_request");
  }

  @Test
  void pagesAndAssetsAnswerHeadWithTheirHeadersAndNoBody() {
    Api api = node.api();
    for (String path : new String[] {"/", "/r/" + Ids.roomId(), "/assets/app.js"}) {
      Api.Reply head = api.call("HEAD", path, null, null, null);
      Api.Reply get = api.get(path);
      assertThat(head.status()).as("HEAD " + path).isEqualTo(200);
      assertThat(head.raw()).as("HEAD " + path + " body").isEmpty();
      assertThat(head.header("Content-Security-Policy")).as(path).isEqualTo(get.header("Content-Security-Policy"));
      assertThat(head.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
      assertThat(head.header("Content-Type")).as(path).isEqualTo(get.header("Content-Type"));
      assertThat(head.header("Content-Length")).as(path).isEqualTo(get.header("Content-Length")).isNotNull();
    }
  }
}
