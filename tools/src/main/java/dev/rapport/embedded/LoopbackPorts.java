package dev.rapport.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Finds TCP ports on 127.0.0.1 that are free right now. */
final class LoopbackPorts {

    private LoopbackPorts() {}

    /**
     * {@code count} distinct free ports, none of them in {@code excluded}. The controller quorum
     * address has to be written into the config before the broker binds, so Kafka's own port-0
     * binding cannot be used: the OS picks the ports and we release them just before Kafka binds
     * them. All sockets stay open until every port is picked — released one by one, the OS may
     * hand the same port out twice (a broker restart once got one port for both listeners).
     */
    static int[] distinctFreePorts(int count, Set<Integer> excluded) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            int found = 0;
            while (found < count) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                if (!excluded.contains(socket.getLocalPort())) {
                    ports[found++] = socket.getLocalPort();
                }
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on 127.0.0.1", e);
        } finally {
            held.forEach(LoopbackPorts::closeQuietly);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a listening socket that never accepted anything does not fail in practice;
            // the port is released either way once the socket is garbage.
        }
    }
}
