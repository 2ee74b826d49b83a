package dev.rapport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets come in by reference (environment, file) and never go out in the start-up log line. */
class SecretsTest {
    private static final String PASSWORD = "s3cr3t-Pa55";
    private static final String KEY_PASSWORD = "key-pass-from-file";
    private static final Map<String, String> ENV = Map.of("KAFKA_PASSWORD", PASSWORD, "KAFKA_USER", "rapport");

    @TempDir
    Path dir;

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    private Path properties(String content) throws IOException {
        Path file = dir.resolve("rapport.properties");
        Files.writeString(file, content);
        return file;
    }

    private Path secretFile(String content) throws IOException {
        Path file = dir.resolve("ssl-key-password");
        Files.writeString(file, content);
        return file;
    }

    private RapportConfig secured() throws IOException {
        Path keyPassword = secretFile("  " + KEY_PASSWORD + "\n");
        Path file = properties("kafka.sasl.jaas.config="
                + jaas("${env:KAFKA_USER}", "${env:KAFKA_PASSWORD}").replace("\"", "\\\"") + "\n"
                + "kafka.ssl.key.password=${file:" + keyPassword + "}\n"
                + "schema.registry.url=https://registry.example:8081\n"
                + "schema.registry.basic.auth.user.info=registry-user:${env:KAFKA_PASSWORD}\n"
                + "window=15m\n");
        return new ConfigLoader(ENV).file(file).load();
    }

    @Test
    void referencesReadEnvironmentVariablesAndTrimmedFiles() throws IOException {
        RapportConfig config = secured();

        assertThat(config.kafkaOverrides().get("sasl.jaas.config")).isEqualTo(jaas("rapport", PASSWORD));
        assertThat(config.kafkaOverrides().get("ssl.key.password")).isEqualTo(KEY_PASSWORD);
        RapportConfig fromFlags = new ConfigLoader(Map.of("BOOTSTRAP", "kafka-1:9092"))
                .flags(Map.of("bootstrap.servers", "${env:BOOTSTRAP}"))
                .load();
        assertThat(fromFlags.bootstrapServers()).contains("kafka-1:9092");
    }

    @Test
    void aMissingVariableOrFileNamesTheSettingAndWhereItCameFrom() throws IOException {
        Path file = properties(
                "kafka.sasl.jaas.config=" + jaas("u", "${env:NO_SUCH_VARIABLE}").replace("\"", "\\\"") + "\n");
        assertThatThrownBy(() -> new ConfigLoader(ENV).file(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'kafka.sasl.jaas.config'")
                .hasMessageContaining("config file " + file)
                .hasMessageContaining("NO_SUCH_VARIABLE");
        Path missing = dir.resolve("no-such-secret");
        assertThatThrownBy(
                        () -> new ConfigLoader(ENV).flags(Map.of("kafka.ssl.key.password", "${file:" + missing + "}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'kafka.ssl.key.password'")
                .hasMessageContaining("command line")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void anInvalidResolvedValueIsReportedByItsReferenceNotItsContent() {
        assertThatThrownBy(() -> new ConfigLoader(ENV).flags(Map.of("window", "${env:KAFKA_PASSWORD}")))
                .hasMessageContaining("'window'")
                .hasMessageContaining("${env:KAFKA_PASSWORD}")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void theStartUpLineShowsEverySettingButNoSecret() throws IOException {
        String line = secured().describe();

        for (Setting s : Setting.values()) {
            assertThat(line).contains(s.key() + "=");
        }
        assertThat(line)
                .contains("window=15m")
                .contains("kafka.sasl.jaas.config=******")
                .contains("kafka.ssl.key.password=******")
                .contains("schema.registry.url=https://registry.example:8081")
                .contains("schema.registry.basic.auth.user.info=******")
                .doesNotContain(PASSWORD)
                .doesNotContain(KEY_PASSWORD);
    }

    @Test
    void keysNamingASecretAreRedactedWhateverTheirValue() {
        for (String key : new String[] {
            "kafka.ssl.key.password",
            "basic.auth.user.info",
            "kafka.sasl.jaas.config",
            "kafka.sasl.oauthbearer.token.endpoint.url",
            "kafka.ssl.truststore.password",
            "client.secret"
        }) {
            assertThat(SecretRedaction.shown(key, "plain-looking")).as(key).isEqualTo(SecretRedaction.MASK);
        }
        assertThat(SecretRedaction.shown("bootstrap.servers", "kafka-1:9092")).isEqualTo("kafka-1:9092");
        assertThat(SecretRedaction.shown(
                        "kafka.sasl.oauthbearer.jwks.endpoint.url", "https://rapport:" + PASSWORD + "@idp:443/jwks"))
                .isEqualTo("https://******@idp:443/jwks");
    }
}
