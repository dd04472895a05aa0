package dev.berth.ui.screenshots;

import dev.berth.testenv.Exec;
import dev.berth.testenv.TestEnv;
import java.util.ArrayList;
import java.util.List;

/** Puts a small, realistic set of images and containers into a namespace of the test environment, with ctr. */
public final class DemoData {

    private DemoData() {
    }

    public static void prepare(TestEnv env, String ns) {
        clean(env, ns);
        String reg = env.registry();
        for (String img : List.of("test/busybox:1", "test/multi:3", "test/config:1")) {
            env.ctr(ns, "images", "pull", "--plain-http", reg + "/" + img);
        }
        env.ctr(ns, "run", "-d", reg + "/test/busybox:1", "web-1");
        env.ctr(ns, "run", "-d", reg + "/test/config:1", "api-1");
        env.ctr(ns, "run", "-d", "--label", "team=data", reg + "/test/multi:3", "worker-2", "/bin/sh", "-c",
                "while true; do echo tick; sleep 1; done");
        env.ctr(ns, "tasks", "pause", "worker-2");
        env.ctr(ns, "run", "-d", reg + "/test/busybox:1", "batch-7", "/bin/sh", "-c", "echo done");
        env.ctr(ns, "containers", "create", "--label", "role=spare", reg + "/test/multi:3", "idle-3");
        for (int i = 0; i < 40; i++) {
            if (tasksExited(env, ns, "batch-7")) {
                break;
            }
            sleep(100);
        }
        // one made by Berth itself, so that its output goes to Berth's log file
        try (var svc = env.connect(ns)) {
            svc.containers().create(dev.berth.model.CreateContainerRequest.of("logger-4", reg + "/test/busybox:1")
                    .withSpec(dev.berth.model.ContainerSpec.IMAGE_DEFAULTS.withCommand(List.of("/bin/sh", "-c",
                            "i=0; while true; do i=$((i+1)); echo \"$(date -Iseconds) request $i served in $((i % 37)) ms\";"
                                    + " sleep 0.2; done")))
                    .withLabels(java.util.Map.of("team", "web", "tier", "frontend")), p -> { });
            svc.tasks().start("logger-4");
        }
        sleep(2500);
    }

    static boolean tasksExited(TestEnv env, String ns, String id) {
        return env.ctr(ns, "tasks", "ls").lines().anyMatch(l -> l.startsWith(id) && l.contains("STOPPED"));
    }

    /** Removes every task, container and image of the namespace. */
    public static void clean(TestEnv env, String ns) {
        List<String> containers = new ArrayList<>();
        for (String line : env.ctr(ns, "containers", "ls", "-q").split("\n")) {
            if (!line.isBlank()) {
                containers.add(line.trim());
            }
        }
        for (String c : containers) {
            run(env, ns, "tasks", "kill", "-s", "SIGKILL", c);
        }
        for (String c : containers) {
            for (int i = 0; i < 30 && !run(env, ns, "tasks", "rm", "-f", c) && taskExists(env, ns, c); i++) {
                sleep(100);
            }
            run(env, ns, "containers", "rm", c);
        }
        for (String line : env.ctr(ns, "images", "ls", "-q").split("\n")) {
            if (!line.isBlank()) {
                run(env, ns, "images", "rm", line.trim());
            }
        }
    }

    static boolean taskExists(TestEnv env, String ns, String id) {
        return env.ctr(ns, "tasks", "ls").lines().anyMatch(l -> l.startsWith(id + " "));
    }

    static boolean run(TestEnv env, String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of(env.ctr(), "--address", env.address(), "--namespace", ns));
        cmd.addAll(List.of(args));
        return Exec.result(cmd, 60).exit() == 0;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
