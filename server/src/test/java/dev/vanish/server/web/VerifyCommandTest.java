package dev.vanish.server.web;

import dev.vanish.server.testsupport.AlteringProxy;
import dev.vanish.server.testsupport.Api;
import dev.vanish.server.testsupport.NodeTestBase;
import dev.vanish.server.testsupport.TestCrypto;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `vanish verify URL` against a real node, directly and through a real proxy that alters what it forwards:
 * the unmodified client passes; one changed byte, an injected module and a withheld module are each named;
 * a bad URL or a server that cannot be asked is one line and exit 2. And the shell the node serves pins every
 * file of web/assets/ (as it is on disk, whatever files are there) by the hash of the bytes served.
 */
class VerifyCommandTest extends NodeTestBase {

  /** The page's files as they are in the source tree (the module's working directory is server/). */
  private static final Path ASSETS = Paths.get("src", "main", "resources", "web", "assets");

  private record Run(int exit, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  private static Run verify(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new VerifyCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static String unmodified() {
    return "this server serves the unmodified Vanish " + WebRelease.builtIn().version() + " web client";
  }

  @Test
  void aNormalServerServesTheUnmodifiedWebClient() {
    Run run = verify(node.base());
    assertThat(run.err()).isEmpty();
    assertThat(run.lines()).containsExactly(unmodified());
    assertThat(run.exit()).isZero();
    assertThat(WebRelease.builtIn().version()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void aRoomLinkVerifiesLikeTheServersAddressAndItsKeyIsNotSent() {
    Api.Room room = api.createRoom(60, 2);
    Run run = verify(node.base() + "/r/" + room.roomId() + "#" + TestCrypto.b64(room.key()));
    assertThat(run.lines()).containsExactly(unmodified());
    assertThat(run.exit()).isZero();
  }

  @Test
  void aProxyThatForwardsEverythingUnchangedPasses() {
    try (AlteringProxy proxy = new AlteringProxy(port())) {
      Run run = verify(proxy.base() + "/");
      assertThat(run.lines()).containsExactly(unmodified());
      assertThat(run.exit()).isZero();
    }
  }

  @Test
  void aProxyThatChangesOneByteOfOneModuleIsNamedAndNothingElse() {
    try (AlteringProxy proxy = new AlteringProxy(port()).alter(hashed("/assets/dom.js"), AlteringProxy::lastByteChanged)) {
      Run run = verify(proxy.base());
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.lines()).hasSize(2);
      assertThat(run.lines().get(0)).startsWith("differs: " + hashed("/assets/dom.js") + " (served sha256 ");
      assertThat(run.lines().get(1)).isEqualTo("this server does NOT serve the unmodified Vanish "
          + WebRelease.builtIn().version() + " web client: 1 differ, 0 missing, 0 extra");
    }
  }

  @Test
  void aProxyThatChangesAModuleAtItsPlainUrlOnlyIsNamedToo() {
    // The page loads the release's folder; the plain URLs serve pages of older releases still open, and are checked too.
    try (AlteringProxy proxy = new AlteringProxy(port()).alter("/assets/dom.js", AlteringProxy::lastByteChanged)) {
      Run run = verify(proxy.base());
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.lines()).hasSize(2);
      assertThat(run.lines().get(0)).startsWith("differs: /assets/dom.js (served sha256 ");
    }
  }

  @Test
  void aModuleTheProxyInjectsIntoTheShellIsNamedAsExtraAndSoIsWhatItImports() {
    try (AlteringProxy proxy = new AlteringProxy(port())
        .replace("/", "</head>", "<script type=\"module\" src=\"/assets/analytics.js\"></script>\n</head>")
        .serve("/assets/analytics.js", "text/javascript", "import { send } from './beacon.js';\nsend(location.hash);\n")
        // Its relative import resolves to /assets/beacon.js, which the shell's import map maps into the release's folder.
        .serve(hashed("/assets/beacon.js"), "text/javascript", "export function send(k) { navigator.sendBeacon('/b', k); }\n")) {
      Run run = verify(proxy.base() + "/");
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.lines()).anyMatch(l -> l.startsWith("differs: / (served sha256 "))
          .contains("extra: /assets/analytics.js (not part of this release)", "extra: " + hashed("/assets/beacon.js") + " (not part of this release)")
          .hasSize(4);
    }
  }

  @Test
  void aModuleImportedByAnAlteredModuleIsFollowedAndNamedAsExtra() {
    try (AlteringProxy proxy = new AlteringProxy(port())
        .alter(hashed("/assets/names.js"), b -> ("import './keylogger.js';\n" + new String(b, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8))
        .serve(hashed("/assets/keylogger.js"), "text/javascript", "export const on = true;\n")) {
      Run run = verify(proxy.base());
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.lines()).anyMatch(l -> l.startsWith("differs: " + hashed("/assets/names.js") + " "))
          .contains("extra: " + hashed("/assets/keylogger.js") + " (not part of this release)")
          .hasSize(3);
    }
  }

  @Test
  void aModuleTheServerNoLongerServesIsNamedAsMissing() {
    try (AlteringProxy proxy = new AlteringProxy(port()).hide(hashed("/assets/typing.js"))) {
      Run run = verify(proxy.base());
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.lines()).first().isEqualTo("missing: " + hashed("/assets/typing.js") + " (HTTP 404)");
      assertThat(run.lines()).hasSize(2);
    }
  }

