package dev.berth.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testenv.TestEnv;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@code .deb}, end to end, on this machine: {@code scripts/test-package} builds it with
 * {@code scripts/package}, installs it with {@code dpkg -i}, runs {@code berth version} from the installed
 * copy against the test containerd, starts the installed console under Xvfb and waits for its window
 * and its connection to the socket, then removes and purges the package. Several minutes: tagged
 * {@code package}.
 */
@Tag("package")
class DebPackageTest {

    /** The checks the script must have passed (it prints one "ok:" line per check). */
    private static final List<String> REQUIRED = List.of(
            "ok:   the package depends on libgtk-3-0",
            "ok:   dpkg -i berth_",
            "ok:   /usr/bin/berth is an executable",
            "ok:   postinst made the class-data-sharing archive",
            "ok:   berth version names the test containerd's version",
            "ok:   berth version names the test containerd's address",
            "ok:   berth version maps the class-data-sharing archive",
            "ok:   console (berth, with CONTAINERD_ADDRESS) opens a window",
            "ok:   console (berth --address) opens a window",
            "ok:   dpkg -r berth",
            "ok:   /usr/bin/berth is gone",
            "ok:   /opt/berth is gone");

    private static final Pattern SUMMARY = Pattern.compile("(?m)^test-package: (\\d+) passed, (\\d+) failed$");

    @Test
    void debInstallsRunsTheCommandLineAndTheConsoleAndRemoves() throws Exception {
        skipUnless(isRoot(), "installing a .deb needs root");
        skipUnless(onPath("jpackage"), "no jpackage on the PATH (Debian: openjdk-17-jdk-headless)");
        skipUnless(onPath("dpkg"), "no dpkg: not a Debian system");
        skipUnless(!berthInstalled(), "a berth package is already installed on this machine; the test would replace it");
        TestEnv env = TestEnv.get();

        Path project = TestEnv.projectDir();
        Path target = project.resolve("target");
        Files.createDirectories(target);
        Path log = target.resolve("test-package.log");
        ProcessBuilder pb = new ProcessBuilder(project.resolve("scripts/test-package").toString())
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("BERTH_TESTENV_DIR", TestEnv.envDir().toString());
        // a Maven build directory of its own: this test run's classes are in target/classes
        pb.environment().put("BERTH_BUILD_DIR", target.resolve("package-build").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        boolean finished = p.waitFor(30, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(out);

        assertThat(finished).as("scripts/test-package finished within 30 minutes (log: %s)", log).isTrue();
        assertThat(out).as("the containerd the package was tested against").contains(env.address());
        for (String line : REQUIRED) {
            assertThat(out).as("scripts/test-package passed: %s", line).contains("test-package: " + line);
        }
        assertThat(out).doesNotContain("test-package: FAIL:");
        Matcher m = SUMMARY.matcher(out);
        assertThat(m.find()).as("the summary line of scripts/test-package").isTrue();
        assertThat(Integer.parseInt(m.group(2))).as("failed checks").isZero();
        assertThat(Integer.parseInt(m.group(1))).as("passed checks").isGreaterThanOrEqualTo(REQUIRED.size());
        assertThat(p.exitValue()).as("exit code of scripts/test-package").isZero();
        assertThat(Path.of("/usr/bin/berth")).as("removed again").doesNotExist();
        assertThat(berthInstalled()).as("berth purged again").isFalse();
    }

    private static void skipUnless(boolean condition, String why) {
        if (!condition) {
            System.out.println("SKIPPED (DebPackageTest): " + why);
        }
        Assumptions.assumeTrue(condition, why);
    }

    private static boolean isRoot() throws Exception {
        // /proc/self belongs to the effective user of this process
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static boolean berthInstalled() throws Exception {
        Process p = new ProcessBuilder("dpkg-query", "-W", "-f", "${Status}", "berth").redirectErrorStream(true).start();
        p.getOutputStream().close();
        String status = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return status.contains("install ok installed");
    }
}
