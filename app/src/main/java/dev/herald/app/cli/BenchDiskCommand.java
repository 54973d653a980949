package dev.herald.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code herald bench disk}: how long a small synced append takes on the disk that holds Herald's data, which is
 * what every synced commit of the embedded broker's journal waits for (and, through the producer's commit, every
 * event's latency). Optionally while a second file is written at a steady rate without syncing, as the embedded
 * database writes its file, so the syncs compete with the page cache's writeback as they do in a running Herald.
 * Like PostgreSQL's pg_test_fsync or Artemis's perf-journal, it tells an operator whether the disk, rather than
 * Herald, is what bounds the latency (issue 7's p99 target, ADR 0047).
 */
@Command(name = "disk", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark the data directory's disk: appends --block bytes and syncs them (fdatasync), one"
                + " after the other, for --seconds, and prints how long the syncs took: a histogram, percentiles,"
                + " and the share of the time spent in syncs slower than 50 ms.",
                "With --background-mb-per-s, a second file is written at that rate without syncing at the same time,"
                        + " as the embedded database writes its file (a running Herald wrote 10-13 MB/s at 1,000"
                        + " events/s).",
                "Nothing of Herald is started; the two files are deleted at the end. Results: docs/benchmarks.md.",
                ""})
public class BenchDiskCommand implements Callable<Integer> {

    /** Latency buckets' upper bounds (ms) for the histogram; the last bucket takes the rest. */
    static final double[] BUCKETS_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500};
    static final double SLOW_MS = 50;

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "herald-data",
            description = "Directory on the disk to measure, created if missing (default: ${DEFAULT-VALUE}, the"
                    + " default data directory).")
    Path dir;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "20",
            description = "How long to measure (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--block", paramLabel = "BYTES", defaultValue = "4096",
            description = "Bytes appended before each sync (default: ${DEFAULT-VALUE}; a journal commit record is"
                    + " smaller, but the disk writes whole blocks).")
    int block;

    @Option(names = "--background-mb-per-s", paramLabel = "MB", defaultValue = "0",
            description = "Also write a second file at this many MB/s without syncing (default: ${DEFAULT-VALUE},"
                    + " none).")
    double backgroundMbPerSecond;

    @Override
    public Integer call() throws Exception {
        if (seconds < 1 || block < 1 || backgroundMbPerSecond < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--seconds and --block must be at least 1 and --background-mb-per-s not negative");
        }
        Files.createDirectories(dir);
        Path synced = Files.createTempFile(dir, "herald-bench-disk-", ".sync");
        Path background = Files.createTempFile(dir, "herald-bench-disk-", ".background");
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "disk: %s, %d-byte appends each synced, %d s%s%n", dir.toAbsolutePath(), block,
                seconds, backgroundMbPerSecond > 0
                        ? String.format(Locale.ROOT, ", %.1f MB/s written to a second file without syncing",
                        backgroundMbPerSecond) : "");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong backgroundBytes = new AtomicLong();
        Thread writer = new Thread(() -> writeSteadily(background, running, backgroundBytes), "herald-bench-disk-writer");
        try {
            if (backgroundMbPerSecond > 0) {
                writer.start();
            }
            double[] syncsMs = syncedAppends(synced, System.err);
            running.set(false);
            writer.join();
            report(out, syncsMs, backgroundBytes.get() / 1e6 / seconds);
            return 0;
        } finally {
            running.set(false);
            Files.deleteIfExists(synced);
            Files.deleteIfExists(background);
        }
    }

    /** Appends a block and syncs it, over and over, for the given time; returns each sync's duration in ms. */
    double[] syncedAppends(Path file, PrintStream progress) throws IOException {
        ByteBuffer data = ByteBuffer.allocateDirect(block);
        double[] durations = new double[1024];
        int n = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long nextProgress = start + 5_000_000_000L;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (long now = start; now < end; now = System.nanoTime()) {
                data.clear();
                while (data.hasRemaining()) {
                    channel.write(data);
                }
                long before = System.nanoTime();
                channel.force(false);
                if (n == durations.length) {
                    durations = Arrays.copyOf(durations, n * 2);
                }
                durations[n++] = (System.nanoTime() - before) / 1e6;
                if (before > nextProgress) {
                    progress.printf(Locale.ROOT, "  %d s: %,d syncs%n", (before - start) / 1_000_000_000L, n);
                    nextProgress += 5_000_000_000L;
                }
            }
        }
        return Arrays.copyOf(durations, n);
    }

    /** Writes to the file at --background-mb-per-s in 10 ms slices, never syncing, until told to stop. */
    private void writeSteadily(Path file, AtomicBoolean running, AtomicLong written) {
        int slice = (int) Math.max(1, backgroundMbPerSecond * 1e6 / 100);
        ByteBuffer data = ByteBuffer.allocate(slice);
        long next = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (running.get()) {
                data.clear();
                while (data.hasRemaining()) {
                    channel.write(data);
                }
                written.addAndGet(slice);
                next += 10_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                }
            }
        } catch (IOException e) {
            System.err.println("the background writer stopped: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The histogram, the percentiles and the machine-readable summary line. */
    void report(PrintStream out, double[] syncsMs, double backgroundWrittenMbPerSecond) {
        double[] sorted = syncsMs.clone();
        Arrays.sort(sorted);
        int[] counts = new int[BUCKETS_MS.length + 1];
        double slowMs = 0;
        for (double ms : sorted) {
            int bucket = 0;
            while (bucket < BUCKETS_MS.length && ms > BUCKETS_MS[bucket]) {
                bucket++;
            }
            counts[bucket]++;
            if (ms > SLOW_MS) {
                slowMs += ms;
            }
        }
        int widest = Arrays.stream(counts).max().orElse(0);
        out.println("sync time     syncs");
        for (int b = 0; b < counts.length; b++) {
            String label = b < BUCKETS_MS.length ? String.format(Locale.ROOT, "<= %3.0f ms", BUCKETS_MS[b])
                    : String.format(Locale.ROOT, " > %3.0f ms", BUCKETS_MS[BUCKETS_MS.length - 1]);
            int bar = widest == 0 ? 0 : (int) Math.ceil(40.0 * counts[b] / widest);
            out.printf(Locale.ROOT, "  %s %8d  %s%n", label, counts[b], "#".repeat(bar));
        }
        double slowShare = slowMs / 1000 / seconds;
        double perSecond = sorted.length / (double) seconds;
        double p50 = BenchPipelineCommand.percentile(sorted, 0.50);
        double p99 = BenchPipelineCommand.percentile(sorted, 0.99);
        double p999 = BenchPipelineCommand.percentile(sorted, 0.999);
        double max = sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
        out.printf(Locale.ROOT, "syncs: %,d (%.0f/s); p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms;"
                        + " %.1f %% of the time in syncs slower than %.0f ms%n",
                sorted.length, perSecond, p50, p99, p999, max, 100 * slowShare, SLOW_MS);
        out.printf(Locale.ROOT, "summary syncs=%d syncs_per_s=%.0f p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f"
                        + " slow_time_share=%.4f block=%d background_mb_per_s=%.1f%n",
                sorted.length, perSecond, p50, p99, p999, max, slowShare, block, backgroundWrittenMbPerSecond);
    }
}
