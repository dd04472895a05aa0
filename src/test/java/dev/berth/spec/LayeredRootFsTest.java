package dev.berth.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.model.BerthException;
import dev.berth.model.MountInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredRootFsTest {

    @TempDir
    Path tmp;
    Path upper;
    Path middle;
    Path lower;
    LayeredRootFs fs;

    @BeforeEach
    void layers() throws IOException {
        upper = Files.createDirectories(tmp.resolve("upper"));
        middle = Files.createDirectories(tmp.resolve("middle"));
        lower = Files.createDirectories(tmp.resolve("lower"));
        fs = new LayeredRootFs(List.of(upper, middle, lower));
    }

    private static void write(Path layer, String path, String content) throws IOException {
        Path p = layer.resolve(path.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private String read(String path) throws IOException {
        return new String(fs.read(path), StandardCharsets.UTF_8);
    }

    /** A whiteout as containerd's overlay applier writes it: a character device 0/0 (needs root). */
    private static void whiteout(Path layer, String path) throws Exception {
        Path p = layer.resolve(path.substring(1));
        Files.createDirectories(p.getParent());
        Process mknod = new ProcessBuilder("mknod", p.toString(), "c", "0", "0").redirectErrorStream(true).start();
        boolean ok = mknod.waitFor(10, TimeUnit.SECONDS) && mknod.exitValue() == 0;
        if (!ok) {
            String why = "cannot make a whiteout device (mknod needs root): "
                    + new String(mknod.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            System.out.println("SKIPPED: " + why);
            Assumptions.assumeTrue(false, why);
        }
    }

    @Test
    void theTopMostLayerWithTheFileWins() throws IOException {
        write(lower, "/etc/passwd", "lower");
        assertThat(read("/etc/passwd")).isEqualTo("lower");
        write(middle, "/etc/passwd", "middle");
        assertThat(read("/etc/passwd")).isEqualTo("middle");
        write(upper, "/etc/passwd", "upper");
        assertThat(read("/etc/passwd")).isEqualTo("upper");
    }

    @Test
    void directoriesMergeAcrossLayers() throws IOException {
        write(upper, "/etc/hostname", "h");
        write(lower, "/etc/group", "g");
        assertThat(read("/etc/group")).isEqualTo("g");
        assertThat(read("/etc/hostname")).isEqualTo("h");
        assertThatThrownBy(() -> fs.read("/etc/passwd")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aWhiteoutHidesTheFileBelow() throws Exception {
        write(lower, "/etc/group", "g");
        whiteout(middle, "/etc/group");
        assertThatThrownBy(() -> fs.read("/etc/group")).isInstanceOf(NoSuchFileException.class);
        write(upper, "/etc/group", "new");
        assertThat(read("/etc/group")).isEqualTo("new");
    }

    @Test
    void aWhitedOutDirectoryHidesEverythingBelowIt() throws Exception {
        write(lower, "/etc/passwd", "old");
        whiteout(middle, "/etc");
        assertThatThrownBy(() -> fs.read("/etc/passwd")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aFileAboveADirectoryHidesTheDirectory() throws IOException {
        write(lower, "/etc/passwd", "old");
        write(middle, "/etc", "a file");
        assertThatThrownBy(() -> fs.read("/etc/passwd")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void symlinksResolveInsideTheRootAcrossLayers() throws IOException {
        write(lower, "/data/passwd", "real");
        Files.createDirectories(upper.resolve("etc"));
        Files.createSymbolicLink(upper.resolve("etc/passwd"), Path.of("../data/passwd"));
        assertThat(read("/etc/passwd")).isEqualTo("real");
        Files.createSymbolicLink(upper.resolve("etc/group"), Path.of("/data/passwd"));
        assertThat(read("/etc/group")).isEqualTo("real");
        Files.createSymbolicLink(upper.resolve("etc/up"), Path.of("../../../../../data/passwd"));
        assertThat(read("/etc/up")).isEqualTo("real");
    }

    @Test
    void aSymlinkNeverLeadsOutOfTheRoot() throws IOException {
        Path host = Files.createDirectories(tmp.resolve("host-etc"));
        Files.writeString(host.resolve("passwd"), "HOST FILE");
        // absolute target: resolved inside the layers, where it does not exist
        Files.createSymbolicLink(upper.resolve("etc"), host);
        assertThatThrownBy(() -> fs.read("/etc/passwd")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aDirectorySymlinkInALowerLayerIsNeverFollowedOnTheHost() throws IOException {
        Path host = Files.createDirectories(tmp.resolve("host-etc"));
        Files.writeString(host.resolve("passwd"), "HOST FILE");
        Files.createDirectories(upper.resolve("etc"));
        // overlayfs would not merge a directory with a symlink below it; neither does Berth
        Files.createSymbolicLink(lower.resolve("etc"), host);
        assertThatThrownBy(() -> fs.read("/etc/passwd")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void symlinkLoopsEnd() throws IOException {
        Files.createSymbolicLink(upper.resolve("loop"), Path.of("/loop"));
        assertThatThrownBy(() -> fs.read("/loop/x")).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("too many levels");
    }

    @Test
    void overlayMountsListUpperThenLowersInOrder() {
        LayeredRootFs o = LayeredRootFs.fromMounts(List.of(new MountInfo("overlay", "overlay", "",
                List.of("index=off", "workdir=/s/3/work", "upperdir=/s/3/fs", "lowerdir=/s/2/fs:/s/1/fs"))));
        assertThat(o.layers()).containsExactly(Path.of("/s/3/fs"), Path.of("/s/2/fs"), Path.of("/s/1/fs"));
        LayeredRootFs view = LayeredRootFs.fromMounts(List.of(new MountInfo("overlay", "overlay", "",
                List.of("lowerdir=/s/2/fs:/s/1/fs"))));
        assertThat(view.layers()).containsExactly(Path.of("/s/2/fs"), Path.of("/s/1/fs"));
    }

    @Test
    void aBindMountIsOneDirectory() {
        LayeredRootFs b = LayeredRootFs.fromMounts(List.of(new MountInfo("bind", "/s/1/fs", "", List.of("rw", "rbind"))));
        assertThat(b.layers()).containsExactly(Path.of("/s/1/fs"));
    }

    @Test
    void otherMountsAreRefusedClearly() {
        assertThatThrownBy(() -> LayeredRootFs.fromMounts(List.of(new MountInfo("ext4", "/dev/dm-3", "", List.of()))))
                .isInstanceOf(BerthException.FailedPrecondition.class).hasMessageContaining("type \"ext4\"");
        assertThatThrownBy(() -> LayeredRootFs.fromMounts(List.of()))
                .isInstanceOf(BerthException.FailedPrecondition.class).hasMessageContaining("0 mounts");
    }
}
