// Which pub/sub a node's room channels use, as data rather than a flag: sharded (SSUBSCRIBE/SPUBLISH, Redis 7+,
// each channel lives in its room's slot, so a Cluster never broadcasts it) or classic (SUBSCRIBE/PUBLISH, for
// Redis 6, where every message reaches every node of a Cluster). One row each, like Redis's own pubsubtype
// struct: the commands, the reply names the subscriber reads, and the publish command the Lua scripts use.
// Decided once at start from the server's version (RedisEngine.start).
package dev.vanish.server.engine.redis;

import io.vertx.redis.client.Command;

enum PubSubKind {
  SHARDED(Command.SSUBSCRIBE, Command.SUNSUBSCRIBE, Command.SPUBLISH, "SPUBLISH", "ssubscribe", "sunsubscribe", "smessage"),
  CLASSIC(Command.SUBSCRIBE, Command.UNSUBSCRIBE, Command.PUBLISH, "PUBLISH", "subscribe", "unsubscribe", "message");

  final Command subscribe;
  final Command unsubscribe;
  final Command publish;
  /** The publish command as the Lua scripts call it (lib.lua's PUBLISH_COMMAND). */
  final String luaPublish;
  /** Reply names: a subscription confirmed, a subscription ended (asked or, sharded, because a slot moved), an event. */
  final String subscribed;
  final String unsubscribed;
  final String message;

  PubSubKind(Command subscribe, Command unsubscribe, Command publish, String luaPublish, String subscribed,
      String unsubscribed, String message) {
    this.subscribe = subscribe;
    this.unsubscribe = unsubscribe;
    this.publish = publish;
    this.luaPublish = luaPublish;
    this.subscribed = subscribed;
    this.unsubscribed = unsubscribed;
    this.message = message;
  }

  /** Sharded pub/sub from Redis 7 on. */
  static PubSubKind forMajorVersion(int major) {
    return major >= 7 ? SHARDED : CLASSIC;
  }
}
