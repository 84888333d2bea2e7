// One file the memory engine holds for a room: its record (uploader, plaintext size, chunk count, what it reserved
// of the budgets) and its chunks' ciphertext OFF the heap, each in its own unpooled direct Netty buffer of exactly
// its length, so a stored 10 MiB file costs the heap 13.7 KB of record and handles (340 bytes a chunk, measured
// by MemoryEngineFootprintTest), not 10 MiB, and the GC never copies or scans the ciphertext. Buffers are released explicitly — when the file is deleted, or its room is dropped (destroy, the last wrong
// passphrase, expiry, the engine's close) — so the memory goes back at once, not at some later GC. Only the
// engine's event loop touches it; a chunk is copied out for a read, so a release never races a write to a socket.
package dev.vanish.server.engine.memory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

final class MemoryFile {

  /** Direct, unpooled (freed memory goes back to the OS at once), without Netty's leak detector. */
  private static final UnpooledByteBufAllocator DIRECT = new UnpooledByteBufAllocator(true, true);

  final String uploader;
  final long size;
  /** Bytes reserved against the room's file budget and the node's budget at declaration. */
  final long reserved;
  /** What it costs the node's budget: the reservation and the heap's handles of its chunks. */
  final long charged;
  private final ByteBuf[] chunks;
  private boolean released;

  MemoryFile(String uploader, long size, int chunks, long reserved, long charged) {
    this.uploader = uploader;
    this.size = size;
    this.reserved = reserved;
    this.charged = charged;
    this.chunks = new ByteBuf[chunks];
  }

  int chunkCount() {
    return chunks.length;
  }

  boolean has(int index) {
    return chunks[index] != null;
  }

  /** Copies the chunk into direct memory; the caller checked that it is not stored yet. */
  void put(int index, Buffer bytes) {
    ByteBuf src = ((BufferInternal) bytes).getByteBuf();
    int length = src.readableBytes();
    ByteBuf copy = DIRECT.directBuffer(length, length);
    copy.writeBytes(src, src.readerIndex(), length);
    chunks[index] = copy;
  }

  /** A heap copy of the chunk (one chunk, for one answer), or null when it is not stored. */
  Buffer get(int index) {
    ByteBuf stored = chunks[index];
    if (stored == null) return null;
    byte[] out = new byte[stored.readableBytes()];
    stored.getBytes(stored.readerIndex(), out);
    return Buffer.buffer(out);
  }

  /** Frees every chunk's direct memory; idempotent. */
  void release() {
    if (released) return;
    released = true;
    for (int i = 0; i < chunks.length; i++) {
      if (chunks[i] != null) chunks[i].release();
      chunks[i] = null;
    }
  }
}
