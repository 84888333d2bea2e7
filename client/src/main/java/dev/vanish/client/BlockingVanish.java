// A small blocking facade over VanishClient for scripts and tests: create, join, send, each call waits for
// its result (never call it on a Vert.x event loop). Received messages queue up in a BlockingRoom.
package dev.vanish.client;

import io.vertx.core.Context;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

public final class BlockingVanish implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final VanishClient client;

  private BlockingVanish(VanishClient client) {
    this.client = client;
  }

  /** A facade with a Vert.x of its own. */
  public static BlockingVanish open() {
    return open(ClientOptions.defaults());
  }

  public static BlockingVanish open(ClientOptions options) {
    return new BlockingVanish(VanishClient.create(options));
  }

  public VanishClient async() {
    return client;
  }

  /** Creates a room; null ttlSeconds/capacity take the server's defaults. Returns the full link. */
  public Link create(String server, Integer ttlSeconds, Integer capacity) {
    return await(client.createRoom(server, ttlSeconds, capacity));
  }

  /** Creates a room with a passphrase (null: none) and its number of attempts (null: the server's default). */
  public Link create(String server, Integer ttlSeconds, Integer capacity, String passphrase, Integer attempts) {
    return await(client.createRoom(server, ttlSeconds, capacity, passphrase, attempts));
  }

  /** Takes a seat and connects; messages (history first) queue up in the returned room. */
  public BlockingRoom join(Link link, String name) {
    return join(link, (String) null, name);
  }

  /** As {@link #join(Link, String)} for a room with a passphrase (null: none). */
  public BlockingRoom join(Link link, String passphrase, String name) {
    BlockingRoom room = new BlockingRoom();
    room.attach(await(client.join(link, passphrase, name, room)));
    return room;
  }

  /** Joins over HTTP, sends one message, leaves. */
  public Ack send(Link link, String name, String text) {
    return await(client.sendOnce(link, name, text));
  }

  /** As {@link #send(Link, String, String)} for a room with a passphrase (null: none). */
  public Ack send(Link link, String passphrase, String name, String text) {
    return await(client.sendOnce(link, passphrase, name, text));
  }

  /** Joins over HTTP, uploads a file, posts its message, leaves (see VanishClient.sendFileOnce). */
  public Ack sendFile(Link link, String passphrase, String name, OutgoingFile file, FileProgress progress) {
    return await(client.sendFileOnce(link, passphrase, name, file, progress).result(), BlockingRoom.FILE_WAIT);
  }

  @Override
  public void close() {
    client.close();
  }

  /** Waits for a future; a VanishException fails as itself, a timeout as UNREACHABLE. */
  public static <T> T await(Future<T> future) {
    return await(future, WAIT);
  }

  public static <T> T await(Future<T> future, Duration timeout) {
    if (Context.isOnEventLoopThread()) throw new IllegalStateException("blocking call on a Vert.x event loop");
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof VanishException v) throw v;
      throw new VanishException(VanishException.Code.PROTOCOL, String.valueOf(c.getMessage()), null, c);
    } catch (TimeoutException e) {
      throw new VanishException(VanishException.Code.UNREACHABLE, "no answer within " + timeout.toSeconds() + " s", null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VanishException(VanishException.Code.UNREACHABLE, "interrupted", null, e);
    }
  }
}
