package dev.rapport.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.rapport.config.ConfigException;
import dev.rapport.config.RapportConfig;
import dev.rapport.schema.MessageEvent;
import dev.rapport.serde.SchemaRegistryException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema.registry.* security settings against a registry served over HTTPS with a self-signed
 * certificate (made by keytool) and basic or bearer authentication: the start-up check and the
 * client the serdes use.
 */
class RegistrySecurityTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Schema MESSAGE = MessageEvent.getClassSchema();
    private static final String USER_INFO = "rapport:c0rrect-h0rse";
    private static final String TOKEN = "registry-bearer-t0ken";

    @TempDir
    static Path dir;

    private static SecuredRegistryServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SecuredRegistryServer.start(dir, USER_INFO, TOKEN);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void forget() {
        server.authorizations().clear();
    }

    private static RapportConfig config(String... settings) {
        Map<String, String> values = new HashMap<>(Map.of(
                "schema.registry.url", server.url(),
                "schema.registry.ssl.truststore.location", server.trustStore().toString(),
                "schema.registry.ssl.truststore.password", SecuredRegistryServer.TRUST_STORE_PASSWORD));
        for (int i = 0; i < settings.length; i += 2) {
            if (settings[i + 1] == null) {
                values.remove(settings[i]);
            } else {
                values.put(settings[i], settings[i + 1]);
            }
        }
        return RapportConfig.defaults().with(values);
    }

    @Test
    void goodBasicCredentialsAndTheTrustStorePassTheCheckAndCarryRegistrationAndLookup() {
        RapportConfig config = config("schema.registry.basic.auth.user.info", USER_INFO);

        assertThatCode(() -> SchemaRegistryCheck.verify(config, TIMEOUT)).doesNotThrowAnyException();
        int id = SchemaRegistries.forConfig(config).register("rapport.messages-value", MESSAGE);
        // A second client, as a reader would have: it finds the schema by id.
        Schema fetched = SchemaRegistries.forConfig(config).schemaById(id);

        assertThat(server.registry().versions("rapport.messages-value")).containsExactly(id);
        assertThat(fetched).isEqualTo(MESSAGE);
        assertThat(server.authorizations())
                .hasSize(3)
                .containsOnly(
                        "Basic " + Base64.getEncoder().encodeToString(USER_INFO.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void wrongCredentialsStopTheCheckWithOneLineNamingTheSettingAndNotThePassword() {
        RapportConfig config = config("schema.registry.basic.auth.user.info", "rapport:wr0ng-h0rse");

        assertThatThrownBy(() -> SchemaRegistryCheck.verify(config, TIMEOUT))
                .isInstanceOf(ConfigException.class)
                .hasMessage("setting 'schema.registry.basic.auth.user.info': the registry at " + server.url()
                        + "/subjects refused the credentials (HTTP 401)");
        assertThatThrownBy(() -> SchemaRegistries.forConfig(config).register("rapport.messages-value", MESSAGE))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("setting 'schema.registry.basic.auth.user.info'")
                .hasMessageContaining("refused the credentials (HTTP 401)")
                .hasMessageNotContaining("wr0ng-h0rse")
                .hasMessageNotContaining(
                        Base64.getEncoder().encodeToString("rapport:wr0ng-h0rse".getBytes(StandardCharsets.UTF_8)));
        assertThat(SchemaRegistries.forConfig(config).toString())
                .contains("rapport")
                .doesNotContain("wr0ng-h0rse");
    }

    @Test
    void noCredentialsNameTheSettingsThatWouldSupplyThem() {
        assertThatThrownBy(() -> SchemaRegistryCheck.verify(config(), TIMEOUT))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "setting 'schema.registry.basic.auth.user.info' or 'schema.registry.bearer.auth.token'"
                                + " is needed: the registry at " + server.url()
                                + "/subjects refused a request without credentials (HTTP 401)");
        assertThat(server.authorizations()).containsExactly("(none)");
    }

    @Test
    void theBearerTokenIsSentAsAnAuthorizationBearerHeader() {
        RapportConfig config = config("schema.registry.bearer.auth.token", TOKEN);

        assertThatCode(() -> SchemaRegistryCheck.verify(config, TIMEOUT)).doesNotThrowAnyException();
        int id = SchemaRegistries.forConfig(config).register("rapport.alerts-value", MESSAGE);

        assertThat(server.registry().versions("rapport.alerts-value")).containsExactly(id);
        assertThat(server.authorizations()).hasSize(2).containsOnly("Bearer " + TOKEN);
        RapportConfig wrong = config("schema.registry.bearer.auth.token", "not-the-t0ken");
        assertThatThrownBy(() -> SchemaRegistryCheck.verify(wrong, TIMEOUT))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("setting 'schema.registry.bearer.auth.token': the registry at ")
                .hasMessageNotContaining("not-the-t0ken");
    }

    @Test
    void withoutTheTrustStoreTheSelfSignedCertificateIsRefusedBeforeAnyCredentialIsSent() {
        RapportConfig config = config(
                "schema.registry.basic.auth.user.info",
                USER_INFO,
                "schema.registry.ssl.truststore.location",
                null,
                "schema.registry.ssl.truststore.password",
                null);

        assertThatThrownBy(() -> SchemaRegistryCheck.verify(config, TIMEOUT))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("setting 'schema.registry.ssl.truststore.location': the certificate of "
                        + server.url() + "/subjects is not trusted by the JVM's default trust store")
                .hasMessageNotContaining("c0rrect-h0rse");
        assertThatThrownBy(() -> SchemaRegistries.forConfig(config).register("rapport.messages-value", MESSAGE))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("cannot reach the schema registry at " + server.url());
        assertThat(server.authorizations()).isEmpty();
    }

    @Test
    void aJksTrustStoreIsReadWithItsType() throws Exception {
        Path jks = dir.resolve("registry-trust.jks");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-importkeystore",
                        "-noprompt",
                        "-srckeystore",
                        server.trustStore().toString(),
                        "-srcstoretype",
                        "PKCS12",
                        "-srcstorepass",
                        SecuredRegistryServer.TRUST_STORE_PASSWORD,
                        "-destkeystore",
                        jks.toString(),
                        "-deststoretype",
                        "JKS",
                        "-deststorepass",
                        "jks-trust-pw")
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as("keytool: %s", output).isZero();

        assertThatCode(() -> SchemaRegistryCheck.verify(
                        config(
                                "schema.registry.basic.auth.user.info",
                                USER_INFO,
                                "schema.registry.ssl.truststore.location",
                                jks.toString(),
                                "schema.registry.ssl.truststore.password",
                                "jks-trust-pw",
                                "schema.registry.ssl.truststore.type",
                                "JKS"),
                        TIMEOUT))
                .doesNotThrowAnyException();
    }

    @Test
    void aForbiddenAnswerNamesTheCredentialsSettingToo() throws Exception {
        HttpsServer forbidding = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        forbidding.setHttpsConfigurator(new HttpsConfigurator(server.serverTls()));
        forbidding.createContext("/", exchange -> {
            exchange.sendResponseHeaders(403, -1);
            exchange.close();
        });
        forbidding.start();
        try {
            String url = "https://127.0.0.1:" + forbidding.getAddress().getPort();
            assertThatThrownBy(() -> SchemaRegistryCheck.verify(
                            config("schema.registry.url", url, "schema.registry.bearer.auth.token", TOKEN), TIMEOUT))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("setting 'schema.registry.bearer.auth.token': the registry at " + url
                            + "/subjects refused the credentials (HTTP 403)");
        } finally {
            forbidding.stop(0);
        }
    }

    @Test
    void aMissingTrustStoreOrAWrongPasswordNamesItsSetting() {
        Path missing = dir.resolve("no-such-trust-store.p12");
        assertThatThrownBy(() -> SchemaRegistryCheck.verify(
                        config(
                                "schema.registry.basic.auth.user.info",
                                USER_INFO,
                                "schema.registry.ssl.truststore.location",
                                missing.toString()),
                        TIMEOUT))
                .isInstanceOf(ConfigException.class)
                .hasMessage("setting 'schema.registry.ssl.truststore.location': trust store " + missing
                        + " does not exist");

        assertThatThrownBy(() -> SchemaRegistryCheck.verify(
                        config(
                                "schema.registry.basic.auth.user.info",
                                USER_INFO,
                                "schema.registry.ssl.truststore.password",
                                "not-the-trust-pw"),
                        TIMEOUT))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "setting 'schema.registry.ssl.truststore.password': it does not open the trust store "
                                + server.trustStore())
                .hasMessageNotContaining("not-the-trust-pw");

        assertThatThrownBy(() ->
                        SchemaRegistries.forConfig(config("schema.registry.ssl.truststore.location", dir.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("setting 'schema.registry.ssl.truststore.location': cannot read " + dir);
        assertThat(server.authorizations()).isEmpty();
    }
}
