package io.cellwatch.streams.topology;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.util.List;

/**
 * The chamber readings one task collected for one chamber since its last flush, in the order the
 * cells' samples were analysed: one record through the chamber repartition instead of one per reading.
 *
 * <p>Why: each record through the repartition is a produce, a broker append and a fetch, and Kafka
 * Streams' per-record work on both sides; at one reading per five samples (a 60 s heartbeat at a 10 s
 * sample period, plus dead-band sends) that cost more than the chamber detectors themselves: the
 * analytics topology ran at 0.6 of an identity topology's throughput with the chamber path, and at
 * 0.9 without it (cellwatch bench, README, performance).
 */
record ChamberBatch(List<ChamberSample> readings) {

    ChamberBatch {
        readings = readings == null ? null : List.copyOf(readings);
    }

    /** The repartition key: every reading in a batch is of the same chamber. */
    String chamberKey() {
        return readings.get(0).chamberKey();
    }

    /**
     * Smile, like the stores; reads the single {@link ChamberSample} records an older version left in
     * the repartition topic (Smile, or wire JSON before that) as batches of one, so none in flight at
     * an upgrade is dropped.
     */
    static Serde<ChamberBatch> serde() {
        StateSerde<ChamberBatch> batches = StateSerde.of(ChamberBatch.class);
        Deserializer<ChamberBatch> batchReader = batches.deserializer();
        Deserializer<ChamberSample> singleReader = StateSerde.readingJsonToo(ChamberSample.class).deserializer();
        Deserializer<ChamberBatch> reader = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ChamberBatch batch = bytes.length > 0 && bytes[0] == '{' ? null : batchReader.deserialize(topic, bytes);
            if (batch != null && batch.readings() != null) {
                return batch;
            }
            ChamberSample single = singleReader.deserialize(topic, bytes);
            return single == null ? null : new ChamberBatch(List.of(single));
        };
        return Serdes.serdeFrom(batches.serializer(), reader);
    }
}
