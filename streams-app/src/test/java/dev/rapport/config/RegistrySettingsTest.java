package dev.rapport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Schema Registry's security settings: validated, taken by reference, and never shown. */
class RegistrySettingsTest {
    private static final String PASSWORD = "r3g1stry:Pa55";
    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.bearer-secret";
    private static final String TRUST_PASSWORD = "trust-Pa55";
    private static final Map<String, String> ENV = Map.of("REGISTRY_PASSWORD", PASSWORD, "REGISTRY_TOKEN", TOKEN);

    @TempDir
    Path dir;

    @Test
    void basicAuthUserInfoIsUserColonPasswordFromAReference() throws IOException {
        Path secret = dir.resolve("registry-password");
        Files.writeString(secret, PASSWORD + "\n");

        RapportConfig fromEnv = new ConfigLoader(ENV)
                .flags(Map.of("schema.registry.basic.auth.user.info", "rapport:${env:REGISTRY_PASSWORD}"))
                .load();
        RapportConfig fromFile = new ConfigLoader(ENV)
                .environment(Map.of("RAPPORT_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "rapport:${file:" + secret + "}"))
                .load();

        // The password may hold ':' itself: only the first one separates the user.
        assertThat(fromEnv.get(Setting.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO)).isEqualTo("rapport:" + PASSWORD);
        assertThat(fromFile.get(Setting.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO)).isEqualTo("rapport:" + PASSWORD);
    }

    @Test
    void aUserInfoWithoutUserOrColonIsRefusedWithoutShowingIt() {
        for (String bad : new String[] {PASSWORD.replace(":", ""), ":" + PASSWORD}) {
            assertThatThrownBy(() -> new ConfigLoader(ENV).flags(Map.of("schema.registry.basic.auth.user.info", bad)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("'schema.registry.basic.auth.user.info'")
                    .hasMessageContaining("must be user:password")
                    .hasMessageNotContaining(bad)
                    .hasMessageNotContaining("Pa55");
        }
    }

    @Test
    void basicAndBearerTogetherAreAnErrorNamingBoth() {
        assertThatThrownBy(() -> new ConfigLoader(ENV)
                        .flags(Map.of(
                                "schema.registry.basic.auth.user.info", "rapport:${env:REGISTRY_PASSWORD}",
                                "schema.registry.bearer.auth.token", "${env:REGISTRY_TOKEN}"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'schema.registry.basic.auth.user.info'")
                .hasMessageContaining("'schema.registry.bearer.auth.token'")
                .hasMessageNotContaining(PASSWORD)
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void trustStoreTypeIsPkcs12OrJksAndAPasswordNeedsALocation() {
        assertThat(RapportConfig.defaults().get(Setting.SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE))
                .isEqualTo("PKCS12");
        assertThat(RapportConfig.defaults()
                        .with(Map.of("schema.registry.ssl.truststore.type", "JKS"))
                        .get(Setting.SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE))
                .isEqualTo("JKS");
        assertThatThrownBy(() -> RapportConfig.defaults().with(Map.of("schema.registry.ssl.truststore.type", "PEM")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'schema.registry.ssl.truststore.type'")
                .hasMessageContaining("PKCS12 or JKS");
        assertThatThrownBy(() -> RapportConfig.defaults()
                        .with(Map.of("schema.registry.ssl.truststore.password", TRUST_PASSWORD)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'schema.registry.ssl.truststore.password'")
                .hasMessageContaining("'schema.registry.ssl.truststore.location'")
                .hasMessageNotContaining(TRUST_PASSWORD);
    }

    @Test
    void aRegistryUrlWithCredentialsIsRefusedWithoutShowingThem() {
        assertThatThrownBy(() -> new ConfigLoader(ENV)
                        .flags(Map.of("schema.registry.url", "https://rapport:" + PASSWORD + "@registry.example:8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'schema.registry.url'")
                .hasMessageContaining("'schema.registry.basic.auth.user.info'")
                .hasMessageContaining("https://******@registry.example:8081")
                .hasMessageNotContaining("Pa55");
    }

    @Test
    void theStartUpLineAndToStringShowNoRegistrySecret() {
        RapportConfig basic = new ConfigLoader(ENV)
                .flags(Map.of(
                        "schema.registry.url", "https://registry.example:8081",
                        "schema.registry.basic.auth.user.info", "rapport:${env:REGISTRY_PASSWORD}",
                        "schema.registry.ssl.truststore.location", "/etc/rapport/registry-ca.p12",
                        "schema.registry.ssl.truststore.password", TRUST_PASSWORD))
                .load();
        RapportConfig bearer = new ConfigLoader(ENV)
                .flags(Map.of("schema.registry.bearer.auth.token", "${env:REGISTRY_TOKEN}"))
                .load();

        for (String shown : new String[] {basic.describe(), basic.toString(), bearer.describe(), bearer.toString()}) {
            assertThat(shown)
                    .doesNotContain(PASSWORD)
                    .doesNotContain("Pa55")
                    .doesNotContain(TOKEN)
                    .doesNotContain("bearer-secret");
        }
        assertThat(basic.toString())
                .startsWith("RapportConfig[")
                .contains("schema.registry.url=https://registry.example:8081")
                .contains("schema.registry.basic.auth.user.info=******")
                .contains("schema.registry.ssl.truststore.location=/etc/rapport/registry-ca.p12")
                .contains("schema.registry.ssl.truststore.password=******");
        assertThat(bearer.describe()).contains("schema.registry.bearer.auth.token=******");
    }
}
