package dev.vanish.server.testsupport;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Debian's Chromium driven by Playwright for Java. Never downloads a browser. Where no Chromium is found
 * the browser tests are skipped with how to install it — except under CI=true, where that is a failure.
 */
public final class Browsers {

  private Browsers() {}

  public static Path chromium() {
    String configured = System.getenv("CHROMIUM_PATH");
    Path path = Paths.get(configured != null && !configured.isBlank() ? configured : "/usr/bin/chromium");
    if (!Files.isExecutable(path)) {
      String why = "No Chromium at " + path + ": install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH.";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException(why);
      Assumptions.abort(why);
    }
    return path;
  }

  public record Session(Playwright playwright, Browser browser) implements AutoCloseable {
    @Override
    public void close() {
      browser.close();
      playwright.close();
    }
  }

  public static Session launch() {
    return launch(List.of());
  }

  /** With more Chromium switches, e.g. a fake microphone (--use-fake-device-for-media-stream). */
  public static Session launch(List<String> extraArgs) {
    Path exe = chromium();
    Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(exe).setHeadless(true)
        .setArgs(Stream.concat(Stream.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"), extraArgs.stream()).toList()));
    return new Session(pw, browser);
  }
}
