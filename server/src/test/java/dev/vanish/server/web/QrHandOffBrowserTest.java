package dev.vanish.server.web;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The QR hand-off in Chromium against a real node: "QR" shows the room's link as a QR code drawn in the page, which
 * ZXing decodes from a screenshot of it to exactly the full link (the one "Copy link" copies: the address bar
 * never holds the key), at phone and desktop sizes; the encoder is the
 * vendored qrcode-generator, fetched from this server only once the button is pressed, under the page's CSP,
 * Trusted Types and integrity pinning (any complaint fails the test). Saves screenshots of the dialog.
 */
class QrHandOffBrowserTest extends RoomPageTestBase {

  private static final String ENCODER = "/assets/vendor/qrcode-generator/qrcode.mjs";
  private static final Path VENDOR = Paths.get("src", "main", "resources", "web", "assets", "vendor");

  @Test
  void theQrCodeDecodesToTheExactLinkAndTheEncoderLoadsOnlyWhenAskedFor() throws Exception {
    Page alice = newPage(1280, 800);
    List<String> requests = new CopyOnWriteArrayList<>();
    alice.onRequest(r -> requests.add(r.url()));
    String link = createFromLobby(alice, "alice", "2");
    Page bob = newPage(390, 844);
    bob.onRequest(r -> requests.add(r.url()));
    openAndJoin(bob, link);
    waitConnected(bob);
    assertThat(requests).noneMatch(u -> u.contains("/vendor/") || u.endsWith("/qr.js"));

    for (Page p : List.of(alice, bob)) {
      p.getByTestId("qr-button").click();
      assertThat(p.getByTestId("qr-code")).isVisible();
      assertThat(decoded(p)).isEqualTo(link);
      String size = p.viewportSize().width + "x" + p.viewportSize().height;
      p.screenshot(new Page.ScreenshotOptions().setPath(BrowserChatTest.SHOTS.resolve("qr-" + size + ".png")));
      p.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Close")).click();
      assertThat(p.getByTestId("qr-code")).hasCount(0);
      assertThat(p.getByTestId("qr-button")).isFocused();
    }
    // From the release's folder, where the import map pins them (WebRelease).
    WebRelease release = WebRelease.builtIn();
    assertThat(requests).contains(api.base() + release.hashedPath(ENCODER), api.base() + release.hashedPath("/assets/qr.js"));
    assertThat(requests).allMatch(u -> u.startsWith(api.base() + "/"));
  }

  @Test
  void leavingTheRoomTakesTheQrCodeWithIt() {
    Page alice = newPage();
    String link = createFromLobby(alice, "alice", "2");
    alice.getByTestId("qr-button").click();
    assertThat(alice.getByTestId("qr-code")).isVisible();
    // The room ends while the code is on screen (another seat destroys it over the API).
    dev.vanish.server.testsupport.Api.Member other = api.join(roomOf(link));
    assertThat(api.delete("/api/v1/rooms/" + other.roomId(), other.token()).status()).isEqualTo(204);
    assertThat(alice.getByTestId("banner")).hasAttribute("data-reason", "destroyed");
    assertThat(alice.getByTestId("qr-code")).hasCount(0);
  }

  @Test
  void theVendoredEncoderIsTheFileItsReadmeRecordsAndTheServerServesIt() throws Exception {
    byte[] file = Files.readAllBytes(VENDOR.resolve("qrcode-generator/qrcode.mjs"));
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
    assertThat(Files.readString(VENDOR.resolve("README.md"))).contains("| 2.0.4 |").contains("`" + sha + "`");
    assertThat(Files.readString(VENDOR.resolve("qrcode-generator/LICENSE"))).startsWith("MIT License").contains("Kazuhiko Arase");
    var served = api.get(ENCODER);
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.header("Content-Type")).startsWith("text/javascript");
    assertThat(served.raw().getBytes(StandardCharsets.UTF_8)).isEqualTo(file);
  }

  /**
   * The QR code on the page, decoded from a screenshot of it: tried again for up to 3 s when ZXing finds no code (once
   * in a full run a screenshot taken as the dialog opened held none); what it decodes to is what is asserted.
   */
  private static String decoded(Page p) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return decode(p.getByTestId("qr-code").screenshot());
      } catch (com.google.zxing.NotFoundException none) {
        if (attempt == 15) throw none;
        Thread.sleep(200);
      }
    }
  }

  private static String decode(byte[] png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
    Result r = new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
    return r.getText();
  }
}
