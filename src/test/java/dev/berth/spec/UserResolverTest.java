package dev.berth.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.model.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Go client's user rules (containerd 1.6 oci.WithUser / WithAdditionalGIDs), case by case. */
class UserResolverTest {

    private static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\n"
            + "daemon:x:1:1::/:/bin/false\n"
            + "app:x:1000:1000::/home/app:/bin/sh\n"
            + "dup:x:1000:77::/:/bin/sh\n"
            + "nogroup:x:2000:2000::/:/bin/sh\n";
    private static final String GROUP = "root:x:0:root\n"
            + "wheel:x:10:root,app\n"
            + "app:x:1000:app\n"
            + "staff:x:50:app\n"
            + "other:x:60:bob\n";

    /** A root filesystem from a map; records which files were read. */
    private static final class MapFs implements RootFs {
        final Map<String, String> files = new HashMap<>();
        final List<String> reads = new ArrayList<>();

        MapFs with(String path, String content) {
            files.put(path, content);
            return this;
        }

        @Override
        public byte[] read(String path) throws IOException {
            reads.add(path);
            String c = files.get(path);
            if (c == null) {
                throw new NoSuchFileException(path);
            }
            return c.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static MapFs image() {
        return new MapFs().with("/etc/passwd", PASSWD).with("/etc/group", GROUP);
    }

    private static UserResolver.ResolvedUser resolve(RootFs fs, String user) {
        return new UserResolver(fs).resolve(user);
    }

    @Test
    void noUserIsRootWithRootsSupplementaryGroupsButNotTheGroupNamedRoot() {
        assertThat(resolve(image(), null)).isEqualTo(new UserResolver.ResolvedUser(0, 0, List.of(0L, 10L)));
        assertThat(resolve(image(), "")).isEqualTo(new UserResolver.ResolvedUser(0, 0, List.of(0L, 10L)));
    }

    @Test
    void aNameTakesUidAndGidFromTheFirstMatchingPasswdLine() {
        // groups listing "app", except the group named "app"; primary gid first
        assertThat(resolve(image(), "app")).isEqualTo(new UserResolver.ResolvedUser(1000, 1000, List.of(1000L, 10L, 50L)));
    }

    @Test
    void aUidTakesTheGidOfTheFirstPasswdLineWithThatUid() {
        assertThat(resolve(image(), "1000")).isEqualTo(new UserResolver.ResolvedUser(1000, 1000, List.of(1000L, 10L, 50L)));
    }

    @Test
    void anUnknownUidRunsWithGidZeroAndNoGroups() {
        assertThat(resolve(image(), "4242")).isEqualTo(new UserResolver.ResolvedUser(4242, 0, List.of(0L)));
    }

    @Test
    void aUidWithoutPasswdFileIsFineButANameIsNot() {
        MapFs empty = new MapFs();
        assertThat(resolve(empty, "7")).isEqualTo(new UserResolver.ResolvedUser(7, 0, List.of(0L)));
        assertThatThrownBy(() -> resolve(empty, "app")).isInstanceOf(BerthException.InvalidArgument.class)
                .hasMessageContaining("no /etc/passwd");
    }

    @Test
    void anUnknownNameIsAnError() {
        assertThatThrownBy(() -> resolve(image(), "nobody")).isInstanceOf(BerthException.InvalidArgument.class)
                .hasMessage("user \"nobody\" is not in the image's /etc/passwd");
    }

    @Test
    void twoNumbersAreTakenAsTheyAreWithoutReadingPasswdOrGroupForTheIds() {
        MapFs fs = image();
        UserResolver r = new UserResolver(fs);
        assertThat(r.ids("1234:5678")).containsExactly(1234, 5678);
        assertThat(fs.reads).isEmpty();
        // the additional gids still come from the files (by uid): none for an unknown uid
        assertThat(resolve(image(), "1234:5678")).isEqualTo(new UserResolver.ResolvedUser(1234, 5678, List.of(5678L)));
        // a known uid with another primary gid keeps that gid first
        assertThat(resolve(image(), "1000:50")).isEqualTo(new UserResolver.ResolvedUser(1000, 50, List.of(10L, 50L)));
    }

    @Test
    void namesOnEitherSideOfTheColonAreLookedUp() {
        assertThat(resolve(image(), "app:staff")).isEqualTo(new UserResolver.ResolvedUser(1000, 50, List.of(10L, 50L)));
        assertThat(resolve(image(), "app:60")).isEqualTo(new UserResolver.ResolvedUser(1000, 60, List.of(60L, 10L, 50L)));
        assertThat(resolve(image(), "0:staff")).isEqualTo(new UserResolver.ResolvedUser(0, 50, List.of(50L, 10L)));
        assertThatThrownBy(() -> resolve(image(), "app:nosuch")).isInstanceOf(BerthException.InvalidArgument.class)
                .hasMessage("group \"nosuch\" is not in the image's /etc/group");
    }

    @Test
    void outOfRangeOrSignedNumbersAreNamesAsInGo() {
        // Go's Atoi accepts "+5"; -1 and 2^31 are out of range and are then looked up as names
        assertThat(resolve(image(), "+1000").uid()).isEqualTo(1000);
        assertThatThrownBy(() -> resolve(image(), "-1")).hasMessageContaining("\"-1\" is not in");
        assertThatThrownBy(() -> resolve(image(), "2147483648")).hasMessageContaining("is not in");
        assertThat(resolve(image(), "2147483647").uid()).isEqualTo(2147483647L);
    }

    @Test
    void moreThanOneColonIsInvalid() {
        assertThatThrownBy(() -> resolve(image(), "a:b:c")).isInstanceOf(BerthException.InvalidArgument.class)
                .hasMessageContaining("USER, UID, USER:GROUP or UID:GID");
    }

    @Test
    void noGroupFileLeavesOnlyThePrimaryGid() {
        MapFs fs = new MapFs().with("/etc/passwd", PASSWD);
        assertThat(resolve(fs, "app")).isEqualTo(new UserResolver.ResolvedUser(1000, 1000, List.of(1000L)));
    }

    @Test
    void aUserWithoutSupplementaryGroupsGetsItsPrimaryGid() {
        assertThat(resolve(image(), "nogroup")).isEqualTo(new UserResolver.ResolvedUser(2000, 2000, List.of(2000L)));
    }

    @Test
    void unreadableFilesAreAFailedPrecondition() {
        RootFs denied = path -> {
            throw new AccessDeniedException(path);
        };
        assertThatThrownBy(() -> resolve(denied, "app")).isInstanceOf(BerthException.FailedPrecondition.class)
                .hasMessageContaining("cannot read /etc/passwd");
    }
}
