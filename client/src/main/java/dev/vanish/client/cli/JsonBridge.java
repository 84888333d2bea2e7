// `vanish join --json`: first {"type":"safety","code"} (once the seat is taken, or before the first message),
// then each received message (history first, own ones with "mine":true; "skew"/"reordered" when marked) and
// each integrity notice ({"type":"notice","code",…}, before the message it is about) as one JSON line on
// stdout; each stdin line sent as a message, in order, waiting out rate limits. At end of input it waits for
// the last ack and its echo, leaves the room and exits 0; it also exits 0 when the room ends. Names and texts
// are exact; every control, format or separator character in them is written as a JSON escape (Untrusted.json).
// Each file message is one line {"type":"file","id" (the fileId),"name" (cleaned),"size","mime","sha256","path",
// "rawName","kind","messageId","ts","memberId","sender","text" (the caption),"mine"}: with --save-dir the others'
// files are saved first (path = where; null when not saved, with "error" when saving failed: a damaged file is
// not kept). Lines keep the messages' order: a file line waits for its save, and the lines after it for it. At
// end of input it also waits for the saves under way.
package dev.vanish.client.cli;

import dev.vanish.client.Ack;
import dev.vanish.client.BlockingVanish;
import dev.vanish.client.ChatMessage;
import dev.vanish.client.EndReason;
import dev.vanish.client.IncomingFile;
import dev.vanish.client.Link;
import dev.vanish.client.Notice;
import dev.vanish.client.RoomListener;
import dev.vanish.client.RoomSession;
import dev.vanish.client.VanishException;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

final class JsonBridge implements RoomListener {

  private static final int RATE_LIMIT_RETRIES = 20;

  private final BlockingVanish vanish;
  private final Link link;
  private final String name;
  private final String passphrase;
  private final Path saveDir;
  private final AtomicInteger saving = new AtomicInteger();
  private final PrintStream out = System.out;
  private volatile long printedId;
  private volatile String safetyCode;
  private boolean safetyPrinted;

  JsonBridge(BlockingVanish vanish, Link link, String passphrase, String name, Path saveDir) {
    this.saveDir = saveDir;
    this.vanish = vanish;
    this.link = link;
    this.passphrase = passphrase;
    this.name = name;
  }

  int run() {
    RoomSession session = CliSupport.join(vanish, link, passphrase, name, this, k -> safetyCode = k.safetyCode()).session();
    print(null);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    LinePump pump = new LinePump(() -> {
      try {
        return in.readLine();
      } catch (IOException e) {
        return null;
      }
    });
    long lastAck = 0;
    while (true) {
      if (session.ended().isComplete()) return endCode(waitForSaves(session.ended().result()));
      Optional<String> line = pump.poll(200);
      if (line.isEmpty() || line.get().isEmpty()) continue;
      if (line.get() == LinePump.EOF) break;
      try {
        lastAck = Long.parseLong(send(session, line.get()).id());
      } catch (VanishException e) {
        if (e.code() == VanishException.Code.ROOM_ENDED) return endCode(session.ended().result());
        CliSupport.fail(e); // one line on stderr; keep going with the next line
      }
    }
    long deadline = System.currentTimeMillis() + 5000;
    while (printedId < lastAck && System.currentTimeMillis() < deadline && !session.ended().isComplete()) sleep(20);
    long saves = System.currentTimeMillis() + 120_000; // a 10 MiB file takes well under a second on a healthy server
    while (saving.get() > 0 && System.currentTimeMillis() < saves && !session.ended().isComplete()) sleep(20);
    if (!session.ended().isComplete()) {
      try {
        BlockingVanish.await(session.leave());
      } catch (VanishException e) {
        if (!session.ended().isComplete()) return CliSupport.fail(e);
      }
    }
    return 0;
  }

