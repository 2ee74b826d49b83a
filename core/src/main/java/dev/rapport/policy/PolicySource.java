package dev.rapport.policy;

import org.apache.kafka.streams.processor.api.ProcessingContext;

/** Where a processor finds brand policies once it runs: the topology's global policy table. */
@FunctionalInterface
public interface PolicySource {
    PolicyLookup open(ProcessingContext context);
}
