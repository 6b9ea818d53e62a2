package io.cellwatch.alerts.topology;

import io.cellwatch.alerts.lifecycle.AlertBook;
import io.cellwatch.alerts.lifecycle.AlertLifecycle;
import io.cellwatch.alerts.lifecycle.AlertStep;
import io.cellwatch.telemetry.Alert;
import io.cellwatch.telemetry.Command;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs each chamber's inputs through the {@link AlertLifecycle} with the chamber's book from the
 * store, and on the wall clock ticks every book this task owns. The book is written back in the
 * same transaction as the outputs, so a pause command is sent exactly once per episode.
 */
final class AlertsProcessor implements Processor<String, AlertInput, String, AlertOutput> {

    private static final Logger log = LoggerFactory.getLogger(AlertsProcessor.class);

    private final AlertLifecycle lifecycle;
    private final Duration tickInterval;
    private final AlertListener listener;
    private ProcessorContext<String, AlertOutput> context;
    private KeyValueStore<String, AlertBook> books;

    AlertsProcessor(AlertLifecycle lifecycle, Duration tickInterval, AlertListener listener) {
        this.lifecycle = lifecycle;
        this.tickInterval = tickInterval;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, AlertOutput> context) {
        this.context = context;
        this.books = context.getStateStore(AlertsTopology.BOOK_STORE);
        context.schedule(tickInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, AlertInput> record) {
        AlertInput in = record.value();
        if (record.key() == null || in == null) {
            return;
        }
        AlertBook book = bookOf(record.key());
        double nowS = nowS();
        AlertStep step;
        Double causeTimeS = null;
        if (in.finding() != null) {
            step = lifecycle.onFinding(book, in.finding(), in.channel(), nowS);
            causeTimeS = in.finding().timeS();
        } else if (in.ack() != null) {
            step = lifecycle.onCommand(book, in.ack(), nowS);
        } else if (in.mute() != null) {
            log.info("mute {} until {} by {}: {}", in.mute().key(), java.time.Instant.ofEpochSecond((long) in.mute().untilS()),
                    in.mute().requestedBy(), in.mute().reason());
            step = lifecycle.mute(book, in.mute(), nowS);
        } else {
            return;
        }
        apply(book, step, record.timestamp(), causeTimeS, nowS);
    }

    private void tick(long nowMs) {
        List<KeyValue<String, AlertBook>> all = new ArrayList<>();
        try (KeyValueIterator<String, AlertBook> it = books.all()) {
            it.forEachRemaining(all::add);
        }
        double nowS = nowMs / 1000.0;
        for (KeyValue<String, AlertBook> kv : all) {
            apply(kv.value, lifecycle.tick(kv.value, nowS), nowMs, null, nowS);
        }
    }

    private void apply(AlertBook before, AlertStep step, long timestampMs, Double causeTimeS, double nowS) {
        AlertBook after = step.book();
        if (after.isEmpty()) {
            if (!before.isEmpty()) {
                books.delete(after.group());
            }
        } else if (!after.equals(before)) {
            books.put(after.group(), after);
        }
        for (Alert a : step.alerts()) {
            if (Boolean.FALSE.equals(a.commandDone())) {
                log.warn("interlock REFUSED for alert {}: cell {} is not paused: {}", a.alertId(), a.cellId(), a.commandRefusal());
            }
            log.info("alert {} {} {} ({}): {}", a.state().wireName(), a.severity().wireName(), a.alertId(),
                    a.commandDone() != null ? (a.commandDone() ? "pause done" : "pause refused")
                            : a.commandId() != null ? "pause sent" : "no interlock",
                    a.summary());
            context.forward(new Record<>(a.alertKey(), AlertOutput.of(a), timestampMs));
            listener.onAlert(a, causeTimeS, nowS);
        }
        for (Command c : step.commands()) {
            log.warn("interlock: {} cell {} at {}/{}/{} for alert {}", c.action().wireName(), c.cellId(), c.lab(),
                    c.chamber(), c.channel(), c.alertId());
            context.forward(new Record<>(c.cellId(), AlertOutput.of(c), timestampMs));
            listener.onCommand(c);
        }
    }

    private AlertBook bookOf(String group) {
        AlertBook stored = books.get(group);
        return stored != null ? stored : AlertBook.empty(group);
    }

    private double nowS() {
        return context.currentSystemTimeMs() / 1000.0;
    }
}
