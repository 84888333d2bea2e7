// Test helper: a room link in a temporary file only its owner can read, as a person would keep it for
// --link-file (the key never on a command line).
package dev.vanish.client.cli;

import dev.vanish.client.Link;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

final class LinkFiles {

  private LinkFiles() {}

  static String of(Link link) {
    return write(link.format() + "\n");
  }

  static String write(String content) {
    try {
      Path f = Files.createTempFile("vanish-link-", ".txt", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(f, content);
      f.toFile().deleteOnExit();
      return f.toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
