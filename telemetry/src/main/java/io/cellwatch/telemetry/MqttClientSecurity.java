package io.cellwatch.telemetry;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;

/**
 * How an MQTT client (edge agent, bridge, command relay) proves who it is and checks the broker:
 * a user name and password, and a truststore for {@code ssl://} brokers. No MQTT library types:
 * each client copies these into its own connect options.
 *
 * @param username           null = connect without credentials
 * @param password           the password; never logged, never taken from a command line
 * @param truststore         certificates to trust for {@code ssl://} (PKCS12 or JKS); null = the JVM's
 * @param truststorePassword null when the truststore needs none
 */
public record MqttClientSecurity(String username, String password, Path truststore, String truststorePassword) {

    /** No credentials, the JVM's default trust. */
    public static final MqttClientSecurity NONE = new MqttClientSecurity(null, null, null, null);

    /** Environment variable the password may come from instead of a file. */
    public static final String PASSWORD_ENV = "CELLWATCH_MQTT_PASSWORD";

    public MqttClientSecurity {
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("MQTT user name and password go together: give both or neither");
        }
    }

    public static MqttClientSecurity credentials(String username, String password) {
        return new MqttClientSecurity(username, password, null, null);
    }

    public MqttClientSecurity withTruststore(Path file, String filePassword) {
        return new MqttClientSecurity(username, password, file, filePassword);
    }

    /**
     * From command-line style options: the password is read from {@code passwordFile} (first line)
     * or else from {@code envPassword} (pass {@code System.getenv(PASSWORD_ENV)}).
     */
    public static MqttClientSecurity fromOptions(String username, Path passwordFile, String envPassword,
                                                 Path truststore, String truststorePassword) {
        String password = null;
        if (passwordFile != null) {
            try {
                password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read MQTT password file " + passwordFile, e);
            }
        } else if (envPassword != null && !envPassword.isEmpty()) {
            password = envPassword;
        }
        if (username == null && password != null) {
            throw new IllegalArgumentException("an MQTT password was given without --mqtt-username");
        }
        if (username != null && (password == null || password.isEmpty())) {
            throw new IllegalArgumentException("MQTT user '" + username + "' needs a password: --mqtt-password-file FILE or env "
                    + PASSWORD_ENV);
        }
        return new MqttClientSecurity(username, password, truststore, truststorePassword);
    }

    public boolean hasCredentials() {
        return username != null;
    }

    public byte[] passwordBytes() {
        return password == null ? null : password.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The socket factory to use for {@code serverUri}: for {@code ssl://} one that trusts the
     * truststore (or the JVM's default trust without one); for plain {@code tcp://}, none. A
     * truststore with a {@code tcp://} URI is a mistake, said rather than ignored.
     */
    public Optional<SSLSocketFactory> socketFactoryFor(String serverUri) {
        boolean tls = serverUri.startsWith("ssl://") || serverUri.startsWith("wss://");
        if (!tls) {
            if (truststore != null) {
                throw new IllegalArgumentException("an MQTT truststore was given but " + serverUri
                        + " is not TLS: use ssl://HOST:PORT");
            }
            return Optional.empty();
        }
        if (truststore == null) {
            return Optional.empty(); // the client library's default: the JVM's trusted CAs
        }
        try {
            KeyStore store = KeyStore.getInstance(truststore.toFile(),
                    truststorePassword == null ? null : truststorePassword.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return Optional.of(context.getSocketFactory());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use MQTT truststore " + truststore + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "MqttClientSecurity[user=" + username + ", password=" + (password == null ? "none" : "***")
                + ", truststore=" + truststore + "]";
    }
}
