package io.cellwatch.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MqttAccessTest {

    @TempDir
    Path dir;

    @Test
    void rightPasswordLogsInAndWrongOrUnknownOrMissingIsRefusedWithTheReason() throws Exception {
        MqttAccess access = load(
                "# comment and blank lines are ignored",
                "",
                MqttAccess.line("edge-a", "lab-a", MqttAccess.Role.EDGE, MqttAccess.hash("s3cret".toCharArray(), 1_000)));

        assertThat(access.login("edge-a", bytes("s3cret")).account())
                .isEqualTo(new MqttAccess.Account("edge-a", "lab-a", MqttAccess.Role.EDGE));
        assertThat(access.login("edge-a", bytes("s3cret ")).refusal()).isEqualTo(MqttAccess.Refusal.WRONG_PASSWORD);
        assertThat(access.login("edge-a", bytes("")).refusal()).isEqualTo(MqttAccess.Refusal.WRONG_PASSWORD);
        assertThat(access.login("edge-b", bytes("s3cret")).refusal()).isEqualTo(MqttAccess.Refusal.UNKNOWN_USER);
        assertThat(access.login(null, null).refusal()).isEqualTo(MqttAccess.Refusal.NO_CREDENTIALS);
        assertThat(access.login("edge-a", null).refusal()).isEqualTo(MqttAccess.Refusal.NO_CREDENTIALS);
    }

    @Test
    void hashesAreSaltedSoTheSamePasswordNeverHashesTheSameAndThePasswordIsNotInTheLine() {
        String first = MqttAccess.hash("s3cret".toCharArray(), 1_000);
        String second = MqttAccess.hash("s3cret".toCharArray(), 1_000);

        assertThat(first).startsWith("pbkdf2-sha256$1000$").isNotEqualTo(second).doesNotContain("s3cret");
        assertThat(MqttAccess.hash("x".toCharArray())).startsWith("pbkdf2-sha256$600000$");
    }

    @Test
    void edgeMayPublishOnlyItsLabsTelemetryStatusAndAcksAndReadOnlyItsLabsCommands() {
        assertThat(new MqttAccess.Account("edge-a", "lab-a", MqttAccess.Role.EDGE).grants()).containsExactlyInAnyOrder(
                new MqttAccess.Grant("cellwatch/v1/lab-a/+/+/telemetry", MqttAccess.Activity.PUBLISH),
                new MqttAccess.Grant("cellwatch/v1/lab-a/+/+/status", MqttAccess.Activity.PUBLISH),
                new MqttAccess.Grant("cellwatch/v1/lab-a/+/+/ack", MqttAccess.Activity.PUBLISH),
                new MqttAccess.Grant("cellwatch/v1/lab-a/+/+/command", MqttAccess.Activity.SUBSCRIBE));
        assertThat(new MqttAccess.Account("ingest", "*", MqttAccess.Role.BRIDGE).grants()).containsExactlyInAnyOrder(
                new MqttAccess.Grant("cellwatch/v1/#", MqttAccess.Activity.SUBSCRIBE),
                new MqttAccess.Grant("cellwatch/v1/+/+/+/command", MqttAccess.Activity.PUBLISH));
    }

    @Test
    void malformedLinesAreErrorsNamingTheLineNeverSkipped() {
        String hash = MqttAccess.hash("pw".toCharArray(), 10);
        assertThatThrownBy(() -> load("edge-a:lab-a:edge")).hasMessageContaining("line 1").hasMessageContaining("username:lab:role:hash");
        assertThatThrownBy(() -> load("", "edge-a:lab-a:admin:" + hash)).hasMessageContaining("line 2").hasMessageContaining("edge or bridge");
        assertThatThrownBy(() -> load("edge-a:lab/#:edge:" + hash)).hasMessageContaining("one plain topic level");
        assertThatThrownBy(() -> load("edge-a:+:edge:" + hash)).hasMessageContaining("one plain topic level");
        assertThatThrownBy(() -> load("ingest:lab-a:bridge:" + hash)).hasMessageContaining("'*'");
        assertThatThrownBy(() -> load("edge-a:lab-a:edge:plain-password")).hasMessageContaining("pbkdf2-sha256$ITERATIONS$SALT$HASH");
        assertThatThrownBy(() -> load("edge-a:lab-a:edge:pbkdf2-sha256$many$AA==$AA==")).hasMessageContaining("unreadable hash");
        assertThatThrownBy(() -> load("edge-a:lab-a:edge:" + hash, "edge-a:lab-b:edge:" + hash)).hasMessageContaining("appears twice");
    }

    private MqttAccess load(String... lines) throws Exception {
        Path file = dir.resolve("credentials-" + System.nanoTime());
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return MqttAccess.load(file);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
