package dev.berth.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtcFilesTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void passwdLinesAreTrimmedAndShortOrBadFieldsCountAsZero() {
        List<EtcFiles.PasswdEntry> users = EtcFiles.parsePasswd(b(
                "root:x:0:0:root:/root:/bin/sh\n"
                        + "  app:x:1000:1000::/home/app:/bin/sh  \r\n"
                        + "\n"
                        + "short:x:7\n"
                        + "bad:x:abc: 5\n"
                        + "#comment:x:3:3\n"));
        assertThat(users).containsExactly(
                new EtcFiles.PasswdEntry("root", 0, 0),
                new EtcFiles.PasswdEntry("app", 1000, 1000),
                new EtcFiles.PasswdEntry("short", 7, 0),
                new EtcFiles.PasswdEntry("bad", 0, 0),
                // libcontainer skips comments only in the group file
                new EtcFiles.PasswdEntry("#comment", 3, 3));
    }

    @Test
    void groupFileSkipsCommentsAndSplitsMembers() {
        List<EtcFiles.GroupEntry> groups = EtcFiles.parseGroup(b(
                "# comment\nroot:x:0:\nstaff:x:50:app,bob\n  wheel:x:10:root  \nnomembers:x:60\n"));
        assertThat(groups).containsExactly(
                new EtcFiles.GroupEntry("root", 0, List.of()),
                new EtcFiles.GroupEntry("staff", 50, List.of("app", "bob")),
                new EtcFiles.GroupEntry("wheel", 10, List.of("root")),
                new EtcFiles.GroupEntry("nomembers", 60, List.of()));
    }

    @Test
    void goAtoiAcceptsSignsAndClampsOverflow() {
        assertThat(EtcFiles.parseGoInt("+5")).isEqualTo(5L);
        assertThat(EtcFiles.parseGoInt("-1")).isEqualTo(-1L);
        assertThat(EtcFiles.parseGoInt("")).isNull();
        assertThat(EtcFiles.parseGoInt("+")).isNull();
        assertThat(EtcFiles.parseGoInt("1 ")).isNull();
        assertThat(EtcFiles.parseGoInt("99999999999999999999")).isEqualTo(Long.MAX_VALUE);
        assertThat(EtcFiles.goAtoi("x")).isZero();
    }
}
