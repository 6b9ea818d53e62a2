package io.cellwatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The container image the build wrote ({@code jib:buildTar}, app/pom.xml), unpacked layer by layer
 * and run as a container runtime would run it: its entry point, environment, user and working
 * directory, with /proc, /sys and a minimal /dev mounted, in mount and PID namespaces of its own.
 * There is no Docker engine on these machines; this is the closest check that the image starts and
 * does its job. Runs after {@code package} (failsafe), since it needs the tar.
 *
 * <p>Running the image needs Linux, root and util-linux's {@code unshare}; where those are missing
 * (a developer's laptop) only the checks of the image's configuration and files run. CI runs as root.
 */
class ContainerImageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A container runtime mounts these; the script then drops into the image like {@code runc} does. */
    private static final String ENTER_CONTAINER = String.join("\n",
            "set -e",
            "r=$1 wd=$2 uid=$3 gid=$4; shift 4",
            "/usr/bin/mount -t proc proc \"$r/proc\"",
            "/usr/bin/mount -t sysfs -o ro sysfs \"$r/sys\"",
            "/usr/bin/mount -t tmpfs -o mode=755 tmpfs \"$r/dev\"",
            "for n in null zero random urandom; do : > \"$r/dev/$n\"; /usr/bin/mount --bind \"/dev/$n\" \"$r/dev/$n\"; done",
            "exec /usr/bin/unshare --root=\"$r\" --wd=\"$wd\" --setgid=\"$gid\" --setuid=\"$uid\" -- \"$@\"");

    @TempDir
    static Path work;
    static JsonNode config;
    static Path root;

    @BeforeAll
    static void unpackTheImage() throws Exception {
        Path tar = Path.of(System.getProperty("cellwatch.image.tar", "target/jib-image.tar"));
        assertThat(tar).as("the image tar, written by `mvn package` (jib:buildTar); -Dimage.skip skips this test too")
                .exists();
        Path image = Files.createDirectories(work.resolve("image"));
        root = Files.createDirectories(work.resolve("root"));
        exec(List.of("tar", "-xf", tar.toString(), "-C", image.toString()));
        JsonNode manifest = JSON.readTree(image.resolve("manifest.json").toFile()).get(0);
        config = JSON.readTree(image.resolve(manifest.get("Config").asText()).toFile()).get("config");
        for (JsonNode layer : manifest.get("Layers")) {
            // Jib writes libarchive's creation-time keyword, which GNU tar only warns about
            exec(List.of("tar", "--warning=no-unknown-keyword", "-xzf", image.resolve(layer.asText()).toString(),
                    "-C", root.toString()));
        }
        for (String mountPoint : List.of("proc", "sys", "dev")) {
            Files.createDirectories(root.resolve(mountPoint));
        }
    }

    @Test
    void configurationRunsCellwatchOnTheImagesOwnJavaAsTheUserTheChartExpects() throws IOException {
        assertThat(config.get("User").asText()).isEqualTo("10001:10001");
        String values = Files.readString(Path.of("../deploy/helm/cellwatch/values.yaml"));
        assertThat(values).as("the chart's securityContext runs the image's user")
                .contains("runAsUser: 10001").contains("runAsGroup: 10001");
        List<String> entrypoint = strings(config.get("Entrypoint"));
        assertThat(entrypoint).first().isEqualTo("java");
        assertThat(entrypoint).last().isEqualTo(Cellwatch.class.getName());
        assertThat(env()).containsEntry("PATH", "/opt/java/bin").containsEntry("JAVA_HOME", "/opt/java")
                .containsEntry("LANG", "C.UTF-8").containsEntry("CELLWATCH_STATE_DIR", "/var/lib/cellwatch/streams");
        assertThat(config.get("WorkingDir").asText()).isEqualTo("/var/lib/cellwatch");
        List<String> ports = new ArrayList<>();
        config.get("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        assertThat(ports).containsExactlyInAnyOrder("8080/tcp", "8081/tcp", "8082/tcp", "8083/tcp", "8084/tcp");
    }

    @Test
    void fileSystemHasTheRuntimeTheUserAndWritablePlacesForState() throws IOException {
        assertThat(root.resolve("opt/java/bin/java")).isRegularFile();
        assertThat(Files.getPosixFilePermissions(root.resolve("opt/java/bin/java")))
                .contains(PosixFilePermission.OTHERS_EXECUTE);
        assertThat(root.resolve("usr/lib/locale/C.utf8/LC_CTYPE")).isRegularFile();
        assertThat(Files.readString(root.resolve("etc/passwd"))).contains("cellwatch:x:10001:10001:");
        for (String dir : List.of("tmp", "var/lib/cellwatch/streams")) {
            assertThat(Files.getPosixFilePermissions(root.resolve(dir))).as(dir + " is writable by the non-root user")
                    .contains(PosixFilePermission.OTHERS_WRITE);
        }
        assertThat(root.resolve("app/jib-classpath-file")).isRegularFile();
    }

    /** A fresh named volume starts as a copy of the image's folder: missing, it would be root's and read-only. */
    @Test
    void everyVolumeTheComposeFileMountsIsAFolderOfTheImageTheUserCanWrite() throws IOException {
        JsonNode services = compose().get("services");
        List<String> targets = new ArrayList<>();
        services.forEach(service -> {
            if (service.path("image").asText().startsWith("cellwatch:")) {
                service.path("volumes").forEach(v -> targets.add(v.asText().split(":")[1]));
            }
        });
        assertThat(targets).as("the cellwatch services' volumes in docker-compose.yml")
                .contains("/var/lib/cellwatch/streams", "/var/lib/cellwatch/alerts");
        for (String target : targets) {
            Path dir = root.resolve(target.substring(1));
            assertThat(dir).as(target).isDirectory();
            assertThat(Files.getPosixFilePermissions(dir)).as(target + " is writable by the non-root user")
                    .contains(PosixFilePermission.OTHERS_WRITE);
        }
    }

    @Test
    void theImagesJavaRunsAsCellwatchInUtf8InTheWorkingDirectory() throws Exception {
        assumeCanRunContainers();
        Result r = runInImage(List.of("java", "-XshowSettings:properties", "-version"), Duration.ofSeconds(60));
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("user.name = cellwatch").contains("user.dir = /var/lib/cellwatch")
                .contains("sun.jnu.encoding = UTF-8").contains("file.encoding = UTF-8")
                .contains("java.home = /opt/java");
    }

    @Test
    void entryPointPrintsTheVersion() throws Exception {
        assumeCanRunContainers();
        List<String> command = new ArrayList<>(strings(config.get("Entrypoint")));
        command.add("--version");
        Result r = runInImage(command, Duration.ofSeconds(60));
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("cellwatch").contains("Java ");
    }

    /**
     * Everything at once inside the image: embedded Kafka (KRaft) and HiveMQ, the bridge, Kafka
     * Streams with RocksDB (a native library extracted to /tmp), the detectors, the interlock and
     * the HTTP probes; then SIGTERM, as {@code docker stop} or Kubernetes sends it, to Java running
     * as PID 1. A GF+LE cell at 100 °C shorts by itself in cycle 2 (SCENARIOS.md). Also runs the
     * docker-compose health check in the image against the demo's port, and where nothing answers.
     */
    @Test
    void demoInTheImageFindsTheShortPausesTheChannelAnswersProbesAndStopsOnSigterm() throws Exception {
        assumeCanRunContainers();
        List<String> command = new ArrayList<>(strings(config.get("Entrypoint")));
        command.addAll(List.of("demo", "--cells", "1", "--preset", "gf-le-100c", "--speed", "20000",
                "--partitions", "1", "--http-port", "0"));
        Process p = container(command).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch paused = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    if (line.matches("\\s*PAUSED \\S+ by the interlock.*")) {
                        paused.countDown();
                    }
                }
            } catch (IOException e) {
                lines.add("(reading the container's output failed: " + e + ")");
            }
        }, "container-output");
        reader.start();
        try {
            assertThat(paused.await(180, TimeUnit.SECONDS)).as("the interlock paused the shorted cell; output:%n%s",
                    tail(lines)).isTrue();
            int port = httpPort(lines);
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/health/live", "/health/ready", "/cells")) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
            }
            assertThat(String.join("\n", lines)).contains("ALERT CRITICAL hard_short");
            List<String> healthCheck = composeHealthCheck();
            Result healthy = runInImage(healthCheck, Map.of("CELLWATCH_HTTP_PORT", String.valueOf(port)), Duration.ofSeconds(30));
            assertThat(healthy.exit).as("docker-compose's health check, in the image: " + healthy.output).isZero();
            Result noService = runInImage(healthCheck, Map.of("CELLWATCH_HTTP_PORT", "1"), Duration.ofSeconds(30));
            assertThat(noService.exit).as("the same check where nothing answers: " + noService.output).isEqualTo(1);

            ProcessHandle java = p.descendants()
                    .filter(h -> h.info().command().map(c -> c.endsWith("/opt/java/bin/java")).orElse(false))
                    .findFirst().orElseThrow(() -> new AssertionError("no java process under the container"));
            long t0 = System.nanoTime();
            assertThat(java.destroy()).as("SIGTERM sent").isTrue();
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("stopped after SIGTERM; output:%n%s", tail(lines)).isTrue();
            reader.join(10_000);
            System.out.printf("ContainerImageIT: demo stopped %.1f s after SIGTERM (exit %d)%n",
                    (System.nanoTime() - t0) / 1e9, p.exitValue());
            assertThat(lines).as("an orderly stop, not a kill; output:%n%s", tail(lines))
                    .anyMatch(l -> l.startsWith("cellwatch demo: stopped."));
        } finally {
            p.destroyForcibly(); // unshare --kill-child takes the container with it
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int httpPort(List<String> lines) {
        Pattern url = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/cells");
        for (String line : lines) {
            Matcher m = url.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the demo printed no HTTP address:\n" + tail(lines));
    }

    private record Result(int exit, String output) {
    }

    /** The {@code CMD} of the health check every cellwatch service in docker-compose.yml has. */
    private static List<String> composeHealthCheck() throws IOException {
        List<String> test = strings(compose().get("x-cellwatch").get("healthcheck").get("test"));
        assertThat(test).first().isEqualTo("CMD");
        return test.subList(1, test.size());
    }

    /** With merge keys ({@code <<: *cellwatch}) resolved as docker-compose does: SnakeYAML, not Jackson's reader. */
    private static JsonNode compose() throws IOException {
        try (var in = Files.newBufferedReader(Path.of("../docker-compose.yml"))) {
            return JSON.valueToTree(new org.yaml.snakeyaml.Yaml().load(in));
        }
    }

    private static Result runInImage(List<String> command, Duration timeout) throws Exception {
        return runInImage(command, Map.of(), timeout);
    }

    private static Result runInImage(List<String> command, Map<String, String> extraEnv, Duration timeout) throws Exception {
        ProcessBuilder pb = container(command);
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not end within " + timeout + ": " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** {@code command} inside the unpacked image, with only the image's environment. */
    private static ProcessBuilder container(List<String> command) {
        String[] user = config.get("User").asText().split(":");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--pid", "--fork", "--kill-child",
                "/bin/sh", "-c", ENTER_CONTAINER, "enter-container", root.toString(),
                config.get("WorkingDir").asText(), user[0], user[1]));
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env());
        return pb;
    }

    private static void assumeCanRunContainers() throws IOException {
        boolean linux = System.getProperty("os.name").equals("Linux");
        assumeTrue(linux && Files.isExecutable(Path.of("/usr/bin/unshare"))
                        && ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0,
                "running the image needs Linux, root and util-linux's unshare (namespaces and mounts)");
    }

    private static Map<String, String> env() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (String kv : strings(config.get("Env"))) {
            int eq = kv.indexOf('=');
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return env;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String tail(List<String> lines) {
        List<String> copy = List.copyOf(lines);
        return String.join("\n", copy.subList(Math.max(0, copy.size() - 40), copy.size()));
    }

    private static void exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
