package dev.rapport.topology;

import dev.rapport.policy.Policy;
import dev.rapport.policy.PolicyLookup;
import dev.rapport.policy.PolicySource;
import dev.rapport.policy.StoredPolicies;
import dev.rapport.schema.BrandPolicy;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;

/**
 * The global {@code brand-policies} table as processors see it. The table keeps each record's bytes
 * as written; decoding and validation happen on lookup ({@link StoredPolicies}), so one bad record
 * from another producer is logged and skipped instead of stopping the global thread.
 */
record GlobalPolicyTable(String storeName, String topic, Deserializer<BrandPolicy> records, Policy defaultPolicy)
        implements PolicySource {

    @Override
    public PolicyLookup open(ProcessingContext context) {
        TimestampedKeyValueStore<String, byte[]> table = context.getStateStore(storeName);
        return new StoredPolicies(table, records, topic, defaultPolicy);
    }
}
