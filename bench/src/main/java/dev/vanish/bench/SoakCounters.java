// The soak's running totals, added to from every lane (LongAdder: lock-free, cheap on the hot path) and read
// once at the end. What is expected churn (expiries, destroys, leaves, resumes, non-readers cut) is counted
// apart from what is an error; the errors themselves go to Errors by kind.
package dev.vanish.bench;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.concurrent.atomic.LongAdder;

final class SoakCounters {
  final LongAdder roomsCreated = new LongAdder();
  final LongAdder roomsExpired = new LongAdder();
  final LongAdder roomsDestroyed = new LongAdder();
  final LongAdder roomsFinished = new LongAdder();
  final LongAdder joins = new LongAdder();
  final LongAdder leaves = new LongAdder();
  final LongAdder drops = new LongAdder();
  final LongAdder resumed = new LongAdder();
  final LongAdder sent = new LongAdder();
  final LongAdder sendsCutByEnd = new LongAdder();
  final LongAdder received = new LongAdder();
  final LongAdder expected = new LongAdder();
  final LongAdder lost = new LongAdder();
  final LongAdder duplicates = new LongAdder();
  final LongAdder mismatched = new LongAdder();
  final LongAdder nonReaders = new LongAdder();
  final LongAdder nonReadersCut = new LongAdder();
  /** How the cut non-readers' sockets ended: the close code received, or "none". */
  final Errors nonReaderCloses = new Errors();

  JsonObject toJson() {
    return new JsonObject()
        .put("roomsCreated", roomsCreated.sum()).put("roomsExpired", roomsExpired.sum())
        .put("roomsDestroyed", roomsDestroyed.sum()).put("roomsFinished", roomsFinished.sum())
        .put("joins", joins.sum()).put("leaves", leaves.sum()).put("drops", drops.sum())
        .put("resumed", resumed.sum()).put("sent", sent.sum()).put("sendsCutByEnd", sendsCutByEnd.sum())
        .put("received", received.sum()).put("expected", expected.sum()).put("lost", lost.sum())
        .put("duplicates", duplicates.sum()).put("mismatched", mismatched.sum())
        .put("nonReaders", nonReaders.sum()).put("nonReadersCut", nonReadersCut.sum())
        .put("nonReaderCloses", new JsonObject(new LinkedHashMap<String, Object>(nonReaderCloses.snapshot())));
  }
}
