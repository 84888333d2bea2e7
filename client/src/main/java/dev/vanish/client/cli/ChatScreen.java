// The interactive `vanish join`: messages as "HH:mm name: text" (YOU for one's own), a status line with the
// countdown and the members online (printed when it changes), /destroy, /leave, /quit, and a clear closing
// line when the room expires or is destroyed. Files: "/send PATH" sends one (the upload's end is a line); each
// file another member sends is a line "HH:mm bob sent photo.jpg (1.2 MiB) → saved to DIR/photo (1).jpg" with
// --save-dir (saved first, under its cleaned name, never overwriting), else a line saying how to save files.
package dev.vanish.client.cli;

import dev.vanish.client.BlockingVanish;
import dev.vanish.client.ChatMessage;
import dev.vanish.client.ConnectionState;
import dev.vanish.client.EndReason;
import dev.vanish.client.FileNames;
import dev.vanish.client.IncomingFile;
import dev.vanish.client.Link;
import dev.vanish.client.Member;
import dev.vanish.client.Notice;
import dev.vanish.client.RoomListener;
import dev.vanish.client.RoomSession;
import dev.vanish.client.VanishException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class ChatScreen implements RoomListener {

  private static final long[] ANNOUNCE_AT = {3600, 1800, 600, 300, 120, 60, 30, 10};
  private static final String HELP = "Type a message and press Enter. /send PATH sends a file, /destroy deletes the room for everyone,"
      + " /leave frees your seat, /quit exits (your seat is kept for a minute).";

  private final BlockingVanish vanish;
  private final Link link;
  private final String name;
  private final String passphrase;
  private final Path saveDir;
  /** The last name each seat used, to name it in notices. */
  private final Map<String, String> names = new ConcurrentHashMap<>();
  private final Style style = Style.forStdout();
  private ChatTerminal term;
  private volatile RoomSession session;
  private volatile String lastPresence = "";
  private volatile boolean wasConnected;
  private long announced = Long.MAX_VALUE;
  private final List<String> early = new ArrayList<>();
  private boolean ready;

  ChatScreen(BlockingVanish vanish, Link link, String passphrase, String name, Path saveDir) {
    this.saveDir = saveDir;
    this.vanish = vanish;
    this.link = link;
    this.passphrase = passphrase;
    this.name = name;
  }

  int run() {
    session = CliSupport.join(vanish, link, passphrase, name, this, k -> { }).session();
    term = ChatTerminal.open();
    try {
      synchronized (this) {
        term.println(style.bold("Joined as " + Untrusted.line(name) + ". ") + style.dim(HELP));
        term.println(style.bold("safety code: " + session.safetyCode())
            + style.dim("  (compare it with the others by voice: a different code means a different link or passphrase)"));
        term.println(statusLine(session.members(), true));
        early.forEach(term::println); // the history replayed while joining, after the header
        early.clear();
        ready = true;
      }
      announced = remainingSeconds();
      LinePump pump = new LinePump(term::readLine);
      while (true) {
        if (session.ended().isComplete()) return ended(session.ended().result());
        Optional<String> line = pump.poll(250);
        if (line.isEmpty()) {
          countdown();
          continue;
        }
        String text = line.get();
        if (text == LinePump.EOF || text.equals("/quit")) {
          BlockingVanish.await(session.close());
          term.println(style.dim("Bye. Your seat stays held for a minute; the link still works until the room ends."));
          return 0;
        }
        if (text.isBlank()) continue;
        if (text.trim().startsWith("/send ")) {
          sendFile(text.trim().substring(6).strip());
          continue;
        }
        switch (text.trim()) {
          case "/leave" -> {
            return act(() -> BlockingVanish.await(session.leave()), "You left the room; your seat is free.");
          }
          case "/destroy" -> {
            return act(() -> BlockingVanish.await(session.destroy()), "Room destroyed: every message and seat is gone.");
          }
          case "/help" -> term.println(style.dim(HELP));
          default -> {
            if (text.startsWith("/") && !text.startsWith("//")) {
              term.println(style.yellow("Unknown command " + Untrusted.line(text.trim()) + ". ") + style.dim(HELP));
            } else {
              String body = text.startsWith("//") ? text.substring(1) : text;
              session.send(body).onFailure(e -> term.println(style.red("! not sent: " + Untrusted.line(e.getMessage()))));
            }
          }
        }
      }
    } finally {
      term.close();
    }
  }

  /** /send PATH: uploads in the background; the own echo says it arrived ("YOU sent …"). */
  private void sendFile(String file) {
    Path path;
    try {
      path = Path.of(file);
    } catch (RuntimeException e) {
      term.println(style.red("! not sent: " + Untrusted.line(file) + " is not a path"));
      return;
    }
    if (!java.nio.file.Files.isRegularFile(path)) {
      term.println(style.red("! not sent: no file " + Untrusted.line(file)));
      return;
    }
    term.println(style.dim("sending " + Untrusted.line(FileNames.clean(String.valueOf(path.getFileName()))) + "…"));
    session.sendFile(path, null).result()
        .onFailure(e -> print(style.red("! not sent: " + Untrusted.line(e.getMessage()))));
  }

  private int act(Runnable action, String done) {
    try {
      action.run();
      term.println(style.yellow(done));
      return 0;
    } catch (VanishException e) {
      if (session.ended().isComplete()) return ended(session.ended().result());
      return CliSupport.fail(e);
    }
  }

  private int ended(EndReason reason) {
    String line = switch (reason) {
      case DESTROYED -> "The room was destroyed. Every message and seat is gone.";
      case EXPIRED -> "The room expired. Every message and seat is gone.";
      case NOT_FOUND -> "This room no longer exists.";
      case LEFT -> "You left the room.";
      case CLOSED -> "Closed.";
      case SEAT_LOST -> "Your seat was lost and the room is full now.";
      case FAILED -> "The connection failed.";
    };
    term.println(style.yellow(line));
    return reason == EndReason.SEAT_LOST || reason == EndReason.FAILED ? 1 : 0;
  }

  private long remainingSeconds() {
    return Math.max(0, (session.expiresAt() - System.currentTimeMillis() + 999) / 1000);
  }

  /** Prints the status again when the countdown crosses one of the announcement marks. */
  private void countdown() {
    long left = remainingSeconds();
    for (long mark : ANNOUNCE_AT) {
      if (left <= mark && announced > mark) {
        announced = left;
        print(statusLine(session.members(), true));
        return;
      }
    }
  }

  /** The status line; without {@code force} null unless the number online changed. */
  private String statusLine(List<Member> members, boolean force) {
    RoomSession s = session;
    if (s == null) return null;
    long online = members.stream().filter(Member::online).count();
    String presence = online + " of " + s.capacity() + " online";
    if (!force && presence.equals(lastPresence)) return null;
    lastPresence = presence;
    return style.dim("-- " + presence + " · vanishes in " + Style.countdown(remainingSeconds()) + " --");
  }

  @Override
  public void onPresence(List<Member> members) {
    String line = statusLine(members, false);
    if (line != null) print(line);
  }

  @Override
  public void onMessage(ChatMessage m) {
    names.put(m.memberId(), m.name());
    String who = m.mine() ? style.green("YOU") : style.cyan(peerName(m.name()));
    String marks = (m.skew() ? " (sent at " + Style.clock(m.sentAt()) + " by its sender's clock)" : "")
        + (m.reordered() ? " (out of its sender's order)" : "");
    print(style.time(m.ts()) + " " + who + ": " + Untrusted.text(m.text(), "      ") + (marks.isEmpty() ? "" : style.yellow(marks)));
  }

  @Override
  public void onFile(IncomingFile f) {
    ChatMessage m = f.message();
    if (!m.text().isEmpty()) onMessage(m); // the caption, as a message line
    names.put(m.memberId(), m.name());
    String who = m.mine() ? style.green("YOU") : style.cyan(peerName(m.name()));
    String what = style.time(m.ts()) + " " + who + " sent " + Untrusted.line(f.name()) + " (" + FileNames.humanSize(f.size()) + ")";
    if (m.mine()) {
      print(what);
    } else if (saveDir == null) {
      print(what + style.dim(" — not saved: join with --save-dir DIR to save files"));
    } else {
      f.saveTo(saveDir).onComplete(ar -> print(ar.succeeded() ? what + " → saved to " + Untrusted.line(ar.result().toString())
          : what + style.red(" — not saved: " + Untrusted.line(ar.cause().getMessage()))));
    }
  }

  /** Another member's name, cleaned; one that reads "you" is quoted, so bare YOU marks only one's own messages. */
  static String peerName(String name) {
    String shown = Untrusted.line(name);
    return shown.strip().equalsIgnoreCase("you") ? "\"" + shown + "\"" : shown;
  }

  @Override
  public void onNotice(Notice notice) {
    String known = notice.memberId() == null ? null : names.get(notice.memberId());
    String who = notice.memberId() == null ? "a member"
        : Untrusted.line(known == null ? "seat " + notice.memberId() : known + " (" + notice.memberId() + ")");
    print(style.yellow("! " + notice.describe(who)));
  }

  @Override
  public void onUndecryptable(String id, String memberId) {
    print(style.red(passphrase == null ? "! a message could not be decrypted (sent with another key?)"
        : "! a message could not be decrypted (sent with another key, or is the passphrase not this room's?)"));
  }

  @Override
  public void onState(ConnectionState state) {
    if (state == ConnectionState.RECONNECTING && wasConnected) print(style.yellow("Connection lost; reconnecting…"));
    if (state == ConnectionState.CONNECTED) {
      if (wasConnected) print(style.yellow("Reconnected."));
      wasConnected = true;
    }
  }

  @Override
  public void onError(VanishException error) {
    print(style.red("! " + Untrusted.line(error.getMessage())));
  }

  private synchronized void print(String line) {
    if (ready) term.println(line);
    else early.add(line);
  }
}
