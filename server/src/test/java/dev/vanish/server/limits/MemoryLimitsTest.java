package dev.vanish.server.limits;

/** The abuse limits on the memory engine: counted on the node. */
class MemoryLimitsTest extends LimitsContractTest {
}
