package dev.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A broker's listeners must get distinct ports: a restart once got the same port for its client
 * and controller listeners, because each port was released before the next was picked.
 */
class BrokerPortsTest {

    @Test
    void everyListenerGetsItsOwnPort() {
        for (int i = 0; i < 500; i++) {
            BrokerPorts ports = BrokerPorts.allocate(0, true);
            Set<Integer> distinct = new HashSet<>(
                    Set.of(ports.client(), ports.controller(), ports.sasl().getAsInt()));
            assertThat(distinct)
                    .as("client, controller and SASL ports of %s", ports)
                    .hasSize(3);
        }
    }

    @Test
    void aRequestedClientPortIsKeptAndNotHandedToAnotherListener() {
        int requested = LoopbackPorts.distinctFreePorts(1, Set.of())[0];
        for (int i = 0; i < 200; i++) {
            BrokerPorts ports = BrokerPorts.allocate(requested, false);
            assertThat(ports.client()).isEqualTo(requested);
            assertThat(ports.controller()).isNotEqualTo(requested);
            assertThat(ports.sasl()).isEmpty();
        }
    }
}
