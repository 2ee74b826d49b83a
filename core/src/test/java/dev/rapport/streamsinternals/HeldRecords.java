package dev.rapport.streamsinternals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The smallest store that defers work to the commit, as Rapport's brand stores do: it holds the
 * records it is given and forwards them from {@link #beforeCommit}, each in its own record's
 * context. It notes the input offset it sees while forwarding, which shows whose context it ran in.
 */
final class HeldRecords implements StateStore, CommitHook {
    private final String name;
    private final List<Record<String, String>> held = new ArrayList<>();
    private final List<RecordContext> contexts = new ArrayList<>();
    final List<Long> offsetsSeenAtCommit = new ArrayList<>();
    private StateStoreContext storeContext;
    private CurrentRecordContext recordContext;
    private Consumer<Record<String, String>> downstream;
    private boolean open;

    HeldRecords(String name) {
        this.name = name;
    }

    void forwardTo(Consumer<Record<String, String>> downstream) {
        this.downstream = downstream;
    }

    void hold(Record<String, String> record) {
        held.add(record);
        contexts.add(recordContext.capture());
    }

    @Override
    public void beforeCommit() {
        for (int i = 0; i < held.size(); i++) {
            Record<String, String> record = held.get(i);
            RecordContext context = contexts.get(i);
            recordContext.runIn(context, () -> {
                offsetsSeenAtCommit.add(
                        storeContext.recordMetadata().orElseThrow().offset());
                downstream.accept(record.withHeaders(context.headers()));
            });
        }
        discardUncommitted();
    }

    @Override
    public void discardUncommitted() {
        held.clear();
        contexts.clear();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        storeContext = context;
        recordContext = CurrentRecordContext.of(context);
        context.register(root, (key, value) -> {
            throw new IllegalStateException(name + " has no changelog");
        });
        open = true;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public Position getPosition() {
        return Position.emptyPosition();
    }

    /** Builds the one {@link HeldRecords} of a test, so the test can read what it saw. */
    static final class Builder implements StoreBuilder<HeldRecords> {
        final HeldRecords store;

        Builder(String name) {
            this.store = new HeldRecords(name);
        }

        @Override
        public Builder withCachingEnabled() {
            return this;
        }

        @Override
        public Builder withCachingDisabled() {
            return this;
        }

        @Override
        public Builder withLoggingEnabled(Map<String, String> config) {
            throw new UnsupportedOperationException("never logged");
        }

        @Override
        public Builder withLoggingDisabled() {
            return this;
        }

        @Override
        public HeldRecords build() {
            return store;
        }

        @Override
        public Map<String, String> logConfig() {
            return Map.of();
        }

        @Override
        public boolean loggingEnabled() {
            return false;
        }

        @Override
        public String name() {
            return store.name;
        }
    }
}
