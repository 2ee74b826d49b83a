package dev.rapport.serde;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * An in-process registry with Confluent's id semantics: one global id per distinct schema (by
 * canonical form), reused across subjects, and per-subject version lists. It backs {@code mock://}
 * URLs (tests, replay on the embedded broker) and the demo's REST endpoint.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private final Map<String, Integer> idsByCanonicalForm = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new TreeMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        int id = idsByCanonicalForm.computeIfAbsent(schema.toString(), key -> {
            int next = schemasById.size() + 1;
            schemasById.put(next, schema);
            return next;
        });
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new UnknownSchemaIdException(id);
        }
        return schema;
    }

    /** Subjects in name order. */
    public synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    /** Schema ids of a subject, version 1 first. */
    public synchronized List<Integer> versions(String subject) {
        return List.copyOf(versionsBySubject.getOrDefault(subject, List.of()));
    }

    /** The id of {@code schema} if any subject registered it, by the same identity as {@link #register}. */
    public Optional<Integer> idOf(Schema schema) {
        return Optional.ofNullable(idsByCanonicalForm.get(schema.toString()));
    }

    /** The id registered as {@code version} (1-based) of the subject, if any. */
    public synchronized Optional<Integer> idOf(String subject, int version) {
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        return version >= 1 && version <= versions.size() ? Optional.of(versions.get(version - 1)) : Optional.empty();
    }
}
