package dev.rapport.embedded;

import java.util.OptionalInt;
import java.util.Set;

/** The loopback ports one broker run listens on, all distinct. */
record BrokerPorts(int client, int controller, OptionalInt sasl) {

    static BrokerPorts allocate(int requestedClientPort, boolean withSaslListener) {
        boolean clientRequested = requestedClientPort != 0;
        int needed = (clientRequested ? 0 : 1) + 1 + (withSaslListener ? 1 : 0);
        int[] free = LoopbackPorts.distinctFreePorts(needed, clientRequested ? Set.of(requestedClientPort) : Set.of());
        int next = 0;
        int client = clientRequested ? requestedClientPort : free[next++];
        int controller = free[next++];
        return new BrokerPorts(client, controller, withSaslListener ? OptionalInt.of(free[next]) : OptionalInt.empty());
    }
}
