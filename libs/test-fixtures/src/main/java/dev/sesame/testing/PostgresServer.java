package dev.sesame.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, private PostgreSQL cluster from the machine's binaries (Debian's {@code /usr/lib/postgresql/15/bin},
 * or {@code SESAME_PG_BIN}), on a free loopback port, with trust auth. One per JVM is shared.
 *
 * <p>PostgreSQL refuses to run as root, so as root the cluster runs as the {@code postgres} user.
 */
public final class PostgresServer implements AutoCloseable {

    private static PostgresServer shared;

    private final Path dataDir;
    private final int port;
    private final String bin;

    private PostgresServer() throws IOException, InterruptedException {
        bin = System.getenv().getOrDefault("SESAME_PG_BIN", "/usr/lib/postgresql/15/bin");
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "sesame-pg",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        dataDir = dir.resolve("data");
        port = KafkaBroker.freePort();
        if (isRoot()) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        }
        run(List.of(bin + "/initdb", "-D", dataDir.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                "--locale=C.UTF-8"), true);
        run(List.of(bin + "/pg_ctl", "-D", dataDir.toString(), "-l", dir.resolve("postgres.log").toString(), "-w",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                "start"), true);
        for (String db : List.of("sesame")) {
            run(List.of(bin + "/createdb", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres", db), true);
        }
    }

    public static synchronized PostgresServer shared() {
        if (shared == null) {
            try {
                shared = new PostgresServer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** Creates a database of this name (each service's tests take their own). */
    public String createDatabase(String name) {
        try {
            run(List.of(bin + "/psql", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres", "-d", "sesame",
                    "-c", "CREATE DATABASE \"" + name + "\""), true);
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        try {
            run(List.of(bin + "/pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"), true);
        } catch (IOException | InterruptedException e) {
            // The JVM is exiting; an orphaned test cluster in /tmp is harmless.
        }
    }

    private void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres && isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("command failed: " + String.join(" ", full) + "\n" + output);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
