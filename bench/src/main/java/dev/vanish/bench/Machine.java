// Facts about where a run happened, for the report: the git commit when known (VANISH_COMMIT, else
// `git rev-parse` in the working directory), so results can be traced to the code that produced them.
package dev.vanish.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

final class Machine {

  private Machine() {}

  static String commit() {
    String env = System.getenv("VANISH_COMMIT");
    if (env != null && !env.isBlank()) return env.trim();
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
      if (!p.waitFor(3, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.exitValue() == 0 && !out.isEmpty() ? out : null;
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }
}
