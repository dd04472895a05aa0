package dev.berth.spec;

import dev.berth.model.BerthException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a user string against an image's {@code /etc/passwd} and {@code /etc/group} with the
 * rules of containerd 1.6's Go client ({@code oci.WithUser}, {@code WithUserID},
 * {@code WithUsername}, {@code WithAdditionalGIDs}):
 * <ul>
 * <li>{@code uid} (a number 0…2³¹-1): the gid of the first passwd entry with that uid; no such
 *     entry, or no passwd file: gid 0.</li>
 * <li>{@code name}: the first passwd entry with that name; none (or no passwd file) is an error.</li>
 * <li>{@code a:b}: two numbers are taken as they are, without reading any file; a name on either
 *     side is looked up (user in passwd, group in group) and must exist.</li>
 * <li>Additional gids: the user's name (by uid in passwd; none → only the primary gid), then every
 *     group in {@code /etc/group} that lists that name as a member, except a group of the same
 *     name, in file order; the primary gid is put first unless already there.</li>
 * <li>With no user at all the process runs as 0:0 and the additional gids are those of
 *     {@code root}.</li>
 * </ul>
 */
public final class UserResolver {

    private static final long MAX_ID = Integer.MAX_VALUE;

    private final RootFs rootfs;

    public UserResolver(RootFs rootfs) {
        this.rootfs = rootfs;
    }

    /** The process user: ids plus additional gids, as the spec's {@code process.user} holds them. */
    public record ResolvedUser(long uid, long gid, List<Long> additionalGids) {
        public ResolvedUser {
            additionalGids = List.copyOf(additionalGids);
        }
    }

    /**
     * The user for {@code user} ({@code WithUser} followed by {@code WithAdditionalGIDs(uid)}, as
     * {@code WithImageConfig} does); a null or empty user is root ({@code WithAdditionalGIDs("root")}).
     */
    public ResolvedUser resolve(String user) {
        if (user == null || user.isEmpty()) {
            return withAdditionalGids(0, 0, "root");
        }
        long[] ids = ids(user);
        return withAdditionalGids(ids[0], ids[1], Long.toString(ids[0]));
    }

    /** {@code WithUser}: uid and gid only. */
    long[] ids(String user) {
        String[] parts = user.split(":", -1);
        switch (parts.length) {
            case 1: {
                Long uid = id(parts[0]);
                if (uid != null) {
                    Optional<EtcFiles.PasswdEntry> e = passwd(false).stream().filter(p -> p.uid() == uid).findFirst();
                    return new long[] {uid, e.map(EtcFiles.PasswdEntry::gid).orElse(0L)};
                }
                return byName(user);
            }
            case 2: {
                Long uid = id(parts[0]);
                Long gid = id(parts[1]);
                long u = uid == null ? byName(parts[0])[0] : uid;
                long g = gid == null ? groupByName(parts[1]) : gid;
                return new long[] {u, g};
            }
            default:
                throw new BerthException.InvalidArgument("user \"" + Text.printable(user)
                        + "\" is not valid: use USER, UID, USER:GROUP or UID:GID");
        }
    }

    private long[] byName(String name) {
        List<EtcFiles.PasswdEntry> users = passwd(true);
        return users.stream().filter(p -> p.name().equals(name)).findFirst()
                .map(p -> new long[] {p.uid(), p.gid()})
                .orElseThrow(() -> new BerthException.InvalidArgument("user \"" + Text.printable(name)
                        + "\" is not in the image's /etc/passwd"));
    }

    private long groupByName(String name) {
        List<EtcFiles.GroupEntry> groups = group(true);
        return groups.stream().filter(g -> g.name().equals(name)).findFirst().map(EtcFiles.GroupEntry::gid)
                .orElseThrow(() -> new BerthException.InvalidArgument("group \"" + Text.printable(name)
                        + "\" is not in the image's /etc/group"));
    }

    /** {@code WithAdditionalGIDs(userstr)} on top of uid/gid, then {@code ensureAdditionalGids}. */
    private ResolvedUser withAdditionalGids(long uid, long gid, String userstr) {
        List<Long> gids = new ArrayList<>();
        String username;
        Long numeric = EtcFiles.parseGoInt(userstr);
        if (numeric != null) {
            username = passwd(false).stream().filter(p -> p.uid() == numeric).findFirst()
                    .map(EtcFiles.PasswdEntry::name).orElse(null);
        } else {
            username = userstr;
        }
        if (username != null) {
            for (EtcFiles.GroupEntry g : group(false)) {
                if (!g.name().equals(username) && g.members().contains(username)) {
                    gids.add(g.gid());
                }
            }
        }
        if (!gids.contains(gid)) {
            gids.add(0, gid);
        }
        return new ResolvedUser(uid, gid, gids);
    }

    /** A uid/gid as the Go client accepts one (Atoi, 0…MaxInt32), else null (then it is a name). */
    private static Long id(String s) {
        Long v = EtcFiles.parseGoInt(s);
        return v == null || v < 0 || v > MAX_ID ? null : v;
    }

    private List<EtcFiles.PasswdEntry> passwd(boolean required) {
        return EtcFiles.parsePasswd(read("/etc/passwd", required));
    }

    private List<EtcFiles.GroupEntry> group(boolean required) {
        return EtcFiles.parseGroup(read("/etc/group", required));
    }

    private byte[] read(String path, boolean required) {
        try {
            return rootfs.read(path);
        } catch (NoSuchFileException e) {
            if (required) {
                throw new BerthException.InvalidArgument("the image has no " + path + " to look the user up in");
            }
            return new byte[0];
        } catch (IOException e) {
            throw new BerthException.FailedPrecondition("cannot read " + path + " of the image: " + e.getMessage(), e);
        }
    }
}
