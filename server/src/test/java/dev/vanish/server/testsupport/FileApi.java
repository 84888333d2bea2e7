// The file endpoints of docs/PROTOCOL.md §8 spoken over real HTTP with raw bytes (Api speaks JSON strings): declare,
// put and get a chunk, for tests of the server and of its clients.
package dev.vanish.server.testsupport;

import dev.vanish.server.testsupport.Api.Member;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

public final class FileApi {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private FileApi() {}

  public static String files(Member m) {
    return "/api/v1/rooms/" + m.roomId() + "/files";
  }

  public static Api.Reply declare(Api api, Member m, Object size) {
    return api.post(files(m), m.token(), new JsonObject().put("size", size));
  }

  /** Declares a file and answers its fileId (201 expected). */
  public static String declared(Api api, Member m, long size) {
    Api.Reply r = declare(api, m, size);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.json().getString("fileId");
  }

  public static HttpResponse<byte[]> put(Api api, Member m, String fileId, Object i, byte[] body) {
    return put(api.base() + files(m) + "/" + fileId + "/chunks/" + i, m.token(), body, "application/octet-stream");
  }

  public static HttpResponse<byte[]> put(String url, String token, byte[] body, String type) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (type != null) b.header("Content-Type", type);
    return send(b);
  }

  public static HttpResponse<byte[]> get(Api api, String roomId, String token, String fileId, Object i) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/rooms/" + roomId + "/files/" + fileId
        + "/chunks/" + i)).timeout(Duration.ofSeconds(10)).GET();
    if (token != null) b.header("Authorization", "Bearer " + token);
    return send(b);
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder b) {
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonObject json(HttpResponse<byte[]> r) {
    return new JsonObject(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
  }

  public static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

}
