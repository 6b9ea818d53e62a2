package io.cellwatch.embedded;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may connect to the MQTT broker and which topics each may use: loaded from a credentials
 * file, no broker types here (the broker side is {@link MqttAccessExtension}).
 *
 * <h2>Credentials file</h2>
 * One account per line, {@code username:lab:role:hash}; blank lines and lines starting with
 * {@code #} are ignored:
 * <pre>
 * # edge agents, one per lab
 * edge-a:lab-a:edge:pbkdf2-sha256$600000$&lt;salt, base64&gt;$&lt;hash, base64&gt;
 * ingest:*:bridge:pbkdf2-sha256$600000$...$...
 * </pre>
 * <ul>
 *   <li>{@code role} {@code edge}: publishes {@code cellwatch/v1/LAB/+/+/telemetry}, {@code status}
 *       and {@code ack}; subscribes to {@code cellwatch/v1/LAB/+/+/command}. Nothing else.</li>
 *   <li>{@code role} {@code bridge} (lab {@code *}): subscribes to anything under
 *       {@code cellwatch/v1/#}, shared subscriptions included; publishes
 *       {@code cellwatch/v1/+/+/+/command}.</li>
 * </ul>
 * The hash is PBKDF2-HMAC-SHA256 with a random 16-byte salt, written by {@link #hash(char[])}
 * ({@code cellwatch mqtt-passwd} prints a whole line). Plain passwords are never stored.
 */
public final class MqttAccess {

    /** What an account may do. */
    public enum Role { EDGE, BRIDGE }

    /** Publish or subscribe. */
    public enum Activity { PUBLISH, SUBSCRIBE }

    /** One allowed topic filter; everything not granted is denied. */
    public record Grant(String topicFilter, Activity activity) {
    }

    /** A known account; {@code lab} is {@code *} for a bridge. */
    public record Account(String username, String lab, Role role) {

        /** The topics this account may use, as MQTT topic filters. */
        public List<Grant> grants() {
            return switch (role) {
                case EDGE -> List.of(
                        new Grant(ROOT + lab + "/+/+/telemetry", Activity.PUBLISH),
                        new Grant(ROOT + lab + "/+/+/status", Activity.PUBLISH),
                        new Grant(ROOT + lab + "/+/+/ack", Activity.PUBLISH),
                        new Grant(ROOT + lab + "/+/+/command", Activity.SUBSCRIBE));
                case BRIDGE -> List.of(
                        new Grant(ROOT + "#", Activity.SUBSCRIBE),
                        new Grant(ROOT + "+/+/+/command", Activity.PUBLISH));
            };
        }
    }

    /** Why a login failed: said in the broker's log, never to the client. */
    public enum Refusal { NO_CREDENTIALS, UNKNOWN_USER, WRONG_PASSWORD }

    /** The outcome of one login: an account, or why not. */
    public record Login(Account account, Refusal refusal) {
        public boolean ok() {
            return account != null;
        }
    }

    static final String ROOT = "cellwatch/v1/";
    static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256; costs ~0.3 s per connect on one slow core. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    /** A lab id is one topic level: no wildcards, no separators, no {@code $} first. */
    private static final Pattern LAB = Pattern.compile("[A-Za-z0-9_.-]{1,64}"); // as ChannelAddress
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    private record Entry(Account account, int iterations, byte[] salt, byte[] hash) {
    }

    private final Map<String, Entry> entries;
    private final Path source;

    private MqttAccess(Map<String, Entry> entries, Path source) {
        this.entries = entries;
        this.source = source;
    }

    /** Reads a credentials file; a malformed line is an error naming the line, never skipped. */
    public static MqttAccess load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MQTT credentials file " + file, e);
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1);
            Entry entry = parse(line, where);
            if (entries.putIfAbsent(entry.account().username(), entry) != null) {
                throw new IllegalArgumentException(where + ": user '" + entry.account().username() + "' appears twice");
            }
        }
        return new MqttAccess(Map.copyOf(entries), file);
    }

    private static Entry parse(String line, String where) {
        String[] f = line.split(":", 4);
        if (f.length != 4) {
            throw new IllegalArgumentException(where + ": expected username:lab:role:hash");
        }
        String username = f[0];
        String lab = f[1];
        Role role;
        try {
            role = Role.valueOf(f[2].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": role must be edge or bridge, was '" + f[2] + "'");
        }
        if (!USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException(where + ": user name '" + username + "' is not [A-Za-z0-9._@-]");
        }
        if (role == Role.EDGE && !LAB.matcher(lab).matches()) {
            throw new IllegalArgumentException(where + ": lab '" + lab + "' must be one plain topic level ([A-Za-z0-9._-])");
        }
        if (role == Role.BRIDGE && !"*".equals(lab)) {
            throw new IllegalArgumentException(where + ": a bridge serves every lab, write '*' as its lab");
        }
        String[] h = f[3].split("\\$", -1);
        if (h.length != 4 || !SCHEME.equals(h[0])) {
            throw new IllegalArgumentException(where + ": hash must be " + SCHEME + "$ITERATIONS$SALT$HASH (cellwatch mqtt-passwd)");
        }
        try {
            int iterations = Integer.parseInt(h[1]);
            if (iterations < 1) {
                throw new IllegalArgumentException(where + ": iterations must be positive");
            }
            return new Entry(new Account(username, lab, role), iterations,
                    Base64.getDecoder().decode(h[2]), Base64.getDecoder().decode(h[3]));
        } catch (IllegalArgumentException e) { // NumberFormatException and bad base64 included
            throw new IllegalArgumentException(where + ": unreadable hash: " + e.getMessage(), e);
        }
    }

    /** Checks a user name and password (UTF-8 bytes, as MQTT carries it). */
    public Login login(String username, byte[] password) {
        if (username == null || password == null) {
            return new Login(null, Refusal.NO_CREDENTIALS);
        }
        Entry entry = entries.get(username);
        if (entry == null) {
            return new Login(null, Refusal.UNKNOWN_USER);
        }
        if (password.length == 0) {
            return new Login(null, Refusal.WRONG_PASSWORD); // never hashed: mqtt-passwd refuses empty passwords
        }
        java.nio.CharBuffer decoded = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(password));
        char[] chars = new char[decoded.remaining()];
        decoded.get(chars);
        byte[] actual = pbkdf2(chars, entry.salt(), entry.iterations());
        java.util.Arrays.fill(chars, '\0');
        return MessageDigest.isEqual(actual, entry.hash())
                ? new Login(entry.account(), null) : new Login(null, Refusal.WRONG_PASSWORD);
    }

    public int accounts() {
        return entries.size();
    }

    public Path source() {
        return source;
    }

    /** {@code pbkdf2-sha256$600000$salt$hash} for a new password, with a fresh random salt. */
    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    /** As {@link #hash(char[])} with a chosen cost (tests use fewer iterations to stay fast). */
    public static String hash(char[] password, int iterations) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("an empty password cannot be hashed");
        }
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(pbkdf2(password, salt, iterations));
    }

    /** One line of a credentials file. */
    public static String line(String username, String lab, Role role, String hash) {
        String line = username + ":" + lab + ":" + role.name().toLowerCase(Locale.ROOT) + ":" + hash;
        parse(line, "new account"); // the same checks as loading
        return line;
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    public Optional<Account> account(String username) {
        return Optional.ofNullable(entries.get(username)).map(Entry::account);
    }
}
