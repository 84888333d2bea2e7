package dev.vanish.server.testsupport;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A reverse proxy in front of a node, as a hostile hosting provider or a TLS-terminating middlebox would run
 * it: it forwards every HTTP request (status and headers as the node sent them) but can rewrite the body of
 * chosen paths, answer 404 for others, and serve files of its own. Plain HTTP only (no WebSocket upgrade):
 * enough to serve the page. Its own Vert.x, closed with it.
 */
public final class AlteringProxy implements AutoCloseable {

  private record Own(String contentType, byte[] body) {}

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final Map<String, UnaryOperator<byte[]>> alterations = new ConcurrentHashMap<>();
  private final Map<String, Own> own = new ConcurrentHashMap<>();
  private final Map<String, Boolean> hidden = new ConcurrentHashMap<>();

  public AlteringProxy(int upstreamPort) {
    HttpClient client = vertx.createHttpClient();
    try {
      server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(reqBody -> {
        String path = req.path();
        Own mine = own.get(path);
        if (mine != null) {
          req.response().putHeader("Content-Type", mine.contentType()).end(Buffer.buffer(mine.body()));
          return;
        }
        if (hidden.containsKey(path)) {
          req.response().setStatusCode(404).end();
          return;
        }
        RequestOptions o = new RequestOptions().setMethod(req.method()).setHost("127.0.0.1").setPort(upstreamPort).setURI(req.uri());
        // A path it rewrites is asked for uncompressed, as a rewriting proxy must (nginx's sub_filter does the
        // same); every other answer passes as the node sent it, gzip and all.
        boolean rewrites = alterations.containsKey(path);
        req.headers().forEach(h -> {
          String k = h.getKey();
          if (!k.equalsIgnoreCase("host") && !(rewrites && k.equalsIgnoreCase("accept-encoding"))) o.addHeader(k, h.getValue());
        });
        client.request(o).compose(up -> up.send(reqBody)).compose(resp -> resp.body().map(body -> {
          UnaryOperator<byte[]> alter = alterations.get(path);
          Buffer out = alter == null ? body : Buffer.buffer(alter.apply(body.getBytes()));
          req.response().setStatusCode(resp.statusCode());
          resp.headers().forEach(h -> {
            String k = h.getKey();
            if (!k.equalsIgnoreCase("content-length") && !k.equalsIgnoreCase("transfer-encoding") && !k.equalsIgnoreCase("connection")) {
              req.response().headers().add(k, h.getValue());
            }
          });
          req.response().end(out);
          return out;
        })).onFailure(e -> req.response().setStatusCode(502).end());
      })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("proxy did not start", e);
    }
  }

  public String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The body the node sends for {@code path} is replaced by {@code alter} of it. */
  public AlteringProxy alter(String path, UnaryOperator<byte[]> alter) {
    alterations.put(path, alter);
    return this;
  }

  /** Text replacement in the body of {@code path} (UTF-8); a 502 if nothing matched, so a stale test shows. */
  public AlteringProxy replace(String path, String what, String with) {
    return alter(path, b -> {
      String s = new String(b, StandardCharsets.UTF_8);
      if (!s.contains(what)) throw new IllegalStateException(path + " has no " + what);
      return s.replace(what, with).getBytes(StandardCharsets.UTF_8);
    });
  }

  /** The proxy answers {@code path} itself, never asking the node. */
  public AlteringProxy serve(String path, String contentType, String body) {
    own.put(path, new Own(contentType, body.getBytes(StandardCharsets.UTF_8)));
    return this;
  }

  /** The proxy answers 404 for {@code path}. */
  public AlteringProxy hide(String path) {
    hidden.put(path, true);
    return this;
  }

  /** One byte changed: the last one of the body (a module's final newline becomes a space). */
  public static byte[] lastByteChanged(byte[] body) {
    byte[] b = body.clone();
    b[b.length - 1] = (byte) (b[b.length - 1] == ' ' ? '\n' : ' ');
    return b;
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // best effort in tests
    }
  }
}
