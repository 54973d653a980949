package dev.herald.app;

import org.apache.activemq.artemis.core.io.aio.AIOSequentialFileFactory;
import org.apache.activemq.artemis.core.server.JournalType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The embedded broker's journal file IO, herald.broker.journal-type (ADR 0047). This test JVM has no
 * {@code java.library.path} to Artemis's native library, as a plain {@code java -jar} has not; child JVMs started
 * the way {@code ./herald} starts Herald run the asynchronous IO journal where libaio is installed.
 */
public class EmbeddedBrokerJournalIT {

    /** Where the build unpacks Artemis's native library, the folder ./herald puts on java.library.path. */
    public static final Path NATIVE_DIR = Path.of("target", "native", "lib", "linux-x86_64").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void startedLikeTheLauncherStartsItAnAioJournalKeepsWhatWasCommittedWhenTheProcessDiesAbruptly()
            throws Exception {
        assertThat(NATIVE_DIR.resolve("libartemis-native-64.so")).as("unpacked by the package phase").exists();

        String sent = runProbe("send", "200");
        assumeTrue(!sent.startsWith("unavailable"), () -> "Linux asynchronous IO is not available here: " + sent);
        assertThat(sent).contains("journal=ASYNCIO sent");

        assertThat(runProbe("receive")).contains("journal=ASYNCIO received=200 in_order=true");
    }

    /** Runs {@link AsyncIoJournalProbe} with the aio choice in a child JVM started as ./herald starts Herald. */
    private String runProbe(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                "-Djava.library.path=" + NATIVE_DIR, "-cp", System.getProperty("java.class.path"),
                AsyncIoJournalProbe.class.getName(), dir.toString(), "aio"));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(dir, "probe", ".log");
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(probe.waitFor(120, TimeUnit.SECONDS)).as("probe finished").isTrue();
        String log = Files.readString(output, StandardCharsets.UTF_8);
        if (probe.exitValue() == AsyncIoJournalProbe.EXIT_UNAVAILABLE) {
            return log.substring(log.indexOf("unavailable"));
        }
        assertThat(probe.exitValue()).as(log).isZero();
        return log;
    }

    @Test
    void nioIsUsedWhenChosenAndKeepsCommittedMessagesAcrossARestart() throws Exception {
        List<String> sent = List.of("e1", "e2", "e3");
        try (EmbeddedBroker broker = AsyncIoJournalProbe.start(dir, EmbeddedBroker.JournalChoice.NIO)) {
            assertThat(broker.journalType()).isEqualTo(JournalType.NIO);
            AsyncIoJournalProbe.sendCommitted(broker.clientUrl(), sent);
        }
        try (EmbeddedBroker broker = AsyncIoJournalProbe.start(dir, EmbeddedBroker.JournalChoice.NIO)) {
            assertThat(AsyncIoJournalProbe.receiveAll(broker.clientUrl())).isEqualTo(sent);
        }
    }

    @Test
    void withoutTheNativeLibraryAutoFallsBackToNioAndSaysWhy() throws Exception {
        assumeFalse(AIOSequentialFileFactory.isSupported(), "this JVM was started with the native library");
        try (EmbeddedBroker broker = AsyncIoJournalProbe.start(dir, EmbeddedBroker.JournalChoice.AUTO)) {
            assertThat(broker.journalType()).isEqualTo(JournalType.NIO);
        }
        assertThat(EmbeddedBroker.asyncIoMissing(dir.resolve("journal")))
                .contains("native library did not load").contains("libaio").contains("java.library.path");
    }

    @Test
    void withoutTheNativeLibraryAChoiceOfAioRefusesToStartAndSaysWhatIsMissing() {
        assumeFalse(AIOSequentialFileFactory.isSupported(), "this JVM was started with the native library");
        assertThatThrownBy(() -> AsyncIoJournalProbe.start(dir, EmbeddedBroker.JournalChoice.AIO))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("herald.broker.journal-type=aio")
                .hasMessageContaining("libaio");
    }

    @Test
    void aJournalTypeSettingOtherThanAutoAioOrNioIsRejectedWithTheChoices() {
        assertThat(EmbeddedBroker.JournalChoice.parse("herald.broker.journal-type", " Nio ")).isEqualTo(EmbeddedBroker.JournalChoice.NIO);
        assertThatThrownBy(() -> EmbeddedBroker.JournalChoice.parse("herald.broker.journal-type", "mapped"))
                .hasMessage("setting herald.broker.journal-type must be auto, aio or nio, got 'mapped'");
    }
}
