package io.cellwatch.edge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cellwatch.edge.reader.CurrentSign;
import io.cellwatch.edge.reader.CyclerFormat;
import io.cellwatch.edge.sim.Preset;
import io.cellwatch.telemetry.CellMetadata;
import io.cellwatch.telemetry.CellType;
import io.cellwatch.telemetry.ChannelAddress;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The edge agent's configuration ({@code edge.yaml}), one immutable value loaded once. Every problem is
 * reported with the path of the field at fault ({@code channels[2].source.path: ...}); unknown fields
 * are errors too, so a misspelt option never silently falls back to its default. See
 * {@code deploy/edge/edge.example.yaml} for every field with its default.
 */
public record EdgeConfig(
        String lab,
        Mqtt mqtt,
        Queue queue,
        Batch batch,
        double progressIntervalS,
        String cyclerControl,
        List<Channel> channels) {

    /**
     * @param sessionExpiryS  how long the broker keeps the session (subscriptions, in-flight QoS 1) after a drop
     * @param reconnectInitialMs first reconnect delay; doubled after each failure up to {@code reconnectMaxMs}
     */
    public record Mqtt(String uri, String clientId, String username, Path passwordFile, Path truststore,
                       long sessionExpiryS, int keepAliveS, long reconnectInitialMs, long reconnectMaxMs) {
    }

    /** @param syncEveryAppends 1 = fsync each batch (safest); N = every N-th (faster, see {@link DiskQueue}) */
    public record Queue(Path dir, long maxBytes, int syncEveryAppends) {
    }

    /** A batch is queued when it has {@code maxSamples} or its first sample is {@code maxDelayMs} old. */
    public record Batch(int maxSamples, long maxDelayMs) {
    }

    public record Channel(ChannelAddress address, CellMetadata metadata, Source source) {
        public String cellId() {
            return metadata.cellId();
        }
    }

    public enum SourceType { FILE, TAIL, SIMULATOR }

    /**
     * @param speed       replay speed: 0 = as fast as possible, 1 = real time, N = N times real time
     * @param pollMs      tail: how often the file is checked for new lines
     * @param startEpochS file: Unix time of test time zero, for files without a date column
     */
    public record Source(SourceType type, Path path, CyclerFormat format, ZoneId zone, CurrentSign currentSign,
                         Double startEpochS, double speed, long pollMs, Preset preset, long seed,
                         double samplePeriodS, long maxSamples) {
    }

    public static EdgeConfig load(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not readable YAML: " + e.getMessage(), e);
        }
        Path base = file.toAbsolutePath().getParent();
        try {
            return parse(root, base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a YAML document; relative paths are taken relative to {@code base}. */
    public static EdgeConfig parse(String yaml, Path base) throws IOException {
        return parse(new ObjectMapper(new YAMLFactory()).readTree(yaml), base);
    }

    static EdgeConfig parse(JsonNode root, Path base) {
        Obj top = new Obj("", root);
        top.allow("lab", "mqtt", "queue", "batch", "progress-interval-s", "cycler-control", "channels");
        String lab = top.id("lab", true, null);

        Obj m = top.obj("mqtt", true);
        m.allow("uri", "client-id", "username", "password-file", "truststore", "session-expiry-s",
                "keep-alive-s", "reconnect-initial-ms", "reconnect-max-ms");
        String uri = m.text("uri", true, null);
        if (!uri.matches("(tcp|ssl|ws|wss)://.+")) {
            throw new IllegalArgumentException(m.at("uri") + ": '" + uri + "' is not an MQTT URI (tcp://host:1883, ssl://host:8883)");
        }
        Mqtt mqtt = new Mqtt(uri, m.id("client-id", true, null), m.text("username", false, null),
                m.path("password-file", base), m.path("truststore", base),
                m.longValue("session-expiry-s", 86_400, 0, 4_294_967_295L), // a day of outage keeps the session
                (int) m.longValue("keep-alive-s", 30, 1, 65_535),
                m.longValue("reconnect-initial-ms", 500, 10, 600_000),
                m.longValue("reconnect-max-ms", 30_000, 10, 3_600_000));
        if (mqtt.passwordFile() != null && mqtt.username() == null) {
            throw new IllegalArgumentException(m.at("password-file") + ": a password needs mqtt.username");
        }

        Obj q = top.obj("queue", true);
        q.allow("dir", "max-bytes", "sync-every-appends");
        Queue queue = new Queue(q.path("dir", base) == null ? q.fail("dir", "required") : q.path("dir", base),
                q.longValue("max-bytes", 1L << 30, 1024, Long.MAX_VALUE), // 1 GiB ≈ days of a lab's data
                (int) q.longValue("sync-every-appends", 1, 1, 1_000_000));

        Obj b = top.obj("batch", false);
        b.allow("max-samples", "max-delay-ms");
        Batch batch = new Batch((int) b.longValue("max-samples", 100, 1, 100_000),
                b.longValue("max-delay-ms", 1_000, 0, 3_600_000));

        double progress = top.doubleValue("progress-interval-s", 5.0, 0.1);
        String control = top.text("cycler-control", false, null);

        JsonNode list = root.get("channels");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("channels: required, a list of at least one channel");
        }
        List<Channel> channels = new ArrayList<>();
        Set<ChannelAddress> seen = new HashSet<>();
        Set<String> cellIds = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Channel c = channel(new Obj("channels[" + i + "]", list.get(i)), lab, base);
            if (!seen.add(c.address())) {
                throw new IllegalArgumentException("channels[" + i + "]: channel " + c.address() + " is listed twice");
            }
            if (!cellIds.add(c.cellId())) {
                throw new IllegalArgumentException("channels[" + i + "].cell.id: cell '" + c.cellId() + "' is on two channels");
            }
            channels.add(c);
        }
        return new EdgeConfig(lab, mqtt, queue, batch, progress, control, List.copyOf(channels));
    }

    private static Channel channel(Obj c, String lab, Path base) {
        c.allow("chamber", "channel", "cell", "source");
        ChannelAddress address = new ChannelAddress(lab, c.id("chamber", true, null), c.id("channel", true, null));
        Obj s = c.obj("source", true);
        s.allow("type", "path", "format", "zone", "current-sign", "start-epoch-s", "speed", "poll-ms",
                "preset", "seed", "sample-period-s", "max-samples");
        SourceType type = s.enumValue("type", SourceType.class, null, true);
        Path path = s.path("path", base);
        if (type != SourceType.SIMULATOR && path == null) {
            s.fail("path", "required for a " + type.name().toLowerCase(Locale.ROOT) + " source");
        }
        Preset preset = s.enumValue("preset", Preset.class, null, type == SourceType.SIMULATOR);
        ZoneId zone;
        String zoneText = s.text("zone", false, null);
        try {
            zone = zoneText == null ? ZoneOffset.UTC : ZoneId.of(zoneText);
        } catch (DateTimeException e) {
            zone = s.fail("zone", "'" + zoneText + "' is not a time zone (e.g. Europe/Oslo, UTC)");
        }
        double speed = s.speed("speed", type == SourceType.SIMULATOR ? 1.0 : 0.0);
        Source source = new Source(type, path, s.enumValue("format", CyclerFormat.class, null, false), zone,
                s.enumValue("current-sign", CurrentSign.class, CurrentSign.AUTO, false),
                s.has("start-epoch-s") ? s.doubleValue("start-epoch-s", 0, -1e12) : null, speed,
                s.longValue("poll-ms", 1_000, 10, 3_600_000), preset, s.longValue("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE),
                s.doubleValue("sample-period-s", 10.0, 1e-3), s.longValue("max-samples", 0, 0, Long.MAX_VALUE));

        Obj m = c.obj("cell", false);
        m.allow("id", "cell-type", "chemistry", "nominal-capacity-ah", "active-mass-g", "electrode-area-cm2",
                "voltage-min-v", "voltage-max-v", "c-rate", "chamber-setpoint-c", "sample-period-s");
        String cellId = m.id("id", false, address.defaultCellId());
        CellMetadata metadata = new CellMetadata(cellId, lab, address.chamber(), address.channel(),
                m.enumValue("cell-type", CellType.class, preset == null ? CellType.FULL : preset.cellType(), false),
                m.text("chemistry", false, preset == null ? null : preset.chemistry()),
                m.optDouble("nominal-capacity-ah", preset == null ? null : preset.nominalCapacityAh()),
                m.optDouble("active-mass-g", preset == null ? null : preset.activeMassG()),
                m.optDouble("electrode-area-cm2", preset == null ? null : preset.electrodeAreaCm2()),
                m.optDouble("voltage-min-v", null), m.optDouble("voltage-max-v", null), m.optDouble("c-rate", null),
                m.optDouble("chamber-setpoint-c", preset == null ? null : preset.chamberSetpointC()),
                m.optDouble("sample-period-s", type == SourceType.SIMULATOR ? source.samplePeriodS() : null));
        return new Channel(address, metadata, source);
    }

    /** A YAML mapping with the path to it, for error messages. */
    private record Obj(String where, JsonNode node) {

        Obj {
            if (node != null && !node.isObject() && !node.isNull()) {
                throw new IllegalArgumentException((where.isEmpty() ? "the document" : where) + ": must be a mapping");
            }
        }

        String at(String field) {
            return where.isEmpty() ? field : where + "." + field;
        }

        <T> T fail(String field, String problem) {
            throw new IllegalArgumentException(at(field) + ": " + problem);
        }

        boolean has(String field) {
            return node != null && node.hasNonNull(field);
        }

        void allow(String... fields) {
            if (node == null) {
                return;
            }
            Set<String> known = Set.of(fields);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!known.contains(f)) {
                    fail(f, "unknown field (known here: " + String.join(", ", fields) + ")");
                }
            }
        }

        Obj obj(String field, boolean required) {
            if (!has(field) && required) {
                fail(field, "required");
            }
            return new Obj(at(field), node == null ? null : node.get(field));
        }

        String text(String field, boolean required, String fallback) {
            if (!has(field)) {
                return required ? fail(field, "required") : fallback;
            }
            JsonNode v = node.get(field);
            if (!v.isValueNode() || v.asText().isBlank()) {
                fail(field, "must be a non-empty text");
            }
            return v.asText();
        }

        String id(String field, boolean required, String fallback) {
            String v = text(field, required, fallback);
            if (v != null && !v.matches("[A-Za-z0-9_.-]{1,64}")) {
                fail(field, "'" + v + "' is not a valid id: use 1-64 characters from A-Z a-z 0-9 _ . -");
            }
            return v;
        }

        Path path(String field, Path base) {
            String v = text(field, false, null);
            return v == null ? null : base.resolve(v).normalize();
        }

        long longValue(String field, long fallback, long min, long max) {
            if (!has(field)) {
                return fallback;
            }
            JsonNode v = node.get(field);
            if (!v.canConvertToLong() || !v.isIntegralNumber()) {
                fail(field, "must be a whole number, was '" + v.asText() + "'");
            }
            long x = v.asLong();
            if (x < min || x > max) {
                fail(field, "must be between " + min + " and " + max + ", was " + x);
            }
            return x;
        }

        double doubleValue(String field, double fallback, double min) {
            Double v = optDouble(field, fallback);
            if (v < min) {
                fail(field, "must be at least " + min + ", was " + v);
            }
            return v;
        }

        Double optDouble(String field, Double fallback) {
            if (!has(field)) {
                return fallback;
            }
            JsonNode v = node.get(field);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                fail(field, "must be a number, was '" + v.asText() + "'");
            }
            return v.asDouble();
        }

        /** {@code max} (0), {@code realtime} (1), {@code 10x} or a plain number. */
        double speed(String field, double fallback) {
            if (!has(field)) {
                return fallback;
            }
            String v = node.get(field).asText().trim().toLowerCase(Locale.ROOT);
            if (v.equals("max")) {
                return 0.0;
            }
            if (v.equals("realtime") || v.equals("real-time")) {
                return 1.0;
            }
            try {
                double x = Double.parseDouble(v.endsWith("x") ? v.substring(0, v.length() - 1) : v);
                if (x > 0 && Double.isFinite(x)) {
                    return x;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            return fail(field, "'" + v + "' is not a speed: max, realtime, or a factor such as 10x");
        }

        <E extends Enum<E>> E enumValue(String field, Class<E> type, E fallback, boolean required) {
            String v = text(field, required, null);
            if (v == null) {
                return fallback;
            }
            String name = v.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(name)) {
                    return e;
                }
            }
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            return fail(field, "'" + v + "' is not one of " + String.join(", ", names));
        }
    }
}
