package dev.rapport.policy;

import dev.rapport.schema.BrandPolicy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policies as the global {@code brand-policies} table holds them (the record bytes of
 * {@code rapport.brand-policies}), applied to the default. Looked up for every event, so a brand's
 * resolved policy is cached until its record's bytes change. A record that cannot be decoded or
 * is invalid is logged once per lookup cache (each processor of each task has one) and ignored:
 * the brand keeps the policy it had (the default after a
 * restart), because a typo in one brand's policy must not stop monitoring. {@code policy set}
 * validates before it writes, so such records come only from other producers.
 */
public final class StoredPolicies implements PolicyLookup {
    private static final Logger log = LoggerFactory.getLogger(StoredPolicies.class);

    private record Cached(byte[] bytes, Policy policy) {}

    private final ReadOnlyKeyValueStore<String, ValueAndTimestamp<byte[]>> table;
    private final Deserializer<BrandPolicy> records;
    private final String topic;
    private final Policy defaultPolicy;
    private final Map<String, Cached> cache = new HashMap<>();

    public StoredPolicies(
            ReadOnlyKeyValueStore<String, ValueAndTimestamp<byte[]>> table,
            Deserializer<BrandPolicy> records,
            String topic,
            Policy defaultPolicy) {
        this.table = table;
        this.records = records;
        this.topic = topic;
        this.defaultPolicy = defaultPolicy;
    }

    @Override
    public Policy forBrand(String brandId) {
        ValueAndTimestamp<byte[]> stored = table.get(brandId);
        byte[] bytes = stored == null ? null : stored.value();
        Cached cached = cache.get(brandId);
        if (cached != null && Arrays.equals(cached.bytes(), bytes)) {
            return cached.policy();
        }
        Policy policy = resolve(brandId, bytes, cached);
        cache.put(brandId, new Cached(bytes, policy));
        return policy;
    }

    private Policy resolve(String brandId, byte[] bytes, Cached previous) {
        if (bytes == null) {
            if (previous != null) {
                log.info("Brand {}: policy override removed, the default policy applies", brandId);
            }
            return defaultPolicy;
        }
        try {
            Policy policy =
                    PolicyRecords.toOverride(records.deserialize(topic, bytes)).applyTo(defaultPolicy);
            log.info(
                    "Brand {}: policy {} applies: sla={} business hours={} thresholds={}",
                    brandId,
                    policy.revision(),
                    policy.sla(),
                    policy.businessHours().map(Object::toString).orElse("none"),
                    policy.thresholds());
            return policy;
        } catch (RuntimeException e) {
            Policy kept = previous == null ? defaultPolicy : previous.policy();
            log.error(
                    "Brand {}: ignoring an unusable record on {} ({}); keeping policy {}",
                    brandId,
                    topic,
                    e.getMessage(),
                    kept.revision());
            return kept;
        }
    }
}
