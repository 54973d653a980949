package dev.herald.app.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a benchmark phase's CPU went, by kind of thread: the ingest consumers, the bench's producer, the broker,
 * the Camel timers, the JIT compilers, the garbage collector, and the rest. Without it, a process-wide CPU per
 * event mixes the pipeline's own cost with JIT warm-up and the bench's publishing, which a running Herald does
 * not pay per event (docs/benchmarks.md, "CPU outside the consumer threads").
 * <p>
 * Java threads are read through the ThreadMXBean (exact names, nanoseconds). The JIT compiler and GC threads are
 * hidden from it, so they are read from {@code /proc/self/task} (Linux, in clock ticks, usually 10 ms); elsewhere
 * they are reported as unknown (-1) and their CPU stays in "other". A thread that ends within the phase takes its
 * CPU with it: that CPU lands in "other" too (process CPU minus every kind counted), never lost from the total.
 */
final class ThreadCpu {

    /** The kinds of thread, in the order they are printed. */
    enum Kind { CONSUMERS, PRODUCER, BROKER, TIMERS, JIT, GC, OTHER }

    private static final Path TASKS = Path.of("/proc/self/task");
    /** Linux's USER_HZ, the unit of utime and stime in /proc; 100 on every mainstream platform. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final String consumerThreads;
    private final String producerThreads;

    /**
     * @param consumerThreads part of the name of the threads doing the measured work (e.g. "HeraldBatchJms")
     * @param producerThreads part of the name of the bench's own load generator threads
     */
    ThreadCpu(String consumerThreads, String producerThreads) {
        this.consumerThreads = consumerThreads;
        this.producerThreads = producerThreads;
    }

    /** A point-in-time reading: the process's CPU and each live thread's, by kind. */
    record Snapshot(long processNanos, Map<Long, Long> javaThreadNanos, Map<Long, Kind> javaThreadKinds,
                    Map<Integer, Long> nativeThreadNanos, Map<Integer, Kind> nativeThreadKinds) {
    }

    Snapshot take() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> javaNanos = new java.util.HashMap<>();
        Map<Long, Kind> javaKinds = new java.util.HashMap<>();
        for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                javaNanos.put(info.getThreadId(), cpu);
                javaKinds.put(info.getThreadId(), javaKind(info.getThreadName()));
            }
        }
        Map<Integer, Long> nativeNanos = new java.util.HashMap<>();
        Map<Integer, Kind> nativeKinds = new java.util.HashMap<>();
        readHiddenThreads(nativeNanos, nativeKinds);
        return new Snapshot(BenchHerald.processCpuNanos(), javaNanos, javaKinds, nativeNanos, nativeKinds);
    }

    /**
     * Milliseconds of CPU per unit of work between two snapshots, by kind; -1 for a kind this platform cannot
     * tell. {@link Kind#OTHER} is the process's CPU not attributed to any other kind (threads that ended,
     * the JVM's remaining service threads).
     */
    static Map<Kind, Double> msPerUnit(Snapshot before, Snapshot after, long units) {
        Map<Kind, Long> nanos = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            nanos.put(kind, 0L);
        }
        after.javaThreadNanos().forEach((id, cpu) -> nanos.merge(after.javaThreadKinds().get(id),
                cpu - before.javaThreadNanos().getOrDefault(id, 0L), Long::sum));
        after.nativeThreadNanos().forEach((tid, cpu) -> nanos.merge(after.nativeThreadKinds().get(tid),
                cpu - before.nativeThreadNanos().getOrDefault(tid, 0L), Long::sum));
        long attributed = nanos.values().stream().mapToLong(Long::longValue).sum();
        nanos.put(Kind.OTHER, nanos.get(Kind.OTHER) + (after.processNanos() - before.processNanos()) - attributed);
        boolean hiddenKnown = !after.nativeThreadNanos().isEmpty();
        boolean processKnown = after.processNanos() >= 0;
        Map<Kind, Double> ms = new LinkedHashMap<>();
        for (Map.Entry<Kind, Long> e : nanos.entrySet()) {
            boolean unknown = !hiddenKnown && (e.getKey() == Kind.JIT || e.getKey() == Kind.GC)
                    || !processKnown && e.getKey() == Kind.OTHER;
            ms.put(e.getKey(), unknown ? -1 : e.getValue() / 1e6 / units);
        }
        return ms;
    }

    /** Java threads: only those of the pipeline, the producer, the broker and the timers are told apart. */
    private Kind javaKind(String name) {
        if (name.contains(consumerThreads)) {
            return Kind.CONSUMERS;
        }
        if (name.contains(producerThreads)) {
            return Kind.PRODUCER;
        }
        if (name.contains("activemq")) {
            return Kind.BROKER; // the embedded broker's executors and the in-VM connector's (client and server side)
        }
        if (name.contains("timer://")) {
            return Kind.TIMERS;
        }
        return Kind.OTHER;
    }

    /** The JIT compiler and GC threads, which the ThreadMXBean does not show, from /proc (Linux only). */
    private static void readHiddenThreads(Map<Integer, Long> nanos, Map<Integer, Kind> kinds) {
        if (!Files.isDirectory(TASKS)) {
            return;
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                try {
                    Kind kind = hiddenKind(Files.readString(task.resolve("comm")).strip());
                    if (kind != null) {
                        int tid = Integer.parseInt(task.getFileName().toString());
                        nanos.put(tid, ticks(Files.readString(task.resolve("stat"))) * NANOS_PER_TICK);
                        kinds.put(tid, kind);
                    }
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while being read: its CPU stays in OTHER
                }
            });
        } catch (IOException e) {
            nanos.clear();
        }
    }

    /** The kind of a thread the ThreadMXBean does not list, by its (15-character) native name; null otherwise. */
    static Kind hiddenKind(String comm) {
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            return Kind.JIT;
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")) {
            return Kind.GC; // G1's workers, marking and refinement threads; the VM thread runs the GC pauses
        }
        return null;
    }

    /** utime + stime of a /proc/[pid]/task/[tid]/stat line; the name in parentheses may contain spaces. */
    static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