  private Ack send(RoomSession session, String text) {
    for (int i = 0; ; i++) {
      try {
        return BlockingVanish.await(session.send(text));
      } catch (VanishException e) {
        if (e.code() != VanishException.Code.RATE_LIMITED || i >= RATE_LIMIT_RETRIES) throw e;
        sleep(e.retryAfter().orElse(Duration.ofSeconds(1)).toMillis());
      }
    }
  }

  /** The room ended: saves under way fail now and delete their temporary files; wait a moment for that. */
  private EndReason waitForSaves(EndReason reason) {
    long deadline = System.currentTimeMillis() + 5000;
    while (saving.get() > 0 && System.currentTimeMillis() < deadline) sleep(20);
    return reason;
  }

  private static int endCode(EndReason reason) {
    return switch (reason) {
      case DESTROYED, EXPIRED, NOT_FOUND, LEFT, CLOSED -> {
        if (reason != EndReason.LEFT && reason != EndReason.CLOSED) System.err.println("vanish: " + reason.describe());
        yield 0;
      }
      default -> CliSupport.fail(new VanishException(VanishException.Code.ROOM_ENDED, reason.describe()));
    };
  }

  @Override
  public void onMessage(ChatMessage m) {
    JsonObject j = new JsonObject().put("id", m.id()).put("ts", m.ts()).put("memberId", m.memberId())
        .put("name", m.name()).put("text", m.text()).put("mine", m.mine());
    if (m.skew()) j.put("skew", true).put("sentAt", m.sentAt());
    if (m.reordered()) j.put("reordered", true);
    inOrder(io.vertx.core.Future.succeededFuture(), x -> {
      print(j.encode());
      printedId = Long.parseLong(m.id());
    });
  }

  /**
   * Lines go out in the order their messages came (id order), so a file line waits for its save and the lines
   * after it wait for it; the saves themselves run at once. Called on the session's context only.
   */
  private io.vertx.core.Future<?> tail = io.vertx.core.Future.succeededFuture();

  private <T> void inOrder(io.vertx.core.Future<T> ready, io.vertx.core.Handler<io.vertx.core.AsyncResult<T>> line) {
    tail = tail.transform(x -> ready.transform(ar -> {
      line.handle(ar);
      return io.vertx.core.Future.succeededFuture();
    }));
  }

  @Override
  public void onFile(IncomingFile f) {
    saving.incrementAndGet();
    var saved = saveDir != null && !f.mine() ? f.saveTo(saveDir) : io.vertx.core.Future.<Path>succeededFuture(null);
    inOrder(saved, ar -> {
      try {
        ChatMessage m = f.message();
        JsonObject j = new JsonObject().put("type", "file").put("id", f.fileId()).put("name", f.name()).put("size", f.size())
            .put("mime", f.mime()).put("sha256", f.sha256())
            .put("path", ar.succeeded() && ar.result() != null ? ar.result().toString() : null)
            .put("rawName", f.rawName()).put("kind", f.kind()).put("messageId", m.id()).put("ts", m.ts())
            .put("memberId", m.memberId()).put("sender", m.name()).put("text", m.text()).put("mine", m.mine());
        f.durationMs().ifPresent(d -> j.put("durationMs", d));
        f.metadata().ifPresent(md -> j.put("metadata", md));
        if (ar.failed()) j.put("error", ar.cause().getMessage());
        print(j.encode());
        printedId = Long.parseLong(m.id());
      } finally {
        saving.decrementAndGet();
      }
    });
  }

  @Override
  public void onNotice(Notice notice) {
    String line = notice.toJson().encode();
    inOrder(io.vertx.core.Future.succeededFuture(), x -> print(line));
  }

  /** Prints a line (null: none) after the safety line, which comes first whatever arrives first. */
  private void print(String line) {
    synchronized (out) {
      if (!safetyPrinted && safetyCode != null) {
        out.println(new JsonObject().put("type", "safety").put("code", safetyCode).encode());
        safetyPrinted = true;
      }
      if (line != null) out.println(Untrusted.json(line)); // exact values, nothing invisible left raw
      out.flush();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
