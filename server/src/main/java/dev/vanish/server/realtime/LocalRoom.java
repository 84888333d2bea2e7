// The sockets of one room on this node, as the Hub keeps them (event loop only).
package dev.vanish.server.realtime;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

final class LocalRoom {
  final List<Session> sessions = new ArrayList<>();
  /** Open sockets per member: a member is online here while it has at least one. */
  final Map<String, Integer> socketsPerMember = new HashMap<>();
  /** Completes once the room's channel is subscribed (events published from then on arrive). */
  Future<Void> subscribed;
  long expiryTimer;
}
