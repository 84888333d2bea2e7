// A private redis-server that speaks only TLS and requires a password, the way managed Redis (Upstash and the
// like) is reached. The test CA and a server certificate for 127.0.0.1/localhost are generated on the spot
// with Debian's openssl CLI into a temp dir; the CA file is what VANISH_REDIS_CA_FILE points the node at.
// Needs redis-server built with TLS (Debian's is) and openssl on PATH.
package dev.vanish.server.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

public final class RedisTlsProcess implements AutoCloseable {

  private final Path dir;
  private final int port;
  private final String password;
  private Process process;

  public RedisTlsProcess(String password) {
    this.password = password;
    try {
      dir = Files.createTempDirectory("vanish-redis-tls");
      makeCertificates(dir);
      port = LocalProcesses.freePort();
      List<String> cmd = new ArrayList<>(List.of(RedisServerProcess.binary().toString(),
          "--port", "0", "--tls-port", String.valueOf(port), "--bind", "127.0.0.1",
          "--tls-cert-file", dir.resolve("server.crt").toString(), "--tls-key-file", dir.resolve("server.key").toString(),
          "--tls-ca-cert-file", caFile(), "--tls-auth-clients", "no",
          "--requirepass", password, "--save", "", "--appendonly", "no"));
      process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
      awaitListening();
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot start a TLS redis-server", e);
    }
  }

  public int port() {
    return port;
  }

  /** The PEM file of the test CA that signed the server's certificate. */
  public String caFile() {
    return dir.resolve("ca.crt").toString();
  }

  /** rediss://default:PASSWORD@127.0.0.1:port, the managed-Redis form. */
  public String url() {
    return "rediss://default:" + password + "@127.0.0.1:" + port;
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
      process = null;
    }
    if (dir != null) {
      File[] files = dir.toFile().listFiles();
      if (files != null) for (File f : files) f.delete();
      dir.toFile().delete();
    }
  }

  /** Writes ca.crt/ca.key and server.crt/server.key (for 127.0.0.1 and localhost, server and client use) into dir. */
  static void makeCertificates(Path dir) throws IOException {
    Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
        + "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n");
    openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
        "-subj", "/CN=Vanish Test CA");
    openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
        "-subj", "/CN=localhost");
    openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "server.crt", "-days", "2", "-extfile", "ext.cnf");
  }

  private static void openssl(Path dir, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Path log = dir.resolve("openssl.log");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + Files.readString(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitListening() {
    LocalProcesses.awaitReady("TLS redis-server listening on " + port, process, Duration.ofSeconds(10), 20, () -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return true;
      } catch (IOException notYet) {
        return false;
      }
    }, this::serverLog);
  }

  private String serverLog() {
    try {
      return Files.readString(dir.resolve("redis.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
