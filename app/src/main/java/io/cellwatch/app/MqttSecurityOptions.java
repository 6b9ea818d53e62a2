package io.cellwatch.app;

import io.cellwatch.telemetry.MqttClientSecurity;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/**
 * {@code --mqtt-username}, {@code --mqtt-password-file}, {@code --mqtt-truststore}: how a service
 * logs in to the MQTT broker. The password never comes from the command line (it would show in
 * {@code ps} and shell history): from a file or the environment.
 */
final class MqttSecurityOptions {

    @Option(names = "--mqtt-username", paramLabel = "USER", defaultValue = "${CELLWATCH_MQTT_USERNAME}",
            description = "MQTT user name; the password comes from --mqtt-password-file or env "
                    + MqttClientSecurity.PASSWORD_ENV + ". Env CELLWATCH_MQTT_USERNAME. Default: none (anonymous).")
    String username;

    @Option(names = "--mqtt-password-file", paramLabel = "FILE", defaultValue = "${CELLWATCH_MQTT_PASSWORD_FILE}",
            description = "File whose first line is the MQTT password. Env CELLWATCH_MQTT_PASSWORD_FILE.")
    Path passwordFile;

    @Option(names = "--mqtt-truststore", paramLabel = "FILE", defaultValue = "${CELLWATCH_MQTT_TRUSTSTORE}",
            description = "PKCS12/JKS truststore with the broker's CA for ssl:// URIs (password, if any, in env "
                    + "CELLWATCH_MQTT_TRUSTSTORE_PASSWORD). Env CELLWATCH_MQTT_TRUSTSTORE. Default: the JVM's trusted CAs.")
    Path truststore;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The options as one value; a missing password or a password without a user is a usage error. */
    MqttClientSecurity security() {
        try {
            return MqttClientSecurity.fromOptions(username, passwordFile, System.getenv(MqttClientSecurity.PASSWORD_ENV),
                    truststore, System.getenv("CELLWATCH_MQTT_TRUSTSTORE_PASSWORD"));
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new ParameterException(command.commandLine(), e.getMessage(), e);
        }
    }
}
