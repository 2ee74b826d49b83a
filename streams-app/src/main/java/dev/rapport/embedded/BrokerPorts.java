package dev.rapport.embedded;

import java.util.OptionalInt;

/** The loopback ports one broker run listens on. */
record BrokerPorts(int client, int controller, OptionalInt sasl) {

    static BrokerPorts allocate(int requestedClientPort, boolean withSaslListener) {
        return new BrokerPorts(
                LoopbackPorts.freePortUnless(requestedClientPort),
                LoopbackPorts.freePort(),
                withSaslListener ? OptionalInt.of(LoopbackPorts.freePort()) : OptionalInt.empty());
    }
}
