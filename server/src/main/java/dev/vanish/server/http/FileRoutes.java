// The file endpoints of docs/PROTOCOL.md §8: declare a file (JSON), put and get its chunks (raw ciphertext,
// application/octet-stream, one chunk per request: no request or answer holds more than one chunk), cancel it.
// Checks in the order of the message endpoints: the roomId's shape (404), the request itself (413 from
// Content-Length before any byte of a body is read, 415, 400), the room (404), the token (401), then the file
// (404 file_not_found, 403, 400 for its chunk's index or length, 429, 507).
package dev.vanish.server.http;

import dev.vanish.server.config.FileLimits;
import dev.vanish.server.error.ErrorCode;
import dev.vanish.server.error.VanishError;
import dev.vanish.server.file.FileService;
import dev.vanish.server.limits.ClientIp;
import dev.vanish.server.room.RoomService;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Locale;
import java.util.regex.Pattern;

public final class FileRoutes {

  /** The largest chunk body: a whole chunk's ciphertext. The 64 KiB limit of JSON bodies stays for every other route. */
  public static final int MAX_CHUNK_BODY = FileLimits.CHUNK_BYTES + FileLimits.CHUNK_OVERHEAD;
  private static final String OCTETS = "application/octet-stream";
  private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]{0,8}");

  private final RoomService rooms;
  private final FileService files;
  private final ClientIp clientIp;

  public FileRoutes(RoomService rooms, FileService files, ClientIp clientIp) {
    this.rooms = rooms;
    this.files = files;
    this.clientIp = clientIp;
  }

  /** Mounts on the API router (paths relative to /api/v1); {@code json} reads the declaration's JSON body. */
  public void mount(Router api, Handler<RoutingContext> json) {
    api.post("/rooms/:roomId/files").handler(FileRoutes::roomShape).handler(json).handler(this::declare);
    api.put("/rooms/:roomId/files/:fileId/chunks/:i").handler(chunkReader()).handler(this::put);
    Reads.get(api, "/rooms/:roomId/files/:fileId/chunks/:i").handler(this::get);
    api.delete("/rooms/:roomId/files/:fileId").handler(this::delete);
  }

  /** A roomId of the wrong shape is 404 before anything of the request is looked at. */
  private static void roomShape(RoutingContext ctx) {
    RoomRoutes.roomId(ctx);
    ctx.next();
  }

  /**
   * The roomId's shape, then 413 from Content-Length before any byte is read, then 415 for anything but raw bytes;
   * only then is the body read, at most one chunk of it (a chunked body past that is 413 too).
   */
  private static Handler<RoutingContext> chunkReader() {
    BodyHandler reader = BodyHandler.create(false).setBodyLimit(MAX_CHUNK_BODY).setPreallocateBodyBuffer(true);
    return ctx -> {
      RoomRoutes.roomId(ctx);
      chunkHeaders(ctx);
      reader.handle(ctx);
    };
  }

  private static void chunkHeaders(RoutingContext ctx) {
    if (JsonIo.declaredOver(ctx, MAX_CHUNK_BODY)) {
      throw VanishError.of(ErrorCode.PAYLOAD_TOO_LARGE, "A chunk is at most " + MAX_CHUNK_BODY + " bytes.");
    }
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(OCTETS)) {
      throw VanishError.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be " + OCTETS + ".");
    }
  }

  private void declare(RoutingContext ctx) {
    long size = files.validSize(JsonIo.body(ctx).getValue("size"));
    String ip = clientIp.of(ctx.request());
    RoomRoutes.reply(ctx, Bearer.seat(ctx, rooms).compose(seat -> files.declare(seat, size, ip)).map(d -> new JsonObject()
        .put("fileId", d.fileId()).put("chunks", d.chunks()).put("chunkBytes", d.chunkBytes())
        .put("expiresAt", d.expiresAt())), 201);
  }

  private void put(RoutingContext ctx) {
    int index = index(ctx);
    String fileId = ctx.pathParam("fileId");
    String ip = clientIp.of(ctx.request());
    Buffer read = ctx.body().buffer();
    Buffer bytes = read == null ? Buffer.buffer() : read;
    Bearer.seat(ctx, rooms).compose(seat -> files.put(seat, fileId, index, bytes, ip))
        .onSuccess(v -> JsonIo.noContent(ctx)).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    RoomRoutes.roomId(ctx);
    int index = index(ctx);
    String fileId = ctx.pathParam("fileId");
    String ip = clientIp.of(ctx.request());
    Bearer.seat(ctx, rooms).compose(seat -> files.get(seat, fileId, index, ip))
        .onSuccess(b -> ctx.response().setStatusCode(200).putHeader("Content-Type", OCTETS)
            .putHeader("Cache-Control", "no-store").putHeader("Content-Length", Integer.toString(b.length())).end(b))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    RoomRoutes.roomId(ctx);
    String fileId = ctx.pathParam("fileId");
    Bearer.seat(ctx, rooms).compose(seat -> files.delete(seat, fileId))
        .onSuccess(v -> JsonIo.noContent(ctx)).onFailure(ctx::fail);
  }

  /** The chunk index {@code i}: a decimal integer without leading zeros (its range is the file's business). */
  private static int index(RoutingContext ctx) {
    String i = ctx.pathParam("i");
    if (i == null || !INDEX.matcher(i).matches()) throw VanishError.invalid("i must be a chunk index: a whole number from 0.");
    return Integer.parseInt(i);
  }
}
