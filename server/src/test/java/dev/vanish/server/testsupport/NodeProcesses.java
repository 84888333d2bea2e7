// The recommended deployment in miniature, for tests: a private redis-server, N Vanish nodes as separate JVMs
// on it, and a private nginx balancing over them with deploy/nginx.conf.template. Started once per test class
// (the JVMs start in parallel, about a second each); close() stops everything it started.
package dev.vanish.server.testsupport;

import dev.vanish.server.room.Ids;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

public final class NodeProcesses implements AutoCloseable {

  public final RedisServerProcess redis;
  public final List<NodeProcess> nodes;
  public final NginxProcess nginx;
  /** The settings every node got (prefix included), to start more nodes like them. */
  public final Map<String, String> env;

  private NodeProcesses(RedisServerProcess redis, List<NodeProcess> nodes, NginxProcess nginx, Map<String, String> env) {
    this.redis = redis;
    this.nodes = nodes;
    this.nginx = nginx;
    this.env = env;
  }

  public static NodeProcesses start(int nodeCount) {
    RedisServerProcess redis = new RedisServerProcess();
    Map<String, String> env = NodeProcess.testEnv(redis.url(), "t" + Ids.random(6));
    List<CompletableFuture<NodeProcess>> starting = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) starting.add(CompletableFuture.supplyAsync(() -> NodeProcess.start(env)));
    List<NodeProcess> nodes = new ArrayList<>();
    try {
      for (CompletableFuture<NodeProcess> f : starting) nodes.add(f.join());
      NginxProcess nginx = new NginxProcess(nodes.stream().map(n -> "127.0.0.1:" + n.port()).toList());
      return new NodeProcesses(redis, List.copyOf(nodes), nginx, env);
    } catch (RuntimeException e) {
      for (CompletableFuture<NodeProcess> f : starting) f.thenAccept(NodeProcess::close);
      redis.close();
      throw e;
    }
  }

  public NodeProcess node(int i) {
    return nodes.get(i);
  }

  /** The public address: nginx. */
  public Api api() {
    return nginx.api();
  }

  @Override
  public void close() {
    nginx.close();
    nodes.forEach(NodeProcess::close);
    redis.close();
  }
}
