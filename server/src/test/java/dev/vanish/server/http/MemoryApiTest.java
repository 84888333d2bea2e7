package dev.vanish.server.http;

/** The HTTP API on the embedded memory engine. */
class MemoryApiTest extends ApiContractTest {}
