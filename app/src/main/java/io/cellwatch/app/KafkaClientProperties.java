package io.cellwatch.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** {@code --kafka-config FILE}: Kafka client properties (security.protocol, sasl.*, ssl.*) every service passes through. */
final class KafkaClientProperties {

    private KafkaClientProperties() {
    }

    /** The file's properties, or none when {@code file} is null. */
    static Map<String, String> load(Path file) throws IOException {
        Map<String, String> out = new HashMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        }
        return out;
    }
}
