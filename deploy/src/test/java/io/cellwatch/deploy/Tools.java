package io.cellwatch.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The command-line tools the deploy tests run (promtool, amtool, docker-compose). The first use
 * runs {@code deploy/tools/ensure-tools.sh} once, which installs missing Debian packages when it
 * can; a tool still missing afterwards fails the test with the command that installs it. Never a
 * silent skip.
 */
final class Tools {

    static final Map<String, String> PACKAGE = Map.of(
            "promtool", "prometheus",
            "amtool", "prometheus-alertmanager",
            "docker-compose", "docker-compose");

    private static String ensureLog;

    private Tools() {
    }

    /** Runs ensure-tools.sh once per JVM and returns what it printed. */
    static synchronized String ensure() {
        if (ensureLog == null) {
            long start = System.nanoTime();
            Result r = run(Assets.DEPLOY, Map.of(), 900, "bash", Assets.DEPLOY.resolve("tools/ensure-tools.sh").toString());
            ensureLog = r.output() + String.format("(ensure-tools.sh: exit %d, %.1f s)%n", r.exit(), (System.nanoTime() - start) / 1e9);
            System.out.print(ensureLog);
        }
        return ensureLog;
    }

    /** The tool's path, or a failed test saying how to install it. */
    static String require(String tool) {
        ensure();
        Optional<Path> found = which(tool);
        if (found.isEmpty()) {
            String pkg = PACKAGE.getOrDefault(tool, tool);
            fail(tool + " not found on PATH. Install the Debian package: "
                    + "apt-get install -y --no-install-recommends " + pkg
                    + " (or run deploy/tools/ensure-tools.sh as root). ensure-tools.sh said:\n" + ensureLog);
        }
        return found.get().toString();
    }

    static Optional<Path> which(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/usr/local/bin";
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    record Result(int exit, String output) {
    }

    static Result run(Path dir, Map<String, String> env, long timeoutSeconds, String... command) {
        return run(dir, env, timeoutSeconds, List.of(command));
    }

    static Result run(Path dir, Map<String, String> env, long timeoutSeconds, List<String> command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /** Runs a tool that must succeed; fails the test with its output otherwise. */
    static String check(Path dir, Map<String, String> env, String tool, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(require(tool));
        cmd.addAll(List.of(args));
        Result r = run(dir, env, 120, cmd);
        if (r.exit() != 0) {
            fail(String.join(" ", cmd) + " exited " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }
}
