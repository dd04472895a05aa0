package dev.berth.service;

import dev.berth.model.NamespaceInfo;
import java.util.List;

public interface NamespaceService {

    List<NamespaceInfo> list();

    void create(String name);

    /** Fails with FailedPrecondition while the namespace still holds anything. */
    void delete(String name);
}
