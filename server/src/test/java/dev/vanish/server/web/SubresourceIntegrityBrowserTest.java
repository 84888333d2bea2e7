package dev.vanish.server.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.vanish.server.testsupport.AlteringProxy;
import dev.vanish.server.testsupport.Browsers;
import dev.vanish.server.testsupport.NodeTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * In Chromium, the page served through a real proxy that alters what it forwards: the shell pins every module
 * by Subresource Integrity, so a module with one byte changed is refused and the page does not run — whether
 * the module is preloaded by the shell or only imported later (pinned by the import map alone) — and a
 * script the proxy adds to the shell is refused by the Integrity-Policy (it has no hash). Through the same
 * proxy forwarding unchanged, the page runs with a clean console, every file from the release's folder, gzip-compressed.
 */
class SubresourceIntegrityBrowserTest extends NodeTestBase {

  private Browsers.Session browsers;
  private BrowserContext context;
  private final List<String> console = new CopyOnWriteArrayList<>();

  @BeforeAll
  void startBrowser() {
    browsers = Browsers.shared();
  }

  @AfterAll
  void stopBrowser() {
    if (browsers != null) browsers.close();
  }

  @AfterEach
  void closeContext() {
    if (context != null) context.close();
    console.clear();
  }

  private Page open(AlteringProxy proxy) {
    context = browsers.browser().newContext();
    Page page = context.newPage();
    page.onConsoleMessage(m -> console.add(m.type() + ": " + m.text()));
    page.onPageError(e -> console.add("page error: " + e));
    page.navigate(proxy.base() + "/");
    page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
    return page;
  }

  private AlteringProxy proxy() {
    return new AlteringProxy(URI.create(node.base()).getPort());
  }

  @Test
  void throughAProxyThatForwardsUnchangedThePageRuns() {
    try (AlteringProxy proxy = proxy()) {
      Page page = open(proxy);
      assertThat(page.getByTestId("create-room")).isVisible();
      assertThat(console).isEmpty();
      // Every file came from the release's folder (cached for a year), gzip-compressed through the proxy, and
      // still passed its integrity check (the console would say otherwise).
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> files = (List<Map<String, Object>>) page.evaluate("() => performance.getEntriesByType('resource')"
          + ".filter(e => e.name.startsWith(location.origin) && !e.name.includes('/api/'))"
          + ".map(e => ({ path: new URL(e.name).pathname, sent: e.encodedBodySize, parsed: e.decodedBodySize }))");
      String folder = hashed("/assets/app.js").replace("app.js", "");
      assertThat(files).extracting(f -> (String) f.get("path"))
          .contains(hashed("/assets/app.js"), hashed("/assets/lobby.js"), hashed("/assets/style.css"))
          .allMatch(path -> path.startsWith(folder), "in " + folder);
      assertThat(files).allMatch(f -> ((Number) f.get("sent")).longValue() < ((Number) f.get("parsed")).longValue(), "sent compressed");
    }
  }

  @Test
  void aPreloadedModuleWithOneByteChangedIsRefusedAndThePageDoesNotRun() {
    try (AlteringProxy proxy = proxy().alter(hashed("/assets/dom.js"), AlteringProxy::lastByteChanged)) {
      Page page = open(proxy);
      assertRefused(page, hashed("/assets/dom.js"));
    }
  }

  @Test
  void aModuleOnlyTheImportMapPinsWithOneByteChangedIsRefusedAndThePageDoesNotRun() {
    // lobby.js is neither preloaded nor the entry script: app.js imports it dynamically, so only the
    // import map's "integrity" gives its request a hash.
    try (AlteringProxy proxy = proxy().alter(hashed("/assets/lobby.js"), AlteringProxy::lastByteChanged)) {
      Page page = open(proxy);
      assertRefused(page, hashed("/assets/lobby.js"));
    }
  }

  @Test
  void aScriptTheProxyAddsToTheShellIsRefusedForHavingNoHash() {
    try (AlteringProxy proxy = proxy()
        .replace("/", "</head>", "<script type=\"module\" src=\"/assets/analytics.js\"></script>\n</head>")
        .serve("/assets/analytics.js", "text/javascript", "console.log('analytics ran'); document.title = 'pwned';\n")) {
      Page page = open(proxy);
      assertThat(page.getByTestId("create-room")).isVisible();
      assertThat(page.title()).isEqualTo("Vanish");
      assertThat(console).noneMatch(m -> m.contains("analytics ran"));
    }
  }

  /** Where the page loads an asset from: the release's folder (WebRelease). */
  private static String hashed(String plain) {
    return WebRelease.builtIn().hashedPath(plain);
  }

  private void assertRefused(Page page, String path) {
    assertThat(console).anyMatch(m -> m.startsWith("error: ") && m.contains("'integrity'") && m.contains(path)
        && m.contains("has been blocked"));
    assertThat(page.getByTestId("create-room")).hasCount(0);
    assertThat(page.getByTestId("name")).hasCount(0);
  }
}