  @Test
  void aBadUrlOrAServerThatCannotBeAskedIsOneLineAndExit2() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String[][] cases = {
        {"http://127.0.0.1:" + closed + "/", "vanish verify: cannot reach 127.0.0.1:" + closed + ": connection refused"},
        {"ftp://example.org/", "vanish verify: not an http(s) URL: ftp://example.org/"},
        {"chat.example.org", "vanish verify: not an http(s) URL: chat.example.org"},
        {"http://", "vanish verify: not a URL: http://"},
        {"http://exa mple.org/", "vanish verify: not a URL: http://exa mple.org/"},
        {node.base() + "/no/such/page", "vanish verify: " + node.base() + "/no/such/page answered HTTP 404, not a page"},
    };
    for (String[] c : cases) {
      Run run = verify(c[0]);
      assertThat(run.exit()).as(c[0]).isEqualTo(2);
      assertThat(run.out()).as(c[0]).isEmpty();
      assertThat(run.err()).as(c[0]).isEqualTo(c[1] + System.lineSeparator());
    }
    Run none = verify();
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err().lines()).hasSize(1);
  }

  @Test
  void theShellPinsEveryModuleAndTheStylesheetByTheHashOfTheBytesServed() throws Exception {
    HttpResponse<byte[]> shell = get("/");
    String html = new String(shell.body(), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL).matcher(html);
    assertThat(m.find()).as("an inline import map").isTrue();
    String importMap = m.group(1);
    // The CSP allows exactly that inline script, by its hash, and nothing else inline.
    String csp = shell.headers().firstValue("Content-Security-Policy").orElseThrow();
    String hash = "'sha256-" + Base64.getEncoder().encodeToString(sha("SHA-256", importMap.getBytes(StandardCharsets.UTF_8))) + "'";
    assertThat(csp).contains("script-src 'self' " + hash + ";").doesNotContain("unsafe-inline")
        .contains("require-trusted-types-for 'script'; trusted-types 'none'");
    assertThat(shell.headers().firstValue("Integrity-Policy")).hasValue("blocked-destinations=(script)");
    // The map comes before anything that loads a module.
    assertThat(html.indexOf("type=\"importmap\"")).isLessThan(html.indexOf("<script type=\"module\"")).isLessThan(html.indexOf("</head>"));
    if (html.contains("modulepreload")) assertThat(html.indexOf("type=\"importmap\"")).isLessThan(html.indexOf("modulepreload"));

    JsonObject integrity = new JsonObject(importMap).getJsonObject("integrity");
    // A module URL under /assets/ is mapped into the release's folder; one in the folder stays there.
    String folder = hashed("/assets/");
    assertThat(new JsonObject(importMap).getJsonObject("imports").getMap()).containsOnly(
        java.util.Map.entry("/assets/", folder), java.util.Map.entry(folder, folder));
    List<String> modules = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ASSETS)) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String plain = "/assets/" + ASSETS.relativize(p).toString().replace('\\', '/');
        String path = hashed(plain); // where the page loads it from: the release's folder
        assertThat(path).matches("/assets/[0-9a-f]{12}/.+");
        byte[] served = get(path).body();
        assertThat(served).as(path + " served as on disk").isEqualTo(Files.readAllBytes(p));
        assertThat(get(plain).body()).as(plain + " served as on disk too").isEqualTo(served);
        String sri = "sha384-" + Base64.getEncoder().encodeToString(sha("SHA-384", served));
        if (path.endsWith(".js") || path.endsWith(".mjs")) { // what WebRelease counts as a module (the vendored encoder is .mjs)
          modules.add(path);
          assertThat(integrity.getString(path)).as(path).isEqualTo(sri);
        }
        // Every tag of the shell that loads the file carries its hash, and none loads it from its plain URL.
        Matcher tag = Pattern.compile("<(?:script|link)[^>]*(?:src|href)=\"" + Pattern.quote(path) + "\"[^>]*>").matcher(html);
        while (tag.find()) assertThat(tag.group()).as(path).contains("integrity=\"" + sri + "\"");
        assertThat(html).as(plain).doesNotContain("=\"" + plain + "\"");
      }
    }
    assertThat(integrity.fieldNames()).containsExactlyInAnyOrderElementsOf(modules);
    assertThat(modules).contains(hashed("/assets/app.js"), hashed("/assets/dom.js"));
    assertThat(html).containsPattern("<script type=\"module\" src=\"" + hashed("/assets/app.js") + "\" integrity=\"sha384-[^\"]+\">")
        .containsPattern("<link rel=\"stylesheet\" href=\"" + hashed("/assets/style.css") + "\" integrity=\"sha384-[^\"]+\">");
    // No per-request content: a room's page is the same bytes.
    assertThat(get("/r/" + api.createRoom(60, 2).roomId()).body()).isEqualTo(shell.body());
  }

  @Test
  void theHashesListIsWhatTheServerServesInSha256sumFormat() throws Exception {
    Run run = verify("--hashes");
    assertThat(run.exit()).isZero();
    List<String> names = new ArrayList<>();
    for (String line : run.lines()) {
      assertThat(line).matches("[0-9a-f]{64}  \\S+");
      String name = line.substring(66);
      names.add(name);
      byte[] served = get(name.equals("index.html") ? "/" : "/" + name).body();
      assertThat(line.substring(0, 64)).as(name).isEqualTo(HexFormat.of().formatHex(sha("SHA-256", served)));
    }
    List<String> onDisk = new ArrayList<>();
    onDisk.add("index.html");
    try (Stream<Path> files = Files.walk(ASSETS)) {
      files.filter(Files::isRegularFile).forEach(p -> onDisk.add("assets/" + ASSETS.relativize(p).toString().replace('\\', '/')));
    }
    assertThat(names).containsExactlyInAnyOrderElementsOf(onDisk);
  }

  /** Where the page loads an asset from: the release's folder (WebRelease). */
  private static String hashed(String plain) {
    return WebRelease.builtIn().hashedPath(plain);
  }

  private int port() {
    return URI.create(node.base()).getPort();
  }

  private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.base() + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r;
  }

  private static byte[] sha(String algorithm, byte[] b) throws Exception {
    return MessageDigest.getInstance(algorithm).digest(b);
  }
}
