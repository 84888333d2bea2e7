package dev.vanish.server.message;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Per-member message rate on this node: a token bucket of {@code burst} messages refilled at {@code perSecond}.
 * It keeps one member from flooding a room; buckets that refilled completely are dropped, so idle members
 * cost nothing. Used only on the node's event loop, so no locks. (Limits shared by every node behind a load
 * balancer belong to the abuse-limits work; this one bounds a single connection's flood at its node.)
 */
public final class SendRate {

  private static final class Bucket {
    double tokens;
    long at;
  }

  private final double perSecond;
  private final int burst;
  private final Map<String, Bucket> buckets = new HashMap<>();

  public SendRate(double perSecond, int burst) {
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /** Takes one token; returns 0 when allowed, else the whole seconds to wait before the next one. */
  public long take(String key, long now) {
    Bucket b = buckets.computeIfAbsent(key, k -> {
      Bucket n = new Bucket();
      n.tokens = burst;
      n.at = now;
      return n;
    });
    refill(b, now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
  }

  private void refill(Bucket b, long now) {
    b.tokens = Math.min(burst, b.tokens + (now - b.at) * perSecond / 1000.0);
    b.at = now;
  }

  /** Drops buckets that are full again; call now and then. */
  public void sweep(long now) {
    for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
      Bucket b = it.next();
      refill(b, now);
      if (b.tokens >= burst) it.remove();
    }
  }

  public int size() {
    return buckets.size();
  }
}
