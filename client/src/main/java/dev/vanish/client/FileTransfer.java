// A file transfer under way: its result, and cancel(). Cancelling an upload stops it at the next chunk, deletes
// what was uploaded (the room's reservation is freed) and fails the result with FILE_FAILED; cancelling a
// download stops it and deletes its temporary file. After the result completed, cancel() does nothing.
package dev.vanish.client;

import io.vertx.core.Future;

import java.util.concurrent.atomic.AtomicBoolean;

public final class FileTransfer<T> {

  private final AtomicBoolean cancelled;
  private final Future<T> result;

  FileTransfer(AtomicBoolean cancelled, Future<T> result) {
    this.cancelled = cancelled;
    this.result = result;
  }

  public Future<T> result() {
    return result;
  }

  public void cancel() {
    cancelled.set(true);
  }

  public boolean cancelled() {
    return cancelled.get();
  }
}
