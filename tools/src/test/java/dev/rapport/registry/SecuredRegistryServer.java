package dev.rapport.registry;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.rapport.embedded.SchemaRegistryRestHandler;
import dev.rapport.serde.InMemorySchemaRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A Schema Registry endpoint as a secured deployment serves it: HTTPS with a self-signed
 * certificate made by the JDK's keytool, and every request authenticated by HTTP basic
 * authentication or a bearer token (401 otherwise). The registry behind it is Rapport's own REST
 * handler over an in-memory registry. {@link #trustStore()} is the PKCS12 trust store a client
 * needs: the certificate alone, exported and imported as operators do.
 */
public final class SecuredRegistryServer implements AutoCloseable {
    public static final String TRUST_STORE_PASSWORD = "trust-store-pw";
    private static final String KEY_STORE_PASSWORD = "key-store-pw";

    private final HttpsServer server;
    private final SSLContext tls;
    private final Path trustStore;
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private SecuredRegistryServer(HttpsServer server, SSLContext tls, Path trustStore) {
        this.server = server;
        this.tls = tls;
        this.trustStore = trustStore;
    }

    /**
     * @param dir where the key store and the trust store are written
     * @param userInfo the one {@code user:password} accepted by basic authentication
     * @param bearerToken the one bearer token accepted
     */
    public static SecuredRegistryServer start(Path dir, String userInfo, String bearerToken) throws Exception {
        Path keyStore = dir.resolve("registry-key.p12");
        Path certificate = dir.resolve("registry.crt");
        Path trustStore = dir.resolve("registry-trust.p12");
        Keytool.selfSignedKeyStore(keyStore, KEY_STORE_PASSWORD);
        Keytool.run(
                "-exportcert",
                "-alias",
                "registry",
                "-rfc",
                "-file",
                certificate.toString(),
                "-keystore",
                keyStore.toString(),
                "-storepass",
                KEY_STORE_PASSWORD);
        Keytool.run(
                "-importcert",
                "-noprompt",
                "-alias",
                "registry-ca",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                TRUST_STORE_PASSWORD);

        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(
                KeyStore.getInstance(keyStore.toFile(), KEY_STORE_PASSWORD.toCharArray()),
                KEY_STORE_PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        SecuredRegistryServer secured = new SecuredRegistryServer(https, tls, trustStore);
        https.createContext("/", new SchemaRegistryRestHandler(secured.registry))
                .setAuthenticator(secured
                .new Credentials(
                        "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)),
                        "Bearer " + bearerToken));
        https.start();
        return secured;
    }

    /** {@code https://127.0.0.1:port}, to use as {@code schema.registry.url}. */
    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A PKCS12 trust store holding the server's certificate, password {@value #TRUST_STORE_PASSWORD}. */
    public Path trustStore() {
        return trustStore;
    }

    /** The server side of its TLS (its key and certificate), for another endpoint with the same identity. */
    public SSLContext serverTls() {
        return tls;
    }

    public InMemorySchemaRegistry registry() {
        return registry;
    }

    /** The Authorization header of every request that completed a TLS handshake, "(none)" when absent. */
    public List<String> authorizations() {
        return authorizations;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private final class Credentials extends Authenticator {
        private final List<String> accepted;

        Credentials(String... accepted) {
            this.accepted = List.of(accepted);
        }

        @Override
        public Result authenticate(HttpExchange exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "(none)" : authorization);
            if (authorization != null && accepted.contains(authorization)) {
                return new Success(new HttpPrincipal("rapport", "registry"));
            }
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"registry\"");
            return new Retry(401);
        }
    }
}
