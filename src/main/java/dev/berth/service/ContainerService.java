package dev.berth.service;

import dev.berth.model.ContainerInfo;
import java.util.List;

public interface ContainerService {

    List<ContainerInfo> list();

    /**
     * Containers carrying label {@code key} with {@code value}; an empty or null value means "has the
     * label". Filtered by containerd, not here.
     */
    List<ContainerInfo> listByLabel(String key, String value);

    ContainerInfo get(String id);
}
