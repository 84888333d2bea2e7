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

  /** A Playwright with its Chromium; closing a {@link #shared()} one does nothing (the JVM's exit closes it). */
  public record Session(Playwright playwright, Browser browser, boolean isShared) implements AutoCloseable {
    @Override
    public void close() {
      if (isShared) return;
      browser.close();
      playwright.close();
    }
  }

  private static Session shared;

  /**
   * One Playwright driver and one Chromium for every browser suite of this JVM (each test still gets fresh
   * browser contexts, which share no cookies, storage or cache): starting both took 2–3 s per class, ~40 s of
   * the suite. Launched again if the browser went away (a crash in one suite does not fail the next).
   */
  public static synchronized Session shared() {
    if (shared == null || !shared.browser().isConnected()) {
      Session s = launch();
      shared = new Session(s.playwright(), s.browser(), true);
      Session closing = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          closing.browser().close();
          closing.playwright().close();
        } catch (RuntimeException ignored) {
          // the JVM is exiting; the driver and Chromium die with it
        }
      }));
    }
    return shared;
  }

  public static Session launch() {
    Path exe = chromium();
    Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(exe).setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            // A fake microphone (a tone) whose permission prompt is answered yes: voice messages in the page.
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            // and a voice message may play before anyone clicks (FilesBrowserTest checks that it does).
            "--autoplay-policy=no-user-gesture-required")));
    return new Session(pw, browser, false);
  }
}
