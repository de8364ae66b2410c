package dev.sesame.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** CPU time and resident memory of named processes and their descendants, read from /proc. */
final class ProcessStats {

    private static final double TICKS_PER_SECOND = 100.0;

    /** A process's CPU seconds so far and its resident memory now (MiB), descendants included. */
    record Sample(double cpuSeconds, double rssMiB) {
    }

    private ProcessStats() {
    }

    /** The processes a Sesame home runs: its pid files (services, Keycloak, Kafka) and PostgreSQL's postmaster. */
    static Map<String, Long> of(Path home) throws IOException {
        Map<String, Long> pids = new LinkedHashMap<>();
        Path run = home.resolve("run");
        if (Files.isDirectory(run)) {
            try (Stream<Path> files = Files.list(run)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".pid")).sorted().toList()) {
                    pids.put(file.getFileName().toString().replace(".pid", ""), Long.parseLong(Files.readString(file).trim()));
                }
            }
        }
        Path kafka = home.resolve("kafka/kafka.pid");
        if (Files.exists(kafka)) {
            pids.put("kafka", Long.parseLong(Files.readString(kafka).trim()));
        }
        Path postgres = home.resolve("pg/data/postmaster.pid");
        if (Files.exists(postgres)) {
            pids.put("postgres", Long.parseLong(Files.readAllLines(postgres).get(0).trim()));
        }
        return pids;
    }

    static Sample sample(long pid) {
        double cpu = 0;
        double rss = 0;
        for (long p : Stream.concat(Stream.of(pid), ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid))
                .toList()) {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(p), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                cpu += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND; // utime, stime
                for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(p), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss += Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process ended meanwhile
            }
        }
        return new Sample(cpu, rss);
    }

    static Map<String, Sample> sample(Map<String, Long> pids) {
        Map<String, Sample> samples = new LinkedHashMap<>();
        pids.forEach((name, pid) -> samples.put(name, sample(pid)));
        return samples;
    }

    static List<String> machine() {
        String cpu = "unknown";
        String memory = "unknown";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB").orElse(memory);
        } catch (IOException e) {
            // not Linux
        }
        return List.of(Runtime.getRuntime().availableProcessors() + " cores (" + cpu + ")", memory + " memory",
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
    }
}
