// A vanish client command as a real child JVM (the test classpath, main TestCli), with its stdout lines
// queued to wait on and its stdin writable.
package dev.vanish.client.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

final class ChildCli implements AutoCloseable {

  final Process process;
  final List<String> out = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Writer stdin;
  private final Path errFile;

  ChildCli(String... args) throws IOException {
    this(java.util.Map.of(), args);
  }

  /** A child with extra environment variables (e.g. VANISH_PASSPHRASE). */
  ChildCli(java.util.Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), TestCli.class.getName()));
    cmd.addAll(List.of(args));
    errFile = Files.createTempFile("vanish-cli-", ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(errFile.toFile());
    pb.environment().remove("NO_COLOR");
    pb.environment().remove("VANISH_PASSPHRASE");
    pb.environment().remove("VANISH_LINK");
    pb.environment().putAll(env);
    process = pb.start();
    stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          out.add(line);
          lines.add(line);
        }
      } catch (IOException ignored) {
        // process ended
      }
    }, "child-stdout");
    t.setDaemon(true);
    t.start();
  }

  /** The child's command line as the kernel shows it to every local user (/proc/<pid>/cmdline, NULs as spaces). */
  String procCmdline() throws IOException {
    return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")), StandardCharsets.UTF_8)
        .replace('\0', ' ');
  }

  void type(String line) throws IOException {
    stdin.write(line + "\n");
    stdin.flush();
  }

  void closeStdin() throws IOException {
    stdin.close();
  }

  /** The next stdout line matching, within 30 s: a child JVM took over 15 s to start on a loaded 2-core machine (lines before it are skipped but kept in {@link #out}). */
  String await(Predicate<String> matching, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      String line = lines.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      if (line == null) throw new AssertionError("no stdout line with " + what + "; stdout " + out + "; stderr " + err());
      if (matching.test(line)) return line;
    }
  }

  int exitCode() throws InterruptedException {
    if (!process.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("still running; stdout " + out + "; stderr " + err());
    return process.exitValue();
  }

  String err() {
    try {
      return Files.readString(errFile);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      Files.deleteIfExists(errFile);
    } catch (IOException ignored) {
      // temp file
    }
  }
}
