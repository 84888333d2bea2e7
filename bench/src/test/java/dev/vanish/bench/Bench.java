package dev.vanish.bench;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs `vanish bench` in this JVM and keeps its exit status, printed output and parsed JSON report. */
record Bench(int exit, String output, JsonObject json) {

  static Bench run(String... args) {
    BenchCommand cmd = new BenchCommand();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    cmd.stdout = new PrintStream(buf, true, StandardCharsets.UTF_8);
    int exit = new CommandLine(cmd).execute(args);
    String out = buf.toString(StandardCharsets.UTF_8);
    JsonObject json = null;
    if (out.trim().startsWith("{")) json = new JsonObject(out);
    return new Bench(exit, out, json);
  }
}
