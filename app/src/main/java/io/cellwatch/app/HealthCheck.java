package io.cellwatch.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * A container health check for runtimes that can only run a command (docker-compose's
 * {@code healthcheck}; the image has no shell or curl): asks the service in the same container
 * for one of its {@link ServiceHttp} paths and exits 0 on a 2xx answer, 1 otherwise.
 *
 * <pre>java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx16m -cp /app/classes io.cellwatch.app.HealthCheck /health/ready</pre>
 *
 * A plain main on the JDK alone, not a picocli command, so that a check every few seconds costs a
 * tenth of a second of CPU rather than a full cellwatch start. The port is the service's own,
 * {@code CELLWATCH_HTTP_PORT}. Kubernetes asks the same paths itself (httpGet probes, Helm chart).
 */
public final class HealthCheck {

    private HealthCheck() {
    }

    public static void main(String[] args) {
        if (args.length != 1 || !args[0].startsWith("/")) {
            System.err.println("usage: HealthCheck /health/ready   (asks http://127.0.0.1:$CELLWATCH_HTTP_PORT/health/ready)");
            System.exit(2);
        }
        String port = System.getenv().getOrDefault("CELLWATCH_HTTP_PORT", "8080");
        System.exit(check("http://127.0.0.1:" + port + args[0]));
    }

    static int check(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(2_000);
            c.setReadTimeout(5_000);
            int status = c.getResponseCode();
            try (InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                if (body != null) {
                    body.transferTo(System.out);
                }
            }
            if (status / 100 == 2) {
                return 0;
            }
            System.out.println(url + ": HTTP " + status);
            return 1;
        } catch (IOException | IllegalArgumentException e) {
            System.out.println(url + ": " + e);
            return 1;
        }
    }
}
