// A private nginx (Debian's /usr/sbin/nginx, or -Dvanish.nginx=/path) in front of test nodes, never the system
// service: its config, pid, logs and temp files live in a temp directory, it listens on a free loopback port,
// and the Vanish part of its config is deploy/nginx.conf.template — the same file docs/DEPLOY.md recommends.
package dev.vanish.server.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

public final class NginxProcess implements AutoCloseable {

  /** The classpath resource shared with docs/DEPLOY.md. */
  public static final String TEMPLATE = "/deploy/nginx.conf.template";

  private final Path dir;
  private final int port;
  private final Process process;

  /** Starts nginx balancing over the given nodes' host:port addresses and waits until it accepts connections. */
  public NginxProcess(List<String> nodes) {
    this(nodes, LocalProcesses.freePort(), UnaryOperator.identity());
  }

  /**
   * As {@link #NginxProcess(List)} on a port the caller chose (one a node's VANISH_PUBLIC_URL already names), with
   * the filled-in Vanish config passed through {@code variant} first: a proxy set up otherwise than the template,
   * e.g. one that drops the Upgrade header (DoctorTest).
   */
  public NginxProcess(List<String> nodes, int port, UnaryOperator<String> variant) {
    this.port = port;
    try {
      dir = Files.createTempDirectory("vanish-nginx-");
      // Run as root, nginx's workers are "nobody": they must be able to enter the directory and use tmp/.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      for (String d : List.of("logs", "tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi")) {
        Files.createDirectories(dir.resolve(d));
        Files.setPosixFilePermissions(dir.resolve(d), PosixFilePermissions.fromString("rwxrwxrwx"));
      }
      Files.setPosixFilePermissions(dir.resolve("tmp"), PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.writeString(dir.resolve("vanish.conf"),
          variant.apply(vanishConf(nodes, "127.0.0.1:" + port, dir.resolve("logs/access.log").toString())));
      Files.writeString(dir.resolve("nginx.conf"), mainConf(dir));
      // -e: even the log nginx opens before reading its config is ours, never /var/log/nginx.
      process = new ProcessBuilder(binary(), "-p", dir.toString(), "-e", dir.resolve("logs/error.log").toString(),
          "-c", dir.resolve("nginx.conf").toString(), "-g", "daemon off;")
          .redirectErrorStream(true).redirectOutput(dir.resolve("logs/stdout.log").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start nginx", e);
    }
    try {
      LocalProcesses.awaitReady("nginx listening on " + port, process, Duration.ofSeconds(10), 20, () -> {
        try (Socket s = new Socket("127.0.0.1", port)) {
          return true;
        } catch (IOException notYet) {
          return false;
        }
      }, this::log);
    } catch (IllegalStateException e) {
      close();
      throw e;
    }
  }

  /** The template filled in: one {@code server} line per node, the listen address, the access log's file. */
  public static String vanishConf(List<String> nodes, String listen, String accessLog) {
    String servers = nodes.stream().map(n -> "server " + n + ";").collect(Collectors.joining("\n    "));
    // Comment lines mention the placeholders too: fill in directives only.
    return template().lines()
        .map(l -> l.trim().startsWith("#") ? l : l.replace("{{NODES}}", servers).replace("{{LISTEN}}", listen)
            .replace("{{ACCESS_LOG}}", accessLog))
        .collect(Collectors.joining("\n", "", "\n"));
  }

  public static String template() {
    try (InputStream in = NginxProcess.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) throw new IllegalStateException(TEMPLATE + " is not on the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Process-level settings that keep this nginx inside its directory; the http block includes vanish.conf. */
  private static String mainConf(Path dir) {
    String d = dir.toString();
    return String.join("\n",
        "worker_processes 1;",
        "pid " + d + "/nginx.pid;",
        "error_log " + d + "/logs/error.log warn;",
        "events { worker_connections 1024; }",
        "http {",
        "  client_body_temp_path " + d + "/tmp/body;",
        "  proxy_temp_path " + d + "/tmp/proxy;",
        "  fastcgi_temp_path " + d + "/tmp/fastcgi;",
        "  uwsgi_temp_path " + d + "/tmp/uwsgi;",
        "  scgi_temp_path " + d + "/tmp/scgi;",
        "  include " + d + "/vanish.conf;",
        "}",
        "");
  }

  public int port() {
    return port;
  }

  public String base() {
    return "http://127.0.0.1:" + port;
  }

  public Api api() {
    return new Api(base());
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("logs/error.log")) + Files.readString(dir.resolve("logs/stdout.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The access log (the template's private format): one line per request, to see which requests nginx passed on. */
  public String accessLog() {
    try {
      return Files.readString(dir.resolve("logs/access.log"));
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    if (process == null || !process.isAlive()) return;
    process.destroy(); // SIGTERM: nginx's fast shutdown
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static String binary() {
    String configured = System.getProperty("vanish.nginx");
    List<String> candidates = configured != null ? List.of(configured)
        : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx");
    for (String candidate : candidates) {
      if (Files.isExecutable(Path.of(candidate))) return candidate;
    }
    // Like the browser tests: skipped with how to install it on a developer's machine, a failure under CI=true.
    String why = "nginx not found: the load-balancer tests need it (apt-get install -y nginx, or -Dvanish.nginx=/path)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException(why);
    return Assumptions.abort(why);
  }
}
