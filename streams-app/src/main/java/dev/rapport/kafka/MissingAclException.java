package dev.rapport.kafka;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The cluster refused an operation Rapport needs because its principal lacks an ACL. The message is
 * one line: each missing permission, and the {@code kafka-acls} command that grants it, so an
 * operator can fix the cluster without reading a stack trace.
 */
public final class MissingAclException extends RuntimeException {
    private final List<Permission> missing;

    public MissingAclException(String principal, List<Permission> missing, String bootstrapServers) {
        super(message(principal, missing, bootstrapServers), null, false, false);
        this.missing = List.copyOf(missing);
    }

    /** An authorization error the exception alone does not trace to one ACL: its own words. */
    public MissingAclException(String principal, List<Permission> missing, String bootstrapServers, String message) {
        super("missing ACL: " + message, null, false, false);
        this.missing = List.copyOf(missing);
    }

    public List<Permission> missing() {
        return missing;
    }

    private static String message(String principal, List<Permission> missing, String bootstrapServers) {
        String what = missing.stream().map(Permission::toString).collect(Collectors.joining(", "));
        String grants = missing.stream()
                .map(p -> p.grantCommand(principal, bootstrapServers))
                .distinct()
                .collect(Collectors.joining(" ; "));
        return (missing.size() == 1 ? "missing ACL: " : "missing ACLs: ") + what + " for " + principal + " (grant: "
                + grants + ")";
    }
}
