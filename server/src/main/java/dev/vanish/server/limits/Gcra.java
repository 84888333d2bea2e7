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
    double interval = (double) windowMs / limit;
    long t = Math.max(tat.getOrDefault(key, now), now);
    double allowAt = t + interval - windowMs;
    if (now < allowAt) return (long) Math.ceil(allowAt - now);
    tat.put(key, Math.round(t + interval));
    return 0;
  }

  public void sweep(long now) {
    for (Iterator<Long> it = tat.values().iterator(); it.hasNext(); ) if (it.next() <= now) it.remove();
  }

  public int size() {
    return tat.size();
  }
}
