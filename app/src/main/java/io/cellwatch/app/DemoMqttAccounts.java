package io.cellwatch.app;

import io.cellwatch.embedded.MqttAccess;
import io.cellwatch.telemetry.MqttClientSecurity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code cellwatch demo --mqtt-credentials FILE}: the broker takes the accounts of FILE plus two
 * the demo makes for its own clients (bridge and simulated edge of the demo's lab), with random
 * passwords that live only in this process. The combined file exists only while the broker loads it.
 */
final class DemoMqttAccounts {

    static final String BRIDGE_USER = "cellwatch-demo-bridge";
    static final String EDGE_USER = "cellwatch-demo-edge";

    final MqttClientSecurity bridge;
    final MqttClientSecurity edge;
    private final List<String> lines = new ArrayList<>();

    DemoMqttAccounts(Path userFile, String lab) {
        String bridgePassword = randomPassword();
        String edgePassword = randomPassword();
        try {
            lines.addAll(Files.readAllLines(userFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MQTT credentials file " + userFile, e);
        }
        // 1,000 PBKDF2 iterations: the passwords are 32 random bytes that never leave this process.
        lines.add(MqttAccess.line(BRIDGE_USER, "*", MqttAccess.Role.BRIDGE, MqttAccess.hash(bridgePassword.toCharArray(), 1_000)));
        lines.add(MqttAccess.line(EDGE_USER, lab, MqttAccess.Role.EDGE, MqttAccess.hash(edgePassword.toCharArray(), 1_000)));
        bridge = MqttClientSecurity.credentials(BRIDGE_USER, bridgePassword);
        edge = MqttClientSecurity.credentials(EDGE_USER, edgePassword);
    }

    /** Writes the combined file, hands it to {@code use}, and deletes it again. */
    <T> T withCombinedFile(java.util.function.Function<Path, T> use) {
        Path file = null;
        try {
            file = Files.createTempFile("cellwatch-mqtt-credentials-", "");
            Files.write(file, lines, StandardCharsets.UTF_8);
            return use.apply(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's MQTT credentials", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a temporary file of hashes; nothing secret in it
                }
            }
        }
    }

    private static String randomPassword() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
