package dev.herald.app.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ThreadCpuTest {

    @Test
    void ticksAreUserPlusSystemTimeEvenWhenTheThreadNameHasSpacesAndParentheses() {
        String stat = "4711 (C2 Compiler (x)) S 4700 4700 0 0 -1 4194368 100 0 0 0 250 17 0 0 20 0 1 0 999 0 0";

        assertThat(ThreadCpu.ticks(stat)).isEqualTo(267);
    }

    @Test
    void jitAndGcThreadsAreToldApartByTheirNativeNames() {
        assertThat(ThreadCpu.hiddenKind("C2 CompilerThre")).isEqualTo(ThreadCpu.Kind.JIT);
        assertThat(ThreadCpu.hiddenKind("C1 CompilerThre")).isEqualTo(ThreadCpu.Kind.JIT);
        assertThat(ThreadCpu.hiddenKind("GC Thread#1")).isEqualTo(ThreadCpu.Kind.GC);
        assertThat(ThreadCpu.hiddenKind("G1 Conc#0")).isEqualTo(ThreadCpu.Kind.GC);
        assertThat(ThreadCpu.hiddenKind("VM Thread")).isEqualTo(ThreadCpu.Kind.GC);
        assertThat(ThreadCpu.hiddenKind("Camel (camel-1)")).isNull(); // a Java thread: read through the MXBean
    }

    @Test
    void cpuNotAttributedToAKindIsOtherSoTheKindsAddUpToTheProcess() {
        ThreadCpu.Snapshot before = new ThreadCpu.Snapshot(1_000_000_000L,
                Map.of(1L, 100_000_000L, 2L, 0L), Map.of(1L, ThreadCpu.Kind.CONSUMERS, 2L, ThreadCpu.Kind.PRODUCER),
                Map.of(10, 50_000_000L), Map.of(10, ThreadCpu.Kind.JIT));
        // consumer +400 ms, producer +20 ms, JIT +300 ms, a new GC thread 30 ms; process +800 ms in all
        ThreadCpu.Snapshot after = new ThreadCpu.Snapshot(1_800_000_000L,
                Map.of(1L, 500_000_000L, 2L, 20_000_000L), Map.of(1L, ThreadCpu.Kind.CONSUMERS, 2L, ThreadCpu.Kind.PRODUCER),
                Map.of(10, 350_000_000L, 11, 30_000_000L), Map.of(10, ThreadCpu.Kind.JIT, 11, ThreadCpu.Kind.GC));

        Map<ThreadCpu.Kind, Double> perEvent = ThreadCpu.msPerUnit(before, after, 100);

        assertThat(perEvent.get(ThreadCpu.Kind.CONSUMERS)).isCloseTo(4.0, within(1e-9));
        assertThat(perEvent.get(ThreadCpu.Kind.PRODUCER)).isCloseTo(0.2, within(1e-9));
        assertThat(perEvent.get(ThreadCpu.Kind.JIT)).isCloseTo(3.0, within(1e-9));
        assertThat(perEvent.get(ThreadCpu.Kind.GC)).isCloseTo(0.3, within(1e-9));
        assertThat(perEvent.get(ThreadCpu.Kind.OTHER)).isCloseTo(0.5, within(1e-9)); // 800 - 750 ms
        assertThat(perEvent.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(8.0, within(1e-9));
    }

    @Test
    void withoutProcTheJitAndGcAreUnknownAndStayInOther() {
        ThreadCpu.Snapshot before = new ThreadCpu.Snapshot(0, Map.of(1L, 0L), Map.of(1L, ThreadCpu.Kind.CONSUMERS),
                Map.of(), Map.of());
        ThreadCpu.Snapshot after = new ThreadCpu.Snapshot(1_000_000L, Map.of(1L, 400_000L),
                Map.of(1L, ThreadCpu.Kind.CONSUMERS), Map.of(), Map.of());

        Map<ThreadCpu.Kind, Double> perEvent = ThreadCpu.msPerUnit(before, after, 1);

        assertThat(perEvent.get(ThreadCpu.Kind.JIT)).isEqualTo(-1);
        assertThat(perEvent.get(ThreadCpu.Kind.GC)).isEqualTo(-1);
        assertThat(perEvent.get(ThreadCpu.Kind.OTHER)).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void aLiveSnapshotOfThisProcessSeesTheCallingThreadAndTheJit() {
        ThreadCpu threadCpu = new ThreadCpu("main", "no-such-producer");
        ThreadCpu.Snapshot snapshot = threadCpu.take();

        assertThat(snapshot.processNanos()).isPositive();
        assertThat(snapshot.javaThreadKinds()).containsValue(ThreadCpu.Kind.CONSUMERS);
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task"))) {
            assertThat(snapshot.nativeThreadKinds()).containsValue(ThreadCpu.Kind.JIT);
        }
    }
}
