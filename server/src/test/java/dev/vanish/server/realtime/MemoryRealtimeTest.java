package dev.vanish.server.realtime;

/** The WebSocket protocol on the embedded memory engine. */
class MemoryRealtimeTest extends RealtimeContractTest {}
