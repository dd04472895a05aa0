package dev.berth.service;

import dev.berth.model.CommitVersionRequest;
import dev.berth.model.StopOptions;
import dev.berth.model.VersionChange;
import dev.berth.model.VersionInfo;
import java.util.List;

/**
 * Versions of a container's files, as a workspace tool uses them (see {@code docs/versions.md}).
 * A version is a committed snapshot of the container's active snapshot, labelled
 * {@code containerd.io/gc.root} (so containerd's collector keeps it) and
 * {@code dev.berth/version-of=<container id>}. The container keeps its id, image, labels, spec and
 * snapshot key: after a commit or a rollback its snapshot key names a new active snapshot on top of
 * the version. Each change runs under one containerd lease; a task that was live is started again
 * (and its network set up again when it had one).
 */
public interface VersionService {

    /**
     * Commits the container's current files as a version, and gives the container a new active
     * snapshot on top of it. A live task is refused unless the request says to stop it.
     *
     * @throws dev.berth.model.BerthException.InvalidArgument bad id, name or labels (nothing sent)
     * @throws dev.berth.model.BerthException.AlreadyExists the name is taken
     * @throws dev.berth.model.BerthException.FailedPrecondition a live task and no stop asked for
     */
    VersionChange commit(CommitVersionRequest request);

    /**
     * The container's versions, newest first: those labelled as its versions, and the versions its
     * current files are built on (which may be another container's, when it was created from one).
     */
    List<VersionInfo> list(String containerId);

    /**
     * Rolls the container back to {@code version}: its current files are kept as a version first (so
     * a rollback loses nothing), then it gets a new active snapshot on {@code version}. A live task is
     * stopped with {@code stop} (null: SIGTERM, 10 s, SIGKILL) and started again. A container whose
     * active snapshot is missing (an interrupted commit or rollback) is repaired this way, with nothing
     * to keep.
     */
    VersionChange rollback(String containerId, String version, StopOptions stop);

    /**
     * Deletes a version of the container. Allowed only for a version nothing is built on: not the base
     * of the container's current files, of a newer version, or of another container or snapshot
     * (containerd cannot remove a layer others stand on). Refused otherwise, saying what stands on it.
     */
    void delete(String containerId, String version);
}
