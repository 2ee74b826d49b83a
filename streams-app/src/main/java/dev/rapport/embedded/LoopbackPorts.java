package dev.rapport.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds TCP ports on 127.0.0.1 that are free right now. */
final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /**
     * The controller quorum address has to be written into the config before the broker binds,
     * so Kafka's own port-0 binding cannot be used; the OS picks a free port and we release it
     * just before Kafka binds it.
     */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on 127.0.0.1", e);
        }
    }

    static int freePortUnless(int requestedPort) {
        return requestedPort == 0 ? freePort() : requestedPort;
    }
}
