package dev.rapport.systest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
import dev.rapport.kafka.AccessCheck;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run} against a third-party Schema Registry as users deploy it: Apicurio Registry's
 * Confluent-compatible API behind nginx, with TLS from a private CA and HTTP basic authentication
 * (the {@code system-tests/} stack). Good credentials: it starts, decodes what a producer
 * registered and registers its own output schemas. A wrong password: start-up stops with one line
 * naming the setting, the password nowhere in it.
 */
@EnabledIfSystemProperty(named = SystemStack.PROPERTY, matches = ".+")
class RegistrySystemIT {
    private static final Logger REPORT = LoggerFactory.getLogger(RegistrySystemIT.class);

    /** The measured figures, to the test log rather than standard output. */
    private static void report(String format, Object... args) {
        REPORT.info(String.format(format, args).stripTrailing());
    }

    private static SystemStack stack;

    @TempDir
    static Path dir;

    @BeforeAll
    static void rapportHoldsItsAcls() throws Exception {
        stack = SystemStack.open();
        Properties client = new Properties();
        client.put("bootstrap.servers", stack.bootstrapServers());
        stack.grantExactly(AccessCheck.forRun(RapportConfig.defaults(), client).required());
    }

    @AfterAll
    static void close() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void withTheRightCredentialsRunReadsAndRegistersSchemasThroughTheProxy() throws Exception {
        Path log = dir.resolve("run.log");
        Process run = stack.startRun(Files.createDirectories(dir.resolve("state")), log);
        try {
            SystemStack.awaitRunning(run, log, Duration.ofMinutes(3));
            // A producer (the admin user, which may write the input) registers MessageEvent and writes.
            Process generate = stack.generate(dir, "5s");
            assertThat(generate.waitFor(3, TimeUnit.MINUTES)).isTrue();
            assertThat(generate.exitValue())
                    .as("generate: %s", Files.readString(dir.resolve("generate.log")))
                    .isZero();

            // run registers an output schema on its first write, which needs the input decoded first.
            long giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            String subjects = "";
            while (System.nanoTime() < giveUp && !subjects.contains("rapport.brand-stats-value")) {
                subjects = registry("/subjects", registryPassword()).body();
                Thread.sleep(500);
            }
            assertThat(subjects).contains("rapport.messages-value", "rapport.brand-stats-value");
            assertThat(run.isAlive()).as("%s", SystemStack.rapportLines(log)).isTrue();
            assertThat(Files.readString(log)).doesNotContain(registryPassword());
        } finally {
            SystemStack.stop(run);
        }
    }

    @Test
    void aWrongPasswordStopsStartUpNamingTheSetting() throws Exception {
        String wrong = "wrong-" + UUID.randomUUID();
        assertThat(registry("/subjects", wrong).statusCode()).isEqualTo(401);
        Path log = dir.resolve("wrong.log");
        long t0 = System.nanoTime();
        Process run = stack.startRun(
                Files.createDirectories(dir.resolve("state-wrong")),
                log,
                "--set",
                "schema.registry.basic.auth.user.info=rapport:" + wrong);
        assertThat(run.waitFor(3, TimeUnit.MINUTES)).isTrue();
        List<String> said = SystemStack.rapportLines(log);
        report(
                "wrong registry password: exit %d after %.1f s: %s%n",
                run.exitValue(), (System.nanoTime() - t0) / 1e9, said);
        assertThat(run.exitValue()).isEqualTo(2);
        assertThat(said).hasSize(1);
        assertThat(said.get(0))
                .contains("'schema.registry.basic.auth.user.info'")
                .contains("HTTP 401");
        assertThat(Files.readString(log)).doesNotContain(wrong);
    }

    private static String registryPassword() throws Exception {
        return Files.readString(stack.file("secrets/registry-rapport.password")).strip();
    }

    /** A request through nginx as user rapport, trusting the stack's CA. */
    private static HttpResponse<String> registry(String path, String password) throws Exception {
        Properties env = new Properties();
        try (InputStream in = Files.newInputStream(stack.file("registry.env"))) {
            env.load(in);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(stack.file("tls/truststore.p12"))) {
            trust.load(
                    in,
                    Files.readString(stack.file("secrets/truststore.password"))
                            .strip()
                            .toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        String basic = Base64.getEncoder().encodeToString(("rapport:" + password).getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newBuilder().sslContext(tls).build();
        return http.send(
                HttpRequest.newBuilder(URI.create(env.getProperty("REGISTRY_URL") + path))
                        .header("Authorization", "Basic " + basic)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
