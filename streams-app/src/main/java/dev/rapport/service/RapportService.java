package dev.rapport.service;

import dev.rapport.config.RapportConfig;
import dev.rapport.config.Setting;
import dev.rapport.config.StreamsProperties;
import dev.rapport.kafka.AccessCheck;
import dev.rapport.kafka.MissingAclException;
import dev.rapport.kafka.RapportTopics;
import dev.rapport.kafka.Retrying;
import dev.rapport.kafka.StreamsApp;
import dev.rapport.kafka.TopicSetup;
import dev.rapport.metrics.EngagementMetrics;
import dev.rapport.query.QueryServer;
import dev.rapport.registry.SchemaRegistries;
import dev.rapport.topology.EngagementSettings;
import dev.rapport.topology.EngagementTopology;
import dev.rapport.topology.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running application, as {@code run} and {@code demo} start it: topics checked or created,
 * the engagement topology on Kafka Streams, and the query API. Closing stops them in reverse order.
 */
public final class RapportService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RapportService.class);

    private final StreamsApp app;
    private final QueryServer queries;
    private final AccessCheck access;

    private RapportService(StreamsApp app, QueryServer queries, AccessCheck access) {
        this.app = app;
        this.queries = queries;
        this.access = access;
    }

    /**
     * @param clientProperties connection properties for Rapport's own admin client
     */
    public static RapportService start(
            RapportConfig config, String bootstrapServers, Properties clientProperties, EngagementMetrics metrics)
            throws IOException {
        Topics topics = new Topics(SchemaRegistries.forConfig(config));
        AccessCheck access = AccessCheck.forRun(config, clientProperties);
        try (Admin admin = Admin.create(clientProperties)) {
            TopicSetup.ensure(admin, RapportTopics.specs(config), Retrying.logged(config), access);
        }
        verifyAccess(access);
        HostInfo self = advertised(config);
        Properties streamsProps = StreamsProperties.of(config, bootstrapServers);
        streamsProps.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());

        StreamsApp app = new StreamsApp(
                EngagementTopology.build(topics, EngagementSettings.from(config), System::currentTimeMillis, metrics),
                streamsProps);
        QueryServer queries = null;
        try {
            queries = new QueryServer(
                            app.streams(),
                            config.get(Setting.QUERY_BIND_ADDRESS),
                            self,
                            config.get(Setting.QUERY_TOKEN),
                            config.duration(Setting.QUERY_PEER_TIMEOUT),
                            System::currentTimeMillis)
                    .start();
            try {
                app.start(Duration.ofMinutes(5));
            } catch (RuntimeException e) {
                throw access.explain(e);
            }
            // Kafka Streams' internal topics exist now: an ACL missing on them (DELETE, which only
            // keeps the repartition topic from growing forever) would otherwise never show.
            verifyAccess(access);
        } catch (RuntimeException | IOException e) {
            if (queries != null) {
                queries.close();
            }
            app.close();
            throw e;
        }
        LOG.info("Rapport running: application.id={}, query API on {}", config.applicationId(), self);
        return new RapportService(app, queries, access);
    }

    /** A missing ACL stops start-up; a check that cannot be made (an old broker, say) is only logged. */
    private static void verifyAccess(AccessCheck access) {
        try {
            access.verify();
        } catch (MissingAclException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("could not check Rapport's ACLs: {}", e.getMessage());
        }
    }

    private static HostInfo advertised(RapportConfig config) {
        String host = config.get(Setting.QUERY_ADVERTISED_HOST);
        if (host.isBlank()) {
            String bind = config.get(Setting.QUERY_BIND_ADDRESS);
            host = bind.equals("0.0.0.0") ? "localhost" : bind;
        }
        return new HostInfo(host, config.integer(Setting.QUERY_PORT));
    }

    public KafkaStreams streams() {
        return app.streams();
    }

    public boolean isRunning() {
        return app.streams().state() == KafkaStreams.State.RUNNING;
    }

    /** Throws if Kafka Streams failed; a failure for lack of an ACL names the ACL. */
    public void checkHealthy() {
        try {
            app.checkHealthy();
        } catch (RuntimeException e) {
            throw access.explain(e);
        }
    }

    public int queryPort() {
        return queries.port();
    }

    @Override
    public void close() {
        queries.close();
        app.close();
    }
}
