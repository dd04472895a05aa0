package dev.berth.model;

import java.time.Instant;

/**
 * One event from containerd's event stream, decoded into what a list needs to update itself.
 *
 * @param topic e.g. {@code /tasks/exit}, {@code /containers/create}, {@code /snapshot/commit}
 * @param subject the object it is about: container id, image name, snapshot key, digest or namespace
 * @param exitStatus for {@code /tasks/exit} and {@code /tasks/delete}, else null
 */
public record ContainerdEvent(Instant timestamp, String namespace, String topic, String subject, Integer exitStatus) {
}
