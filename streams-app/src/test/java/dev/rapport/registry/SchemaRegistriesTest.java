package dev.rapport.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.serde.InMemorySchemaRegistry;
import dev.rapport.serde.SchemaRegistry;
import org.junit.jupiter.api.Test;

class SchemaRegistriesTest {

    @Test
    void mockUrlsShareOneRegistryPerScope() {
        SchemaRegistry first = SchemaRegistries.forUrl("mock://registries-test-a");

        assertThat(SchemaRegistries.forUrl("mock://registries-test-a")).isSameAs(first);
        assertThat(SchemaRegistries.forUrl("mock://registries-test-b"))
                .isNotSameAs(first)
                .isInstanceOf(InMemorySchemaRegistry.class);
    }

    @Test
    void httpAndHttpsUrlsGetARestClient() {
        assertThat(SchemaRegistries.forUrl("http://registry:8081/"))
                .isInstanceOfSatisfying(
                        HttpSchemaRegistryClient.class,
                        client -> assertThat(client.baseUrl()).isEqualTo("http://registry:8081"));
        assertThat(SchemaRegistries.forUrl("https://registry.example.com"))
                .isInstanceOf(HttpSchemaRegistryClient.class);
    }

    @Test
    void credentialsConfigureBasicAuthWithoutShowingThePassword() {
        SchemaRegistry registry = SchemaRegistries.forUrl("https://registry.example.com", "rapport", "s3cret-pw");

        assertThat(registry.toString()).contains("rapport").doesNotContain("s3cret-pw");
    }

    @Test
    void rejectsOtherUrlsNamingThemAndTheAcceptedForms() {
        for (String url : new String[] {"registry:8081", "ftp://registry", "mock://", " "}) {
            assertThatThrownBy(() -> SchemaRegistries.forUrl(url))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(url.strip())
                    .hasMessageContaining("mock://<scope>, http://host[:port] or https://host[:port]");
        }
    }
}
