package dev.vanish.server.connection;

import dev.vanish.server.testsupport.RawHttp;
import dev.vanish.server.testsupport.TestCrypto;
import dev.vanish.server.testsupport.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Framing a proxy and the node could read differently is refused 400 in the error shape, and the connection
 * closed: Content-Length together with Transfer-Encoding (Netty dropped the Content-Length and read the body
 * as chunked: the room was created), and an obsolete folded header line (Netty joined it to the header
 * before: 200). Plain requests, and requests in pieces or pipelined, are read as before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CodecStrictnessTest {

  /** A valid room creation: what the ambiguous requests would do if they were read. */
  static String create() {
    return TestCrypto.createRequest(TestCrypto.newRoomKey()).encode();
  }

  private TestNode node;

  private static String chunked(String body) {
    return Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
  }

  @BeforeAll
  void start() {
    node = TestNode.start(TestNode.testConfig());
  }

  @AfterAll
  void stop() {
    node.close();
  }

  @Test
  void contentLengthWithTransferEncodingIsRefusedAndTheConnectionClosed() {
    String CREATE = create();
    try (RawHttp h = RawHttp.connect(node.server().port())) {
      h.send("POST /api/v1/rooms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(CREATE));
      assertRefused(h, "Content-Length and Transfer-Encoding");
    }
  }

  @Test
  void contentLengthWithAnyTransferEncodingIsRefused() {
    String CREATE = create();
    try (RawHttp h = RawHttp.connect(node.server().port())) {
      h.send("POST /api/v1/rooms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: identity\r\nContent-Length: " + CREATE.length() + "\r\n\r\n" + CREATE);
      assertRefused(h, "Content-Length and Transfer-Encoding");
    }
  }

  @Test
  void aFoldedHeaderLineIsRefusedWithSpaceOrTab() {
    for (String fold : new String[] {" ", "\t"}) {
      try (RawHttp h = RawHttp.connect(node.server().port())) {
        h.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: one\r\n" + fold + "two\r\n\r\n");
        assertRefused(h, "Folded");
      }
    }
  }

  @Test
  void aFoldedHeaderInTheSecondOfTwoPipelinedRequestsIsRefusedAfterTheFirstIsServed() {
    try (RawHttp h = RawHttp.connect(node.server().port())) {
      h.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
          + "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: one\r\n two\r\n\r\n");
      assertThat(h.read().status()).isEqualTo(200);
      assertRefused(h, "Folded");
    }
  }

  @Test
  void plainRequestsAreReadAsBefore() {
    try (RawHttp h = RawHttp.connect(node.server().port())) {
      // Blank lines before a request line are skipped, spaces inside a value are no fold, a body by length.
      h.send("\r\nGET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Words: one two\tthree\r\n\r\n");
      assertThat(h.read().status()).isEqualTo(200);
      String CREATE = create();
      h.send("POST /api/v1/rooms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
          + CREATE.length() + "\r\n\r\n" + CREATE);
      RawHttp.Response byLength = h.read();
      assertThat(byLength.status()).as(byLength.body()).isEqualTo(201);
      h.send("POST /api/v1/rooms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n" + chunked(create()));
      RawHttp.Response byChunks = h.read();
      assertThat(byChunks.status()).as(byChunks.body()).isEqualTo(201);
    }
  }

  private static void assertRefused(RawHttp h, String why) {
    RawHttp.Response r = h.read();
    assertThat(r.status()).as(r.statusLine() + " " + r.body()).isEqualTo(400);
    assertThat(r.headers().get("content-type")).startsWith("application/json");
    JsonObject body = new JsonObject(r.body());
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("error", "message");
    assertThat(body.getString("error")).isEqualTo("invalid_request");
    assertThat(body.getString("message")).contains(why);
    assertThat(h.awaitClosed(3_000)).as("connection closed after the refusal").isTrue();
  }
}
