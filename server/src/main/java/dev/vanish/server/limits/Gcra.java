// The memory engine's limiter: GCRA (a token bucket kept as one "theoretical arrival time" per key), the
// same arithmetic as redis/rate_limit.lua so both engines limit alike. A bucket of `limit` tokens
// refills completely over `windowMs`. Event-loop only, so no locks; keys whose bucket is full again
// are dropped by sweep, so quiet clients cost nothing.
package dev.vanish.server.limits;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

public final class Gcra {

  private final Map<String, Long> tat = new HashMap<>();

  /** Takes one token: 0 when allowed, else the milliseconds until one is available. */
  public long hit(String key, int limit, long windowMs, long now) {
    return hit(key, limit, windowMs, now, 1);
  }

  /**
   * Takes {@code cost} tokens at once (a message's bytes): 0 when allowed, else the milliseconds until they are.
   * The arrival time is rounded up, so many small costs are never under-charged (a cost of 100 bytes at 3 MiB/1m
   * is 1.9 ms). A cost beyond the whole bucket is never allowed: the answer is the full window.
   */
  public long hit(String key, int limit, long windowMs, long now, long cost) {
    if (cost > limit) return windowMs;
    double interval = (double) windowMs / limit;
    long t = Math.max(tat.getOrDefault(key, now), now);
    double allowAt = t + cost * interval - windowMs;
    if (now < allowAt) return (long) Math.ceil(allowAt - now);
    tat.put(key, (long) Math.ceil(t + cost * interval));
    return 0;
  }

  public void sweep(long now) {
    for (Iterator<Long> it = tat.values().iterator(); it.hasNext(); ) if (it.next() <= now) it.remove();
  }

  public int size() {
    return tat.size();
  }
}
