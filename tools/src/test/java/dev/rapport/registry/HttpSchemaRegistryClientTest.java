package dev.rapport.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.rapport.embedded.SchemaRegistryServer;
import dev.rapport.schema.BrandWindowStats;
import dev.rapport.schema.MessageEvent;
import dev.rapport.serde.SchemaRegistryException;
import dev.rapport.serde.UnknownSchemaIdException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpSchemaRegistryClientTest {

    private static final Schema MESSAGE = MessageEvent.getClassSchema();
    private static final Schema STATS = BrandWindowStats.getClassSchema();
    private static final String KEY_STORE_PASSWORD = "test-only";

    private final SchemaRegistryServer server = SchemaRegistryServer.start("127.0.0.1", 0);
    private HttpServer stub;
    private volatile SchemaRegistryServer restarted;

    @AfterEach
    void stop() {
        server.close();
        if (stub != null) {
            stub.stop(0);
        }
    }

    @Test
    void registersAndFetchesBackById() {
        int id = client().register("rapport.messages-value", MESSAGE);

        assertThat(server.registry().versions("rapport.messages-value")).containsExactly(id);
        assertThat(client().schemaById(id)).isEqualTo(MESSAGE);
    }

    @Test
    void registeringTwiceReturnsTheSameIdAndOneVersion() {
        int first = client().register("rapport.messages-value", MESSAGE);
        int second = client().register("rapport.messages-value", MESSAGE);

        assertThat(second).isEqualTo(first);
        assertThat(server.registry().versions("rapport.messages-value")).hasSize(1);
    }

    @Test
    void anIdenticalSchemaHasTheSameIdInEverySubject() {
        HttpSchemaRegistryClient client = client();

        int inMessages = client.register("rapport.messages-value", MESSAGE);
        int inReplay = client.register("rapport.replay-value", MESSAGE);
        int other = client.register("rapport.brand-stats-value", STATS);

        assertThat(inReplay).isEqualTo(inMessages);
        assertThat(other).isNotEqualTo(inMessages);
    }

    @Test
    void anUnknownIdIsAnUnknownSchemaIdException() {
        assertThatThrownBy(() -> client().schemaById(42))
                .isInstanceOfSatisfying(
                        UnknownSchemaIdException.class,
                        e -> assertThat(e.schemaId()).isEqualTo(42));
    }

    @Test
    void asksTheRegistryOncePerSubjectSchemaAndOncePerId() {
        int id = server.registry().register("rapport.messages-value", MESSAGE);
        HttpSchemaRegistryClient reader = client();
        HttpSchemaRegistryClient writer = client();

        long before = server.requestsServed();
        for (int i = 0; i < 3; i++) {
            reader.schemaById(id);
            writer.register("rapport.messages-value", MESSAGE);
            writer.schemaById(id);
        }

        // One GET for the reader, one POST for the writer, whose registration also answers its lookups.
        assertThat(server.requestsServed() - before).isEqualTo(2);
    }

    @Test
    void encodesSubjectsAsOnePathSegment() {
        client().register("team a/messages+v2?-value", MESSAGE);

        assertThat(server.registry().subjects()).containsExactly("team a/messages+v2?-value");
    }

    @Test
    void reportsRegistryErrorsWithUrlStatusAndMessage() {
        Schema ping = new Schema.Parser().parse("""
                {"type":"record","name":"Ping","fields":[{"name":"id","type":"string"}]}""");
        Schema incompatible = new Schema.Parser().parse("""
                {"type":"record","name":"Ping","fields":[{"name":"id","type":"string"},{"name":"n","type":"int"}]}""");
        client().register("pings-value", ping);

        assertThatThrownBy(() -> client().register("pings-value", incompatible))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(server.url() + "/subjects/pings-value/versions")
                .hasMessageContaining("HTTP 409")
                .hasMessageContaining("incompatible with an earlier schema")
                .hasMessageContaining("error_code 409");
    }

    @Test
    void reportsAnswersThatAreNotRegistryErrors() throws IOException {
        String url = startStub(502, "<html>Bad Gateway</html>", new CopyOnWriteArrayList<>());

        assertThatThrownBy(() -> new HttpSchemaRegistryClient(url, RegistryClientOptions.defaults(), Duration.ZERO)
                        .schemaById(7))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(url + "/schemas/ids/7")
                .hasMessageContaining("HTTP 502")
                .hasMessageContaining("<html>Bad Gateway</html>");
    }

    @Test
    void namesTheUrlWhenTheRegistryCannotBeReached() {
        String url = server.url();
        server.close();

        assertThatThrownBy(() -> new HttpSchemaRegistryClient(url, RegistryClientOptions.defaults(), Duration.ZERO)
                        .register("rapport.messages-value", MESSAGE))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(
                        "cannot reach the schema registry at " + url + "/subjects/rapport.messages-value/versions");
    }

    @Test
    void waitsOutARegistryRestartBehindAProxy() throws IOException {
        // a proxy answering 502 while the registry behind it restarts, then passing requests on
        List<String> seen = new CopyOnWriteArrayList<>();
        int restartingFor = 3;
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod());
            byte[] body = seen.size() <= restartingFor
                    ? "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8)
                    : "{\"id\":41}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(seen.size() <= restartingFor ? 502 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
        String url = "http://127.0.0.1:" + stub.getAddress().getPort();

        int id = new HttpSchemaRegistryClient(url, RegistryClientOptions.defaults(), Duration.ofSeconds(30))
                .register("rapport.brand-stats-value", STATS);

        assertThat(id).isEqualTo(41);
        assertThat(seen).containsExactly("POST", "POST", "POST", "POST");
    }

    @Test
    void waitsForARegistryThatIsNotListeningYet() throws Exception {
        SchemaRegistryServer later = SchemaRegistryServer.start("127.0.0.1", 0);
        String url = later.url();
        int port = java.net.URI.create(url).getPort();
        later.close();
        Thread starter = new Thread(() -> {
            try {
                Thread.sleep(1_000);
                restarted = SchemaRegistryServer.start("127.0.0.1", port);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        starter.start();
        try {
            int id = new HttpSchemaRegistryClient(url, RegistryClientOptions.defaults(), Duration.ofSeconds(30))
                    .register("rapport.messages-value", MESSAGE);
            starter.join();
            assertThat(restarted.registry().versions("rapport.messages-value")).containsExactly(id);
        } finally {
            starter.join();
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    @Test
    void givesUpOnATransientAnswerAfterTheRetryWindow() throws IOException {
        List<String> seen = new CopyOnWriteArrayList<>();
        String url = startStub(503, "<html>Service Unavailable</html>", seen);
        long started = System.nanoTime();

        assertThatThrownBy(
                        () -> new HttpSchemaRegistryClient(url, RegistryClientOptions.defaults(), Duration.ofSeconds(1))
                                .schemaById(7))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("HTTP 503");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(seen.size()).isGreaterThan(1);
    }

    @Test
    void doesNotRetryWhatARetryCannotFix() throws IOException {
        List<String> seen = new CopyOnWriteArrayList<>();
        String url = startStub(500, "{\"error_code\":50001,\"message\":\"store error\"}", seen);

        assertThatThrownBy(() -> new HttpSchemaRegistryClient(
                                url, RegistryClientOptions.defaults(), Duration.ofSeconds(30))
                        .schemaById(7))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("HTTP 500");
        assertThat(seen).hasSize(1);
    }

    @Test
    void sendsBasicAuthWhenConfiguredAndNeverShowsThePassword() throws IOException {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        String url = startStub(200, "{\"id\": 5}", authorizations);
        RegistryClientOptions options = RegistryClientOptions.defaults().withBasicAuth("rapport", "s3cret-pw");
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(url, options);

        assertThat(client.register("rapport.messages-value", MESSAGE)).isEqualTo(5);
        assertThat(authorizations).containsExactly("Basic cmFwcG9ydDpzM2NyZXQtcHc="); // base64("rapport:s3cret-pw")
        assertThat(client.toString()).contains("rapport").doesNotContain("s3cret-pw");
    }

    @Test
    void sendsNoAuthorizationByDefault() throws IOException {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        String url = startStub(200, "{\"id\": 5}", authorizations);

        new HttpSchemaRegistryClient(url).register("rapport.messages-value", MESSAGE);

        assertThat(authorizations).containsExactly("(none)");
    }

    @Test
    void refusesCredentialsInTheUrlWithoutRepeatingThem() {
        assertThatThrownBy(() -> new HttpSchemaRegistryClient("http://rapport:s3cret-pw@localhost:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("withBasicAuth")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void trustsARegistryCertificateThroughTheConfiguredSslContext(@TempDir Path dir) throws Exception {
        KeyStore keyStore = selfSignedKeyStore(dir);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, KEY_STORE_PASSWORD.toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        String url = serveAlike(https, 200, "{\"id\": 5}", new CopyOnWriteArrayList<>());

        RegistryClientOptions trusting = RegistryClientOptions.defaults().withSslContext(clientTls);
        assertThat(new HttpSchemaRegistryClient(url, trusting).register("rapport.messages-value", MESSAGE))
                .isEqualTo(5);
        assertThatThrownBy(() -> new HttpSchemaRegistryClient(url).register("rapport.messages-value", MESSAGE))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("cannot reach the schema registry at " + url);
    }

    private HttpSchemaRegistryClient client() {
        return new HttpSchemaRegistryClient(server.url());
    }

    /** A registry stand-in that answers every request alike and records its Authorization header. */
    private String startStub(int status, String body, List<String> authorizations) throws IOException {
        return serveAlike(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), status, body, authorizations);
    }

    private String serveAlike(HttpServer server, int status, String body, List<String> authorizations) {
        stub = server;
        stub.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "(none)" : authorization);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        stub.start();
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + stub.getAddress().getPort();
    }

    /** A self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
    private static KeyStore selfSignedKeyStore(Path dir)
            throws IOException, GeneralSecurityException, InterruptedException {
        Path file = Keytool.selfSignedKeyStore(dir.resolve("registry.p12"), KEY_STORE_PASSWORD);
        return KeyStore.getInstance(file.toFile(), KEY_STORE_PASSWORD.toCharArray());
    }
}
