// `vanish verify URL`: does this server serve the web client built into this jar, byte for byte?
// Exit 0 and "this server serves the unmodified Vanish <version> web client"; exit 1 and one line per file
// that differs, is missing or is extra (WebVerifier); exit 2 and one line for a bad URL or a server that
// cannot be asked. `--hashes` prints the jar's own SHA-256 list (what the build publishes beside the jar
// as vanish-web.sha256) without asking any server.
package dev.vanish.server.web;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check that a server serves the unmodified web client of this jar: fetches the page, every file "
        + "it loads (recursively) and every file of the release, and compares their SHA-256 with the copies built in.",
        "Exit 0: unmodified. 1: some file differs, is missing or is extra (each is named). 2: bad URL or server unreachable."})
public final class VerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "URL",
      description = "The server's address (https://chat.example.org/), or a room link: its #key is never sent.")
  String url;

  @Option(names = "--hashes", description = "Print this jar's web client as `sha256sum` lines (index.html, assets/…) and exit.")
  boolean hashes;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      WebRelease release = WebRelease.builtIn();
      if (hashes) {
        out.print(release.sha256sums());
        out.flush();
        return 0;
      }
      if (url == null) {
        err.println("vanish verify: give the server's URL, e.g. vanish verify https://chat.example.org/");
        return 2;
      }
      URI page;
      try {
        page = WebVerifier.pageUrl(url);
      } catch (IllegalArgumentException e) {
        err.println("vanish verify: " + e.getMessage());
        return 2;
      }
      WebVerifier.Report report = new WebVerifier(release).verify(page);
      String client = "the unmodified Vanish " + release.version() + " web client";
      if (report.unmodified()) {
        out.println("this server serves " + client);
        out.flush();
        return 0;
      }
      report.findings().forEach(f -> out.println(f.line()));
      out.println("this server does NOT serve " + client + ": " + count(report, WebVerifier.Kind.DIFFERS) + " differ, "
          + count(report, WebVerifier.Kind.MISSING) + " missing, " + count(report, WebVerifier.Kind.EXTRA) + " extra");
      out.flush();
      return 1;
    } catch (WebVerifier.Unreachable e) {
      err.println("vanish verify: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println("vanish verify: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
      return 2;
    } finally {
      err.flush();
    }
  }

  private static long count(WebVerifier.Report r, WebVerifier.Kind kind) {
    return r.findings().stream().filter(f -> f.kind() == kind).count();
  }
}
