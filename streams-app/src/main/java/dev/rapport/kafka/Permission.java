package dev.rapport.kafka;

import java.util.Locale;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * One ACL Rapport's principal needs: an operation on a resource named literally or by prefix. It
 * prints as operators read ACLs ({@code WRITE on topic rapport.alerts}) and knows the
 * {@code kafka-acls} command that grants it.
 */
public record Permission(AclOperation operation, ResourceType resourceType, String name, PatternType patternType) {

    public static Permission topic(AclOperation operation, String name) {
        return new Permission(operation, ResourceType.TOPIC, name, PatternType.LITERAL);
    }

    public static Permission topicPrefix(AclOperation operation, String prefix) {
        return new Permission(operation, ResourceType.TOPIC, prefix, PatternType.PREFIXED);
    }

    public static Permission group(AclOperation operation, String name) {
        return new Permission(operation, ResourceType.GROUP, name, PatternType.LITERAL);
    }

    public static Permission transactionalIdPrefix(AclOperation operation, String prefix) {
        return new Permission(operation, ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED);
    }

    /** Whether this permission covers {@code topic}: the same name, or a name under the prefix. */
    public boolean coversTopic(String topic) {
        return resourceType == ResourceType.TOPIC
                && (patternType == PatternType.PREFIXED ? topic.startsWith(name) : topic.equals(name));
    }

    /** {@code kafka-acls.sh ... --add} granting exactly this permission to {@code principal}. */
    public String grantCommand(String principal, String bootstrapServers) {
        return "kafka-acls.sh --bootstrap-server " + bootstrapServers
                + " --command-config admin.properties --add --allow-principal " + principal + " --operation "
                + operationFlag() + " " + resourceFlag() + " " + name
                + (patternType == PatternType.PREFIXED ? " --resource-pattern-type prefixed" : "");
    }

    private String operationFlag() {
        // kafka-acls spells operations in camel case: Read, Write, DescribeConfigs
        StringBuilder flag = new StringBuilder();
        for (String word : operation.name().split("_")) {
            flag.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return flag.toString();
    }

    private String resourceFlag() {
        return switch (resourceType) {
            case TOPIC -> "--topic";
            case GROUP -> "--group";
            case TRANSACTIONAL_ID -> "--transactional-id";
            default -> "--" + resourceType.name().toLowerCase(Locale.ROOT);
        };
    }

    @Override
    public String toString() {
        String resource = switch (resourceType) {
            case TRANSACTIONAL_ID -> "transactional id";
            default -> resourceType.name().toLowerCase(Locale.ROOT);
        };
        return operation.name() + " on " + resource + (patternType == PatternType.PREFIXED ? "s prefixed " : " ")
                + name;
    }
}
