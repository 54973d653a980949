package dev.herald.ear;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real WildFly from the unpacked distribution, driven the way an operator would: the configuration restored
 * to the distribution's, {@code herald.cli} applied with the offline CLI, the docker image's entrypoint started
 * on 127.0.0.1 with a port offset, deployments and shutdown through the management CLI. {@link #close()} always
 * leaves no process behind, also when a step failed.
 */
final class WildFlyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WildFlyServer.class);
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(300); // a deploy took over 2 min at load 26 on 2 cores

    private final Path home;
    private final int portOffset;
    private Process process;
    private Path consoleLog;

    WildFlyServer(Path home) {
        this.home = home;
        this.portOffset = freePortOffset();
    }

    int httpPort() {
        return 8080 + portOffset;
    }

    int managementPort() {
        return 9990 + portOffset;
    }

    Path serverLog() {
        return home.resolve("standalone/log/server.log");
    }

    /**
     * Puts back the distribution's configuration, removes modules added since, and empties data, deployments,
     * logs and temp files.
     */
    void resetToDistribution() throws IOException {
        Path standalone = home.resolve("standalone");
        Path configuration = standalone.resolve("configuration");
        Path pristine = standalone.resolve("configuration.pristine");
        if (!Files.isDirectory(pristine)) {
            copyTree(configuration, pristine);
        }
        deleteTree(configuration);
        copyTree(pristine, configuration);
        for (String dir : List.of("data", "log", "tmp", "deployments")) {
            deleteTree(standalone.resolve(dir));
        }
        Files.createDirectories(standalone.resolve("deployments"));
        // modules added by a script (e.g. the PostgreSQL driver); the distribution's own are all under system/
        try (Stream<Path> added = Files.list(home.resolve("modules"))) {
            for (Path module : added.filter(p -> !p.getFileName().toString().equals("system")).toList()) {
                deleteTree(module);
            }
        }
    }

    /** Runs a CLI script offline (it embeds the server itself). */
    void applyScript(Path script, String... cliArguments) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("--file=" + script.toAbsolutePath()));
        arguments.addAll(List.of(cliArguments));
        cli(arguments);
    }

    /**
     * Starts standalone-full through the docker image's entrypoint (which adds the broker user from the
     * environment, as in the container) on 127.0.0.1, and waits until the server reports it has started.
     */
    void start(Path entrypoint, Map<String, String> environment, List<String> systemProperties)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", entrypoint.toAbsolutePath().toString(),
                "-Djboss.socket.binding.port-offset=" + portOffset));
        command.addAll(systemProperties);
        consoleLog = home.resolve("standalone/console.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(consoleLog.toFile());
        builder.environment().put("JBOSS_HOME", home.toString());
        builder.environment().put("HERALD_BIND_ADDRESS", "127.0.0.1");
        builder.environment().putAll(environment);
        LOG.info("starting WildFly (port offset {}): {}", portOffset, command);
        process = builder.start();
        Instant deadline = Instant.now().plus(BOOT_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            String log = Files.exists(consoleLog) ? Files.readString(consoleLog) : "";
            if (log.contains("WFLYSRV0025")) {
                LOG.info("WildFly started on http://127.0.0.1:{}", httpPort());
                return;
            }
            if (log.contains("WFLYSRV0026") || !process.isAlive()) {
                throw new IllegalStateException("WildFly did not start cleanly:\n" + tail(log));
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("WildFly did not start within " + BOOT_TIMEOUT + ":\n" + tail(log()));
    }

    void deploy(Path archive) throws IOException, InterruptedException {
        managementCommand("deploy " + archive.toAbsolutePath() + " --force");
    }

    void undeploy(String name) throws IOException, InterruptedException {
        managementCommand("undeploy " + name);
    }

    /** Asks the server to shut down and waits for its process to end; returns the exit code. */
    int shutdown() throws IOException, InterruptedException {
        managementCommand(":shutdown");
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("WildFly did not stop within 60 s after :shutdown");
        }
        return process.exitValue();
    }

    boolean isRunning() {
        return process != null && (process.isAlive() || process.descendants().anyMatch(ProcessHandle::isAlive));
    }

    /** The console output so far (server log lines included). */
    String log() throws IOException {
        return consoleLog != null && Files.exists(consoleLog) ? Files.readString(consoleLog) : "";
    }

    private void managementCommand(String command) throws IOException, InterruptedException {
        cli(List.of("--connect", "--controller=remote+http://127.0.0.1:" + managementPort(), "--command=" + command));
    }

    private void cli(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(script("jboss-cli"));
        command.addAll(arguments);
        run(command, "jboss-cli");
    }

    private void run(List<String> command, String what) throws IOException, InterruptedException {
        Path output = Files.createTempFile(home.resolve("standalone"), what, ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("JBOSS_HOME", home.toString());
        Process p = builder.start();
        try {
            if (!p.waitFor(CLI_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException(what + " did not finish within " + CLI_TIMEOUT + ": " + command);
            }
        } finally {
            killTree(p);
        }
        String out = Files.readString(output);
        Files.delete(output);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "): " + command + "\n"
                    + tail(out) + "\n--- server ---\n" + tail(log()));
        }
        LOG.info("{} {}: {}", what, command.subList(1, command.size()), out.strip());
    }

    private String script(String name) {
        return home.resolve("bin").resolve(name + ".sh").toString();
    }

    @Override
    public void close() {
        if (process != null) {
            killTree(process);
        }
    }

    private static void killTree(Process p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    private static String tail(String log) {
        String[] lines = log.split("\\R");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 60), lines.length));
    }

    /** An offset whose HTTP and management ports are free (WildFly's other ports sit next to them). */
    private static int freePortOffset() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset = 10_000 + (int) (Math.random() * 40) * 1000;
            if (free(8080 + offset) && free(9990 + offset) && free(8443 + offset) && free(9993 + offset)
                    && free(3528 + offset) && free(4712 + offset) && free(4713 + offset)) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset for WildFly");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
