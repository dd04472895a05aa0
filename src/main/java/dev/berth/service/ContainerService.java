package dev.berth.service;

import dev.berth.model.ContainerInfo;
import dev.berth.model.CreateContainerRequest;
import dev.berth.model.PullProgress;
import java.util.List;
import java.util.function.Consumer;

public interface ContainerService {

    /**
     * The namespace's containers, sorted by id, without their runtime specs ({@code specJson} is
     * empty: lists skip them for speed and memory); {@link #get} returns a container with its spec.
     */
    List<ContainerInfo> list();

    /**
     * Containers carrying label {@code key} with {@code value}; an empty or null value means "has the
     * label". Filtered by containerd, not here. Without specs, as {@link #list}.
     */
    List<ContainerInfo> listByLabel(String key, String value);

    ContainerInfo get(String id);

    /**
     * Creates a container: pulls the image when containerd does not have it ({@code progress} sees
     * the pull), prepares the container's writable snapshot (key = id) on the image's top layer or
     * on the request's parent snapshot (a committed one; an unused active one is taken as it is),
     * builds the runtime spec as containerd's Go client would, and
     * records the container with runtime {@code io.containerd.runc.v2}. Everything after the pull
     * runs under a containerd lease; when any step fails, what was made is removed (container,
     * snapshot, lease) before the error is thrown. Blocking; interrupting the thread cancels it.
     *
     * @throws dev.berth.model.BerthException.InvalidArgument for bad input, before anything is sent
     * @throws dev.berth.model.BerthException.AlreadyExists when the id (or a snapshot of that name) is taken
     */
    ContainerInfo create(CreateContainerRequest request, Consumer<PullProgress> progress);

    /** {@link #delete(String, boolean, boolean)} with snapshot cleanup and without force. */
    default void delete(String id) {
        delete(id, true, false);
    }

    /**
     * Deletes a container: a stopped task is removed first; a live task is refused with
     * FailedPrecondition unless {@code force} (then it is killed and removed). With
     * {@code cleanupSnapshot} its snapshot is removed too, and Berth's log file of it is deleted.
     */
    void delete(String id, boolean cleanupSnapshot, boolean force);
}
