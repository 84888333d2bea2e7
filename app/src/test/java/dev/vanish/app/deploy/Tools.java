// The command-line tools the deployment tests run (podman, promtool, systemd-analyze, node, caddy): found on
// the PATH or not at all. Where one is missing the test is skipped with how to install it — except under
// CI=true, where that is a failure (.ci/run installs them), as Browsers.chromium() does for Chromium.
package dev.vanish.app.deploy;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

final class Tools {

  /** The repository's top directory (Surefire runs in the module's directory). */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private Tools() {}

  /** The tool's path, after skipping (or, under CI, failing) the test when it is not installed. */
  static Path require(String command, String install) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      for (String d : List.of(dir, "/usr/sbin", "/sbin")) {
        Path p = Path.of(d, command);
        if (Files.isExecutable(p)) return p;
      }
    }
    String why = "No " + command + " on the PATH: install it (" + install + ").";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException(why);
    Assumptions.abort(why);
    return null;
  }

  /** What a command printed (stdout and stderr together) and its exit status. */
  record Result(int exit, String output) {
    Result ok() {
      if (exit != 0) throw new AssertionError("exit " + exit + ":\n" + output);
      return this;
    }
  }

  static Result run(Duration timeout, List<String> command) {
    return run(timeout, Map.of(), ROOT, command);
  }

  static Result run(Duration timeout, Map<String, String> env, Path dir, List<String> command) {
    try {
      Path out = Files.createTempFile("vanish-tool", ".out");
      try {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
            .redirectErrorStream(true).redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly().waitFor();
          throw new AssertionError("timed out after " + timeout + ": " + command + "\n" + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A copy of a repository file with one exact piece replaced (which must be there), in a fresh directory. */
  static Path brokenCopy(Path original, String from, String to) throws IOException {
    String text = Files.readString(original);
    if (!text.contains(from)) throw new AssertionError(original + " no longer contains: " + from);
    Path dir = Files.createTempDirectory("vanish-broken");
    Path copy = dir.resolve(original.getFileName());
    Files.writeString(copy, text.replace(from, to));
    return copy;
  }
}
