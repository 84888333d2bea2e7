// A file to send: its bytes (a Path, read chunk by chunk while it is uploaded, or bytes in memory), the name and
// media type receivers are told, its kind (image / voice / file), a caption (the message's text, may be ""),
// and for voice its duration, for images what happens to the photo's details. of(Path) guesses the type from the
// name; an image type makes it an image whose details are "stripped": removed by the library before it is
// uploaded (PhotoDetails, the page's rules) unless keepingPhotoDetails() says "kept" (sent as it is).
package dev.vanish.client;

import dev.vanish.client.crypto.FileRef;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

public record OutgoingFile(Path path, byte[] bytes, String name, String mime, String kind, String caption,
                           Long durationMs, String metadata) {

  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
      Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("txt", "text/plain"),
      Map.entry("pdf", "application/pdf"), Map.entry("zip", "application/zip"), Map.entry("webm", "audio/webm"),
      Map.entry("ogg", "audio/ogg"), Map.entry("oga", "audio/ogg"), Map.entry("opus", "audio/ogg"),
      Map.entry("mp3", "audio/mpeg"), Map.entry("m4a", "audio/mp4"), Map.entry("wav", "audio/wav"),
      Map.entry("mp4", "video/mp4"), Map.entry("json", "application/json"), Map.entry("md", "text/markdown"),
      Map.entry("csv", "text/csv"), Map.entry("html", "text/html"));
  private static final String OCTETS = "application/octet-stream";

  public OutgoingFile {
    if ((path == null) == (bytes == null)) throw new IllegalArgumentException("a file is a path or bytes");
    if (name == null || name.isEmpty() || name.length() > 255) throw new IllegalArgumentException("a file's name has 1 to 255 characters");
    if (mime == null || mime.isEmpty() || mime.length() > 100) throw new IllegalArgumentException("a media type has 1 to 100 characters");
    if (!FileRef.IMAGE.equals(kind) && !FileRef.VOICE.equals(kind) && !FileRef.FILE.equals(kind)) {
      throw new IllegalArgumentException("kind is image, voice or file");
    }
    if (caption == null) caption = "";
    if (metadata == null && FileRef.IMAGE.equals(kind)) metadata = "stripped"; // an image's details go unless kept
    if (metadata != null && !metadata.equals("stripped") && !metadata.equals("kept")) {
      throw new IllegalArgumentException("metadata is stripped or kept");
    }
  }

  /** A file on disk, named as it is there; its type from its extension. */
  public static OutgoingFile of(Path path) {
    Path file = path.getFileName();
    String name = file == null ? "file" : file.toString();
    if (name.length() > 255) name = name.substring(name.length() - 255);
    String mime = typeOf(name);
    return new OutgoingFile(path, null, name, mime, kindOf(mime), "", null, metadataOf(mime));
  }

  /** Bytes in memory with a name and a media type (null: from the name). */
  public static OutgoingFile of(byte[] bytes, String name, String mime) {
    String type = mime == null ? typeOf(name) : mime;
    return new OutgoingFile(null, bytes.clone(), name, type, kindOf(type), "", null, metadataOf(type));
  }

  public OutgoingFile withCaption(String text) {
    return new OutgoingFile(path, bytes, name, mime, kind, text, durationMs, metadata);
  }

  public OutgoingFile withName(String newName) {
    return new OutgoingFile(path, bytes, newName, mime, kind, caption, durationMs, metadata);
  }

  /** Another kind; metadata stays only for an image (whose details are stripped unless kept). */
  public OutgoingFile withKind(String newKind) {
    return new OutgoingFile(path, bytes, name, mime, newKind, caption, newKind.equals(FileRef.VOICE) ? durationMs : null,
        newKind.equals(FileRef.IMAGE) ? metadata : null);
  }

  /** A voice message of this duration. */
  public OutgoingFile asVoice(long millis) {
    return new OutgoingFile(path, bytes, name, mime, FileRef.VOICE, caption, millis, null);
  }

  /**
   * For an image: "stripped" (the default) removes its details before it is uploaded (a photo already stripped
   * stays as it is); "kept" sends it byte for byte, and receivers are told its details were kept.
   */
  public OutgoingFile withMetadata(String strippedOrKept) {
    return new OutgoingFile(path, bytes, name, mime, kind, caption, durationMs, strippedOrKept);
  }

  /** For an image: sent as it is, with its location, camera and other details (receivers are told: "kept"). */
  public OutgoingFile keepingPhotoDetails() {
    return withMetadata("kept");
  }

  /** Whether the library removes this image's details before uploading it. */
  public boolean stripsPhotoDetails() {
    return FileRef.IMAGE.equals(kind) && "stripped".equals(metadata);
  }

  /** The media type of a name's extension; application/octet-stream when unknown. */
  public static String typeOf(String name) {
    int dot = name == null ? -1 : name.lastIndexOf('.');
    if (dot < 0) return OCTETS;
    return TYPES.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), OCTETS);
  }

  private static String kindOf(String mime) {
    return mime.startsWith("image/") ? FileRef.IMAGE : FileRef.FILE;
  }

  private static String metadataOf(String mime) {
    return mime.startsWith("image/") ? "stripped" : null;
  }
}
