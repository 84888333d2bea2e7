// `vanish send`: takes a seat, sends one message (or, with --file, one file with an optional caption) and leaves
// (HTTP only); a photo's details are removed first unless --keep-photo-details. The link comes from --link-file F,
// VANISH_LINK or an argument, the text from --text-file F or an argument; - (as the file or the argument) reads
// stdin, whose first line is the link when both come from it. An argument, which every local user can read in
// /proc/<pid>/cmdline and which stays in the shell history, is warned about.
package dev.vanish.client.cli;

import dev.vanish.client.BlockingVanish;
import dev.vanish.client.FileNames;
import dev.vanish.client.FileProgress;
import dev.vanish.client.Link;
import dev.vanish.client.OutgoingFile;
import dev.vanish.client.VanishException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "send", mixinStandardHelpOptions = true,
    description = {"Join a room, send one message (or a file, with --file) and leave. Prints nothing on success.",
        "The link: --link-file FILE, --link-file - or " + CliSupport.LINK_ENV + "; the message: --text-file FILE or"
            + " --text-file -. With both from stdin its first line is the link and the rest the message."})
public final class SendCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "LINK",
      description = "The room's full link (- reads stdin); or the message when the link comes from --link-file or "
          + CliSupport.LINK_ENV + ". An argument " + CliSupport.VISIBLE + ".")
  String first;

  @Parameters(index = "1", arity = "0..1", paramLabel = "TEXT", description = "The message; - reads it from stdin.")
  String second;

  @Option(names = "--text-file", paramLabel = "FILE", description = "Read the message from FILE (all of it); - reads stdin.")
  String textFile;

  @Option(names = "--name", description = "Display name shown to the others (default: a random one).")
  String name;

  @Option(names = "--file", paramLabel = "PATH", description = "Send this file, end-to-end encrypted; the message, if"
      + " any, is its caption. At most the server's limit (10 MiB by default). Progress on stderr at a terminal.")
  Path file;

  @Option(names = "--keep-photo-details", description = "With --file, a photo (JPEG, PNG, GIF, WebP) is sent as it is,"
      + " with its location, camera and other details. By default they are removed first (EXIF, GPS, XMP, comments,"
      + " text chunks; only the orientation stays), as the web page does.")
  boolean keepPhotoDetails;

  @Mixin
  CliSupport.LinkOption linkOption = new CliSupport.LinkOption();

  @Mixin
  CliSupport.PassphraseOption passphrase = new CliSupport.PassphraseOption();

  @Override
  public Integer call() {
    try (BlockingVanish vanish = BlockingVanish.open()) {
      // Which argument is which: two are LINK TEXT; one is the link when the text has a file, else the text
      // when the link comes from elsewhere; none needs both options (or VANISH_LINK).
      String linkArg = first;
      String textArg = second;
      if (second == null && first != null && textFile == null && linkOption.given()) {
        linkArg = null;
        textArg = first;
        if (looksLikeALink(textArg)) {
          throw new CliSupport.Usage("the one argument is a room link, but the link comes from "
              + (linkOption.file != null ? "--link-file" : CliSupport.LINK_ENV) + ": give the message with --text-file FILE or --text-file -");
        }
      }
      if (textArg != null && textFile != null) throw new CliSupport.Usage("the message is given twice: as an argument and with --text-file");
      if (textArg == null && textFile == null && file == null) {
        throw new CliSupport.Usage("no message given: use --text-file FILE or --text-file - (stdin)");
      }
      Link parsed = linkOption.resolve(linkArg);
      String who = CliSupport.ownName(name);
      String message;
      if (textArg == null && textFile == null) {
        message = ""; // a file without a caption
      } else if ("-".equals(textArg) || "-".equals(textFile)) {
        message = CliSupport.stdinRest().stripTrailing();
      } else if (textFile != null) {
        message = readText(textFile);
      } else {
        CliSupport.warn("a message given as an argument " + CliSupport.VISIBLE + "; use --text-file FILE or --text-file -");
        message = textArg;
      }
      if (file != null) return sendFile(vanish, parsed, who, message);
      if (message.isEmpty()) return CliSupport.fail(new IllegalArgumentException("nothing to send: the message is empty"));
      vanish.send(parsed, passphrase.resolve(), who, message);
      return 0;
    } catch (CliSupport.Usage e) {
      return CliSupport.usage(e);
    } catch (VanishException e) {
      return CliSupport.fail(e);
    }
  }

  private int sendFile(BlockingVanish vanish, Link parsed, String who, String caption) {
    if (!Files.isRegularFile(file)) {
      return CliSupport.fail(new VanishException(VanishException.Code.FILE_FAILED, "cannot read the file " + file
          + (Files.exists(file) ? ": not a regular file" : ": no such file")));
    }
    OutgoingFile outgoing = OutgoingFile.of(file).withCaption(caption);
    if (keepPhotoDetails && outgoing.kind().equals("image")) outgoing = outgoing.keepingPhotoDetails();
    Progress progress = new Progress(outgoing.name());
    try {
      vanish.sendFile(parsed, passphrase.resolve(), who, outgoing, System.console() != null ? progress : FileProgress.NONE);
    } finally {
      progress.end();
    }
    return 0;
  }

  /** "sending photo.jpg: 45% of 1.2 MiB" on stderr, rewritten in place (only at a terminal). */
  private static final class Progress implements FileProgress {
    private final String name;
    private int shown = -1;

    Progress(String name) {
      this.name = Untrusted.line(FileNames.clean(name));
    }

    @Override
    public synchronized void progress(long done, long total) {
      int percent = total == 0 ? 100 : (int) (done * 100 / total);
      if (percent == shown) return;
      shown = percent;
      System.err.print("\rsending " + name + ": " + percent + "% of " + FileNames.humanSize(total));
      System.err.flush();
    }

    synchronized void end() {
      if (shown >= 0) System.err.println();
    }
  }

  private static boolean looksLikeALink(String s) {
    try {
      Link.parse(s);
      return true;
    } catch (VanishException e) {
      return false;
    }
  }

  private static String readText(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).stripTrailing();
    } catch (IOException | RuntimeException e) {
      throw new VanishException(VanishException.Code.INVALID_REQUEST, "cannot read the message file " + file + ": " + e.getMessage());
    }
  }
}
