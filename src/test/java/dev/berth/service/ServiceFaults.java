package dev.berth.service;

import java.util.function.Consumer;

/**
 * For tests outside this package (the reliability tests): a container service of a real connection
 * whose create calls {@code beforeStep} with the name of each step before running it, so a test can
 * kill or restart containerd at a chosen step.
 */
public final class ServiceFaults {

    private ServiceFaults() {
    }

    /** The steps of a create, in order. */
    public static java.util.List<String> createSteps() {
        return java.util.Arrays.stream(DefaultContainerService.CreateStep.values()).map(Enum::name).toList();
    }

    public static ContainerService containers(DefaultContainerdService service, Consumer<String> beforeStep) {
        return new DefaultContainerService(service.context(), step -> beforeStep.accept(step.name()));
    }
}
