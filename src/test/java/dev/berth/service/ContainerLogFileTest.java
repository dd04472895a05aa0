package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Berth's reading of a task's log file: tails and following (no containerd needed). */
class ContainerLogFileTest {

    @TempDir
    Path tmp;

    private static void append(Path f, String s) throws IOException {
        Files.writeString(f, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void await(Supplier<Boolean> done) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.get()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out");
            }
            ContainerTestSupport.sleep(10);
        }
    }

    @Test
    void tailCountsLinesFromTheEnd() throws IOException {
        Path f = tmp.resolve("a.log");
        assertThat(TaskLogs.tail(f, 5)).as("no file yet").isEmpty();
        append(f, "one\ntwo\r\nthree\n");
        assertThat(TaskLogs.tail(f, -1)).containsExactly("one", "two", "three");
        assertThat(TaskLogs.tail(f, 2)).containsExactly("two", "three");
        assertThat(TaskLogs.tail(f, 10)).containsExactly("one", "two", "three");
        assertThat(TaskLogs.tail(f, 0)).isEmpty();
        append(f, "partial");
        assertThat(TaskLogs.tail(f, 1)).containsExactly("partial");
        assertThat(TaskLogs.tail(f, 2)).containsExactly("three", "partial");
        append(f, "\n\n");
        assertThat(TaskLogs.tail(f, 2)).containsExactly("partial", "");
    }

    @Test
    void tailReadsAcrossChunksAndUnicode() throws IOException {
        Path f = tmp.resolve("big.log");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append("line ").append(i).append(" \u00e4\u4e2d\n");
        }
        append(f, sb.toString());
        List<String> last = TaskLogs.tail(f, 3);
        assertThat(last).containsExactly("line 19997 \u00e4\u4e2d", "line 19998 \u00e4\u4e2d", "line 19999 \u00e4\u4e2d");
        assertThat(TaskLogs.tail(f, -1)).hasSize(20_000);
        assertThat(TaskLogs.tail(f, 15_000).get(0)).isEqualTo("line 5000 \u00e4\u4e2d");
    }

    @Test
    void followWaitsForTheFileGivesTheTailThenNewCompleteLines() throws IOException {
        Path f = tmp.resolve("dir/f.log");
        List<String> seen = new CopyOnWriteArrayList<>();
        Subscription s = TaskLogs.follow(f, 1, seen::add, "unit");
        try {
            ContainerTestSupport.sleep(150);
            Files.createDirectories(f.getParent());
            append(f, "a\nb\n");
            await(() -> !seen.isEmpty());
            append(f, "c");
            ContainerTestSupport.sleep(300);
            assertThat(seen).as("an unfinished line waits for its newline").containsExactly("b");
            append(f, "d\ne\n");
            await(() -> seen.size() == 3);
            assertThat(seen).containsExactly("b", "cd", "e");
            // truncated (e.g. rotated by hand): read again from the start
            Files.writeString(f, "x\n");
            await(() -> seen.size() == 4);
            assertThat(seen).endsWith("x");
        } finally {
            s.close();
        }
        int before = seen.size();
        append(f, "after-close\n");
        ContainerTestSupport.sleep(300);
        assertThat(seen).hasSize(before);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("berth-logs-unit"));
    }

    @Test
    void aFailingConsumerDoesNotStopTheFollow() throws IOException {
        Path f = tmp.resolve("c.log");
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Subscription s = TaskLogs.follow(f, -1, line -> {
            seen.add(line);
            if (line.equals("boom")) {
                throw new IllegalStateException("consumer failed");
            }
        }, "failing")) {
            append(f, "boom\nok\n");
            await(() -> seen.size() == 2);
        }
        assertThat(seen).containsExactly("boom", "ok");
    }
}
