package dev.rapport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.config.RapportConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class AccessCheckTest {
    private static Properties client(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc\" password=\"secret-pw\";");
        return p;
    }

    @Test
    void theListFollowsApplicationIdAndProcessingGuarantee() {
        List<Permission> eos = AccessCheck.forRun(
                        RapportConfig.defaults().with(Map.of("application.id", "eu")), client("b:1"))
                .required();
        List<Permission> alo = AccessCheck.forRun(
                        RapportConfig.defaults().with(Map.of("processing.guarantee", "at_least_once")), client("b:1"))
                .required();

        assertThat(eos)
                .hasSize(21)
                .contains(
                        Permission.topic(AclOperation.WRITE, "rapport.alerts"),
                        Permission.topicPrefix(AclOperation.DELETE, "eu-"),
                        Permission.group(AclOperation.READ, "eu"),
                        Permission.transactionalIdPrefix(AclOperation.WRITE, "eu-"));
        assertThat(alo).hasSize(20).noneMatch(p -> p.resourceType().name().equals("TRANSACTIONAL_ID"));
    }

    @Test
    void aPermissionReadsAsAnAclAndKnowsTheCommandThatGrantsIt() {
        Permission describeConfigs = Permission.topic(AclOperation.DESCRIBE_CONFIGS, "rapport.messages");
        Permission txn = Permission.transactionalIdPrefix(AclOperation.WRITE, "rapport-");

        assertThat(describeConfigs).hasToString("DESCRIBE_CONFIGS on topic rapport.messages");
        assertThat(describeConfigs.grantCommand("User:svc", "b:1"))
                .isEqualTo("kafka-acls.sh --bootstrap-server b:1 --command-config admin.properties --add"
                        + " --allow-principal User:svc --operation DescribeConfigs --topic rapport.messages");
        assertThat(txn).hasToString("WRITE on transactional ids prefixed rapport-");
        assertThat(txn.grantCommand("User:svc", "b:1"))
                .endsWith("--operation Write --transactional-id rapport- --resource-pattern-type prefixed");
    }

    @Test
    void anAuthorizationErrorOfAClientBecomesOneLineNamingTheAcl() {
        // No broker answers at this address: the exception alone has to tell which ACL is missing.
        AccessCheck access = AccessCheck.forRun(RapportConfig.defaults(), client("127.0.0.1:1"))
                .withTimeout(Duration.ofSeconds(1));

        RuntimeException group = access.explain(new IllegalStateException(
                "Kafka Streams failed", new StreamsException(new GroupAuthorizationException("denied", "rapport"))));
        RuntimeException txn = access.explain(
                new IllegalStateException("Kafka Streams failed", new TransactionalIdAuthorizationException("denied")));
        RuntimeException other = new IllegalStateException("Kafka Streams stopped (state ERROR)");

        assertThat(group).isInstanceOf(MissingAclException.class);
        assertThat(group.getMessage())
                .startsWith("missing ACL: READ on group rapport for User:svc (grant: kafka-acls.sh")
                .doesNotContain("\n")
                .doesNotContain("secret-pw");
        assertThat(txn.getMessage())
                .startsWith("missing ACL: WRITE on transactional ids prefixed rapport- for User:svc");
        assertThat(access.explain(other)).isSameAs(other);
    }
}
