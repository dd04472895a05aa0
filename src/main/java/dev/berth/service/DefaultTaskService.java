package dev.berth.service;

import dev.berth.containerd.TasksApi;
import dev.berth.model.TaskInfo;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

final class DefaultTaskService implements TaskService {

    private final ServiceContext sc;

    DefaultTaskService(ServiceContext sc) {
        this.sc = sc;
    }

    @Override
    public List<TaskInfo> list() {
        return sc.tasks().list().stream().map(TasksApi::info).sorted(Comparator.comparing(TaskInfo::containerId))
                .collect(Collectors.toList());
    }

    @Override
    public TaskInfo get(String containerId) {
        return TasksApi.info(sc.tasks().get(Validation.containerId(containerId)));
    }
}
