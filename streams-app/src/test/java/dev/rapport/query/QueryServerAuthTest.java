package dev.rapport.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.StreamsProperties;
import dev.rapport.serde.InMemorySchemaRegistry;
import dev.rapport.topology.EngagementSettings;
import dev.rapport.topology.EngagementTopology;
import dev.rapport.topology.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With query.token set, the query API answers nothing without the bearer token. */
class QueryServerAuthTest {
    @TempDir
    Path state;

    @Test
    void requestsWithoutTheRightTokenAreRejectedBeforeAnyStateIsRead() throws Exception {
        Properties props = StreamsProperties.of(RapportConfig.defaults(), "127.0.0.1:1");
        props.put("state.dir", state.toString());
        // Never started: authentication is checked before the application's state.
        KafkaStreams streams = new KafkaStreams(
                EngagementTopology.build(
                        new Topics(new InMemorySchemaRegistry()),
                        EngagementSettings.from(RapportConfig.defaults()),
                        System::currentTimeMillis),
                props);
        try (QueryServer server = new QueryServer(
                        streams, "127.0.0.1", new HostInfo("127.0.0.1", 0), "s3cret", System::currentTimeMillis)
                .start()) {
            String url = "http://127.0.0.1:" + server.port() + "/waits?brand=acme";
            assertThat(status(url, null)).isEqualTo(401);
            assertThat(status(url, "Bearer wrong")).isEqualTo(401);
            assertThat(status(url, "Bearer s3cret"))
                    .as("authenticated; not running yet")
                    .isEqualTo(503);
        } finally {
            streams.close();
        }
    }

    private static int status(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
