// A private 3-master Redis Cluster for tests: three redis-server processes on free ports of 127.0.0.1 with
// cluster mode on and persistence off, joined by `redis-cli --cluster create … --cluster-replicas 0`. Needs
// redis-server 7+ and redis-cli on PATH (Debian's redis-server package). Start takes about 2-3 s, so a test
// class shares one. Never touches a Redis it did not start. The TLS variant adds a TLS port to every node
// (and TLS on the cluster bus), with a test CA like RedisTlsProcess; Redis then names the TLS ports in the slot
// map it gives TLS clients. The plain ports stay open for the test's own inspection.
package dev.vanish.server.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

public final class RedisClusterProcess implements AutoCloseable {

  private static final int NODES = 3;

  private final Path dir;
  private final List<Integer> ports = new ArrayList<>();
  private final List<Integer> tlsPorts = new ArrayList<>();
  private final boolean tls;
  private final List<Process> processes = new ArrayList<>();

  public RedisClusterProcess() {
    this(false);
  }

  /** @param tls also serve TLS (see {@link #tlsUrl()} and {@link #caFile()}) */
  public RedisClusterProcess(boolean tls) {
    this.tls = tls;
    try {
      dir = Files.createTempDirectory("vanish-cluster");
      if (tls) RedisTlsProcess.makeCertificates(dir);
      Path server = RedisServerProcess.binary();
      for (int i = 0; i < NODES; i++) {
        int port = freePort();
        ports.add(port);
        List<String> cmd = new ArrayList<>(List.of(server.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
            "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes-" + i + ".conf").toString(),
            "--dir", dir.toString(), "--save", "", "--appendonly", "no"));
        if (tls) {
          int tlsPort = freePort();
          tlsPorts.add(tlsPort);
          cmd.addAll(List.of("--tls-port", String.valueOf(tlsPort), "--tls-cert-file", dir.resolve("server.crt").toString(),
              "--tls-key-file", dir.resolve("server.key").toString(), "--tls-ca-cert-file", caFile(),
              "--tls-auth-clients", "no", "--tls-cluster", "yes", "--tls-replication", "yes"));
        }
        processes.add(new ProcessBuilder(cmd)
            .redirectErrorStream(true).redirectOutput(dir.resolve("redis-" + i + ".log").toFile()).start());
      }
      for (int port : ports) awaitPing(port);
      List<String> create = new ArrayList<>(List.of(cli(server), "--cluster", "create"));
      for (int port : ports) create.add("127.0.0.1:" + port);
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      Process p = new ProcessBuilder(create).redirectErrorStream(true)
          .redirectOutput(dir.resolve("create.log").toFile()).start();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("redis-cli --cluster create failed: " + Files.readString(dir.resolve("create.log")));
      }
      awaitClusterOk();
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot start a Redis Cluster", e);
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The seed URL in Vanish's cluster form. */
  public String url() {
    return "redis-cluster://" + ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  /** The seed URL of the TLS ports (TLS variant only): rediss-cluster://… */
  public String tlsUrl() {
    if (!tls) throw new IllegalStateException("not a TLS cluster");
    return "rediss-cluster://" + tlsPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  /** The PEM file of the test CA that signed the nodes' certificate (TLS variant only). */
  public String caFile() {
    return dir.resolve("ca.crt").toString();
  }

  public List<Integer> ports() {
    return List.copyOf(ports);
  }

  public RespClient client(int port) {
    return new RespClient(port, null);
  }

  /** The port of the master that owns {@code key}'s slot. */
  public int ownerOf(String key) {
    try (RespClient c = client(ports.get(0))) {
      long slot = (Long) c.call("CLUSTER", "KEYSLOT", key);
      for (Object range : (List<?>) c.call("CLUSTER", "SLOTS")) {
        List<?> r = (List<?>) range;
        if ((Long) r.get(0) <= slot && slot <= (Long) r.get(1)) return ((Long) ((List<?>) r.get(2)).get(1)).intValue();
      }
    }
    throw new IllegalStateException("no node owns the slot of " + key);
  }

  /** Every key on every node whose name contains {@code fragment}: key -> port of the node holding it. */
  public Map<String, Integer> keysContaining(String fragment) {
    Map<String, Integer> keys = new TreeMap<>();
    for (int port : ports) {
      try (RespClient c = client(port)) {
        String cursor = "0";
        do {
          List<?> reply = (List<?>) c.call("SCAN", cursor, "COUNT", "1000");
          cursor = (String) reply.get(0);
          for (Object k : (List<?>) reply.get(1)) if (((String) k).contains(fragment)) keys.put((String) k, port);
        } while (!"0".equals(cursor));
      }
    }
    return keys;
  }

  /** PUBSUB SHARDNUMSUB of one channel, per node: port -> subscribers there. */
  public Map<Integer, Long> shardSubscribers(String channel) {
    Map<Integer, Long> out = new TreeMap<>();
    for (int port : ports) {
      try (RespClient c = client(port)) {
        out.put(port, (Long) ((List<?>) c.call("PUBSUB", "SHARDNUMSUB", channel)).get(1));
      }
    }
    return out;
  }

  @Override
  public void close() {
    for (Process p : processes) p.destroy();
    for (Process p : processes) {
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    processes.clear();
    if (dir != null) {
      File[] files = dir.toFile().listFiles();
      if (files != null) for (File f : files) f.delete();
      dir.toFile().delete();
    }
  }

  private static String cli(Path server) {
    Path sibling = server.resolveSibling("redis-cli");
    return Files.isExecutable(sibling) ? sibling.toString() : "redis-cli";
  }

  private void awaitPing(int port) {
    LocalProcesses.awaitReady("cluster node on " + port + " answering PING", null, Duration.ofSeconds(10), 20, () -> {
      try (RespClient c = client(port)) {
        return "PONG".equals(c.call("PING"));
      }
    }, this::logs);
  }

  private void awaitClusterOk() {
    LocalProcesses.awaitReady("cluster_state:ok on every node", null, Duration.ofSeconds(20), 50, () -> {
      for (int port : ports) {
        try (RespClient c = client(port)) {
          if (!String.valueOf(c.call("CLUSTER", "INFO")).contains("cluster_state:ok")) return false;
        }
      }
      return true;
    }, this::logs);
  }

  private String logs() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < NODES; i++) {
      try {
        sb.append("\n--- node ").append(i).append('\n').append(Files.readString(dir.resolve("redis-" + i + ".log")));
      } catch (IOException ignored) {
        // no log yet
      }
    }
    return sb.toString();
  }

  /** Every port this cluster will bind (each chosen port and its +10000), none of which may be chosen again. */
  private final java.util.Set<Integer> chosen = new java.util.HashSet<>();

  /**
   * A port that is free along with its cluster-bus port (port + 10000), so both below 65536, and that none of this
   * cluster's other ports uses: nothing is bound until the processes start, so a later pick could otherwise land on
   * an earlier one (a TLS port once equalled a node's plain port: "Address already in use", the node never came up).
   */
  private int freePort() {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20_000 + random.nextInt(25_000);
      if (chosen.contains(port) || chosen.contains(port + 10_000)) continue;
      try (ServerSocket a = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress());
           ServerSocket b = new ServerSocket(port + 10_000, 1, java.net.InetAddress.getLoopbackAddress())) {
        chosen.add(port);
        chosen.add(port + 10_000);
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free port pair for a cluster node");
  }
}
