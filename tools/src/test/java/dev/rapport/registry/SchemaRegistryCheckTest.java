package dev.rapport.registry;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.config.ConfigException;
import dev.rapport.embedded.SchemaRegistryServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SchemaRegistryCheckTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void aRunningRegistryAndAnInProcessOnePass() {
        try (SchemaRegistryServer server = SchemaRegistryServer.start("127.0.0.1", 0)) {
            assertThatCode(() -> SchemaRegistryCheck.verify(server.url(), TIMEOUT))
                    .doesNotThrowAnyException();
        }
        assertThatCode(() -> SchemaRegistryCheck.verify("mock://rapport", TIMEOUT))
                .doesNotThrowAnyException();
    }

    @Test
    void aClosedPortNamesTheSetting() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> SchemaRegistryCheck.verify("http://127.0.0.1:" + closedPort, TIMEOUT))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("setting 'schema.registry.url': cannot reach http://127.0.0.1:" + closedPort
                        + "/subjects within 5 s");
    }

    @Test
    void somethingElseThanARegistryNamesTheSettingAndNotTheCredentials() {
        try (SchemaRegistryServer server = SchemaRegistryServer.start("127.0.0.1", 0)) {
            String wrongPath = server.url().replace("http://", "http://user:hunter2@") + "/not-the-registry";

            assertThatThrownBy(() -> SchemaRegistryCheck.verify(wrongPath, TIMEOUT))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("setting 'schema.registry.url': GET http://127.0.0.1:")
                    .hasMessageContaining("answered HTTP 404")
                    .hasMessageNotContaining("hunter2");
        }
    }
}
