package dev.berth.service;

import dev.berth.model.TaskInfo;
import java.util.List;

public interface TaskService {

    List<TaskInfo> list();

    /** The task of a container. @throws dev.berth.model.BerthException.NotFound if it has none */
    TaskInfo get(String containerId);
}
