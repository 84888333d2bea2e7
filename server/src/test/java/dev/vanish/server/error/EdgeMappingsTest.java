package dev.vanish.server.error;

import dev.vanish.server.http.HttpErrors;
import dev.vanish.server.realtime.CloseCodes;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error vocabulary and its two edges: every code has an HTTP status and a close code, the close code is
 * 4000 + the status (docs/PROTOCOL.md), the wire names are the documented ones, and only failures worth a
 * retry are transient.
 */
class EdgeMappingsTest {

  @Test
  void everyCodeMapsToTheDocumentedStatusAndItsCloseCodeIs4000PlusThatStatus() {
    for (ErrorCode code : ErrorCode.values()) {
      int status = HttpErrors.status(code);
      assertThat(status).as(code.name()).isBetween(400, 599);
      assertThat((int) CloseCodes.forError(code)).as(code.name()).isEqualTo(4000 + status);
    }
    assertThat(HttpErrors.status(ErrorCode.UNAUTHORIZED)).isEqualTo(401);
    assertThat(HttpErrors.status(ErrorCode.ROOM_NOT_FOUND)).isEqualTo(404);
    assertThat(HttpErrors.status(ErrorCode.RATE_LIMITED)).isEqualTo(429);
    assertThat(HttpErrors.status(ErrorCode.UNAVAILABLE)).isEqualTo(503);
    assertThat(HttpErrors.status(ErrorCode.STORAGE_FULL)).isEqualTo(507);
    assertThat(CloseCodes.forError(ErrorCode.UNAUTHORIZED)).isEqualTo(CloseCodes.UNAUTHORIZED);
    assertThat(CloseCodes.forError(ErrorCode.ROOM_NOT_FOUND)).isEqualTo(CloseCodes.ROOM_NOT_FOUND);
    assertThat(CloseCodes.forError(ErrorCode.UNAVAILABLE)).isEqualTo(CloseCodes.UNAVAILABLE);
    assertThat(CloseCodes.forError(ErrorCode.INVALID_REQUEST)).isEqualTo(CloseCodes.INVALID);
    assertThat(CloseCodes.forError(ErrorCode.UNSUPPORTED_VERSION)).isEqualTo(CloseCodes.INVALID);
    assertThat(HttpErrors.status(ErrorCode.PASSPHRASE_REQUIRED)).isEqualTo(401);
    assertThat(HttpErrors.status(ErrorCode.WRONG_PASSPHRASE)).isEqualTo(403);
    assertThat(HttpErrors.status(ErrorCode.ROOM_EXISTS)).isEqualTo(409);
    assertThat(HttpErrors.status(ErrorCode.FILE_TOO_LARGE)).isEqualTo(413);
    assertThat(HttpErrors.status(ErrorCode.FILE_NOT_FOUND)).isEqualTo(404);
  }

  @Test
  void wireNamesAreTheClosedListOfTheProtocol() {
    Set<String> wire = new HashSet<>();
    Arrays.stream(ErrorCode.values()).forEach(c -> wire.add(c.wire()));
    assertThat(wire).containsExactlyInAnyOrder("invalid_request", "unauthorized", "forbidden", "room_not_found",
        "not_found", "method_not_allowed", "room_full", "payload_too_large", "unsupported_media_type", "uri_too_long",
        "headers_too_large", "rate_limited", "internal", "unavailable", "storage_full",
        // protocol v2
        "unsupported_version", "room_exists", "passphrase_required", "wrong_passphrase",
        // files (issue 17)
        "file_too_large", "file_not_found");
  }

  @Test
  void onlyOutagesBugsRateLimitsAndFullStorageAreWorthARetry() {
    assertThat(Arrays.stream(ErrorCode.values()).filter(ErrorCode::isTransient))
        .containsExactlyInAnyOrder(ErrorCode.RATE_LIMITED, ErrorCode.INTERNAL, ErrorCode.UNAVAILABLE,
            ErrorCode.STORAGE_FULL);
  }

  @Test
  void aBugIsReportedAsInternalAndADeclaredOutageAsItself() {
    assertThat(Failures.classify(new NullPointerException("x"), "test").code()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(Failures.classify(new IllegalStateException("Redis said no"), "test").code()).isEqualTo(ErrorCode.INTERNAL);
    VanishError outage = VanishError.unavailable(new IllegalStateException("connection closed"));
    assertThat(Failures.classify(outage, "test")).isSameAs(outage);
    VanishError limited = VanishError.rateLimited(3, "messages");
    assertThat(Failures.classify(limited, "test").retryAfterSeconds()).isEqualTo(3);
    assertThat(limited.getMessage()).isEqualTo("Too many messages; try again in 3 s.");
  }
}
