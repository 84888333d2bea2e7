// Progress of one file transfer, called on the session's context (never block in it): bytes of plaintext
// uploaded, or downloaded and checked, so far, out of the file's size. Called at least once, at the end.
package dev.vanish.client;

@FunctionalInterface
public interface FileProgress {

  FileProgress NONE = (done, total) -> { };

  void progress(long done, long total);
}
