package io.cellwatch.streams.topology;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A changelogged, persistent key-value store that the owning processor writes at commit instead of
 * after every update: the processor keeps its live objects, {@link #markDirty marks} what it
 * changed, and when Kafka Streams prepares a commit this store asks the processor to write each
 * dirty item ({@link #writeWith}), so the changelog records go into the same transaction as the
 * input offsets that produced them (exactly-once is kept).
 *
 * <p>Why: a cell's state is a few kilobytes and a cell gets a sample every few seconds of its own
 * time but thousands per second in a replay or a backlog; serializing it per sample was the
 * topology's main cost, even behind Kafka Streams' record cache (which stores serialized bytes).
 * Here a cell is serialized at most once per commit interval.
 *
 * <p>The hook: Kafka Streams flushes its record caches before it flushes the producer and commits
 * the transaction, by calling {@link CachedStateStore#flushCache()} on every store that implements
 * it; a plain {@link StateStore#commit} runs only after the transaction. {@code CachedStateStore} is
 * an internal interface of Kafka Streams (stable since 2.x, and what its own caching layer uses), so
 * a Kafka upgrade must keep {@code StreamEqualsReplayIT}'s restart-from-changelog test green.
 *
 * <p>Reads ({@link #get}, {@link #all}) see the last committed values, never a half-processed one.
 * Not a {@link KeyValueStore} on purpose: the processor gets this object itself, not Kafka Streams'
 * read-write decorator, and interactive queries do not look here.
 */
final class WriteBehindStore<V> implements StateStore, CachedStateStore<String, V> {

    private final KeyValueStore<String, V> inner;
    private final Set<String> dirty = new HashSet<>();
    private Writer<V> writer = (dirtyKey, put) -> { };

    /** Writes what changed under one dirty key: one or more puts, at commit. */
    @FunctionalInterface
    interface Writer<V> {
        void write(String dirtyKey, BiConsumer<String, V> put);
    }

    private WriteBehindStore(KeyValueStore<String, V> inner) {
        this.inner = inner;
    }

    /** A persistent, changelogged store of this name; record caching off (this store is the cache). */
    static <V> StoreBuilder<WriteBehindStore<V>> builder(String name, Serde<V> values) {
        return new Builder<>(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
                .withCachingDisabled());
    }

    /** Where the value of a dirty key comes from at commit (it is put under that key); null writes nothing. */
    void writeFrom(Function<String, V> currentValue) {
        writeWith((key, put) -> {
            V value = currentValue.apply(key);
            if (value != null) {
                put.accept(key, value);
            }
        });
    }

    /** What to write for a dirty key at commit. */
    void writeWith(Writer<V> writer) {
        this.writer = writer;
    }

    void markDirty(String key) {
        dirty.add(key);
    }

    /** The value as of the last commit. */
    V get(String key) {
        return inner.get(key);
    }

    /** Every committed value; close the iterator. */
    KeyValueIterator<String, V> all() {
        return inner.all();
    }

    /** Committed values whose keys start with {@code prefix}, in key order; close the iterator. */
    KeyValueIterator<String, V> prefixScan(String prefix) {
        return inner.prefixScan(prefix, new StringSerializer());
    }

    private void writeDirty() {
        if (dirty.isEmpty()) {
            return;
        }
        for (String key : dirty) {
            writer.write(key, inner::put);
        }
        dirty.clear();
    }

    @Override
    public void flushCache() {
        writeDirty();
    }

    @Override
    public void clearCache() {
        // the task is being closed without a commit: what was not written is given up, as a cache's is
        dirty.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, V> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    @SuppressWarnings("deprecation")
    public void flush() {
        writeDirty();
        inner.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeDirty();
        inner.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        inner.init(context, root);
    }

    @Override
    public void close() {
        dirty.clear();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    private static final class Builder<V> implements StoreBuilder<WriteBehindStore<V>> {
        private final StoreBuilder<KeyValueStore<String, V>> inner;

        Builder(StoreBuilder<KeyValueStore<String, V>> inner) {
            this.inner = inner;
        }

        @Override
        public StoreBuilder<WriteBehindStore<V>> withCachingEnabled() {
            throw new UnsupportedOperationException("a write-behind store is its own cache");
        }

        @Override
        public StoreBuilder<WriteBehindStore<V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<WriteBehindStore<V>> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<WriteBehindStore<V>> withLoggingDisabled() {
            throw new UnsupportedOperationException("a write-behind store must be changelogged: the changelog is its durability");
        }

        @Override
        public WriteBehindStore<V> build() {
            return new WriteBehindStore<>(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
