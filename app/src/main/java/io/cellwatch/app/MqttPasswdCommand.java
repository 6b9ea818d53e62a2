package io.cellwatch.app;

import io.cellwatch.embedded.MqttAccess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code cellwatch mqtt-passwd USER LAB ROLE}: one line for an MQTT credentials file, with the password hashed. */
@Command(name = "mqtt-passwd",
        header = "One line of an MQTT credentials file (salted PBKDF2 hash).",
        mixinStandardHelpOptions = true,
        description = {
                "Prints one line for an MQTT credentials file (cellwatch demo --mqtt-credentials FILE):",
                "  USER:LAB:ROLE:pbkdf2-sha256$ITERATIONS$SALT$HASH",
                "The password is read from the terminal without echo, or as the first line of standard input;",
                "only its salted PBKDF2-HMAC-SHA256 hash is printed. ROLE is 'edge' (publishes telemetry, status",
                "and acks of LAB, reads LAB's commands) or 'bridge' (LAB '*': reads everything under",
                "cellwatch/v1/, publishes commands). Example:",
                "  cellwatch mqtt-passwd edge-a lab-a edge >> mqtt-credentials"})
final class MqttPasswdCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "USER")
    String username;

    @Parameters(index = "1", paramLabel = "LAB", description = "Lab id, or * for a bridge.")
    String lab;

    @Parameters(index = "2", paramLabel = "ROLE", description = "edge or bridge.")
    String role;

    @Override
    public Integer call() throws Exception {
        MqttAccess.Role r;
        try {
            r = MqttAccess.Role.valueOf(role.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("cellwatch mqtt-passwd: ROLE must be edge or bridge, was '" + role + "'");
            return 2;
        }
        char[] password = readPassword();
        if (password == null || password.length == 0) {
            System.err.println("cellwatch mqtt-passwd: no password given");
            return 2;
        }
        try {
            System.out.println(MqttAccess.line(username, lab, r, MqttAccess.hash(password)));
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("cellwatch mqtt-passwd: " + e.getMessage());
            return 2;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] readPassword() throws java.io.IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("password: ");
            char[] again = console.readPassword("again: ");
            if (first == null || !Arrays.equals(first, again)) {
                System.err.println("cellwatch mqtt-passwd: the passwords differ");
                return null;
            }
            return first;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? null : line.toCharArray();
    }
}
