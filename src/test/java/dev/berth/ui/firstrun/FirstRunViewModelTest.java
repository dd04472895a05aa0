package dev.berth.ui.firstrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.BerthException;
import dev.berth.ui.common.CurrentThreadTaskExecutor;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.fake.FakeContainerd;
import dev.berth.ui.shell.ConnectionViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FirstRunViewModelTest {

    static final String MISSING = "/nonexistent/berth-first-run/containerd.sock";

    private final FakeContainerd.State daemon = new FakeContainerd.State();
    private final CurrentThreadTaskExecutor ex = new CurrentThreadTaskExecutor().holdScheduled();
    private RuntimeException connectError;
    private final List<String> privateStarts = new ArrayList<>();
    private final List<String> used = new ArrayList<>();
    private RuntimeException privateError;

    /** A host and a private containerd for tests. */
    static final class FakeHost implements FirstRunViewModel.Host {
        final boolean root;
        final boolean installed;

        FakeHost(boolean root, boolean installed) {
            this.root = root;
            this.installed = installed;
        }

        @Override
        public boolean isRoot() {
            return root;
        }

        @Override
        public boolean containerdInstalled() {
            return installed;
        }

        @Override
        public String userName() {
            return "ann";
        }
    }

    private FirstRunViewModel.PrivateDaemon daemonStub() {
        return new FirstRunViewModel.PrivateDaemon() {
            @Override
            public String dataDir() {
                return "/var/lib/berth/containerd";
            }

            @Override
            public String socket() {
                return "/run/berth/containerd/containerd.sock";
            }

            @Override
            public String start() {
                privateStarts.add("start");
                if (privateError != null) {
                    throw privateError;
                }
                return socket();
            }
        };
    }

    private ConnectionViewModel connection(String address) {
        return new ConnectionViewModel((a, ns) -> {
            if (connectError != null) {
                throw connectError;
            }
            return new FakeContainerd(daemon, ns);
        }, address, "default", new ServiceSession(), ex, I18n.english());
    }

    private FirstRunViewModel vm(ConnectionViewModel c, boolean root, boolean installed) {
        return new FirstRunViewModel(c, new FakeHost(root, installed), daemonStub(), ex, I18n.english(), used::add);
    }

    private static String commands(FirstRunViewModel vm) {
        return vm.stepsProperty().get().stream().flatMap(s -> s.commands().stream()).collect(Collectors.joining("\n"));
    }

    @Test
    void aMissingSocketOpensTheScreenWithTheCommandsToStartContainerd() {
        connectError = new BerthException.Unavailable("connection refused");
        ConnectionViewModel c = connection(MISSING);
        FirstRunViewModel vm = vm(c, false, true);
        c.start();
        assertThat(vm.visibleProperty().get()).isTrue();
        assertThat(vm.kindProperty().get()).isEqualTo(FirstRunViewModel.Kind.SOCKET_MISSING);
        assertThat(vm.titleProperty().get()).isEqualTo("containerd is not running at " + MISSING);
        assertThat(commands(vm)).contains("sudo systemctl enable --now containerd", "berth --address")
                .doesNotContain("apt-get install");
        assertThat(vm.privateOfferedProperty().get()).as("not root").isFalse();
    }

    @Test
    void notInstalledAddsTheInstallCommand() {
        connectError = new BerthException.Unavailable("connection refused");
        ConnectionViewModel c = connection(MISSING);
        FirstRunViewModel vm = vm(c, true, false);
        c.start();
        assertThat(commands(vm)).contains("sudo apt-get install containerd");
        assertThat(vm.privateOfferedProperty().get()).as("nothing to start").isFalse();
    }

    @Test
    void permissionDeniedSaysSoWithRootAndGroupCommands() {
        connectError = new BerthException.PermissionDenied("permission denied");
        String here = System.getProperty("java.home");
        ConnectionViewModel c = connection(here);
        FirstRunViewModel vm = vm(c, false, true);
        c.start();
        assertThat(vm.visibleProperty().get()).isTrue();
        assertThat(vm.kindProperty().get()).isEqualTo(FirstRunViewModel.Kind.PERMISSION_DENIED);
        assertThat(vm.titleProperty().get()).isEqualTo("Access to " + here + " is denied");
        assertThat(vm.explanationProperty().get()).contains("ann").contains("as good as root");
        assertThat(commands(vm)).contains("sudo -E berth", "sudo groupadd -f containerd", "sudo usermod -aG containerd ann",
                "sudo chgrp containerd " + here, "sudo chmod g+rw " + here, "newgrp containerd",
                "sudo systemctl restart containerd");
        assertThat(vm.privateOfferedProperty().get()).isFalse();
    }

    @Test
    void anUnreachableDaemonKeepsTheBannerOnly() {
        connectError = new BerthException.Unavailable("refused");
        ConnectionViewModel c = connection(System.getProperty("java.home"));
        FirstRunViewModel vm = vm(c, true, true);
        c.start();
        assertThat(c.problemProperty().get()).isEqualTo(ConnectionViewModel.Problem.UNREACHABLE);
        assertThat(vm.visibleProperty().get()).isFalse();
    }

    @Test
    void theScreenGoesAwayOnConnectAndDoesNotComeBackWhenContainerdGoesAwayLater() {
        connectError = new BerthException.Unavailable("refused");
        ConnectionViewModel c = connection(MISSING);
        FirstRunViewModel vm = vm(c, false, true);
        c.start();
        assertThat(vm.visibleProperty().get()).isTrue();
        connectError = null;
        vm.retry();
        assertThat(c.stateProperty().get()).isEqualTo(ConnectionViewModel.State.CONNECTED);
        assertThat(vm.visibleProperty().get()).isFalse();
        daemon.endStreams(new BerthException.Unavailable("gone"));
        assertThat(c.bannerVisibleProperty().get()).isTrue();
        assertThat(vm.visibleProperty().get()).isFalse();
    }

    @Test
    void dismissLeavesTheBanner() {
        connectError = new BerthException.Unavailable("refused");
        ConnectionViewModel c = connection(MISSING);
        FirstRunViewModel vm = vm(c, false, true);
        c.start();
        vm.dismiss();
        assertThat(vm.visibleProperty().get()).isFalse();
        assertThat(c.bannerVisibleProperty().get()).isTrue();
    }

    @Test
    void thePrivateContainerdIsOfferedToRootOffByDefaultAndStartsOnlyWhenTicked() {
        connectError = new BerthException.Unavailable("refused");
        ConnectionViewModel c = connection(MISSING);
        FirstRunViewModel vm = vm(c, true, true);
        c.start();
        assertThat(vm.privateOfferedProperty().get()).isTrue();
        assertThat(vm.privateWantedProperty().get()).as("off by default").isFalse();
        assertThat(vm.privateDescription()).contains("/var/lib/berth/containerd", "/run/berth/containerd/containerd.sock",
                "stops it when you close");
        vm.startPrivate();
        assertThat(privateStarts).isEmpty();
        vm.privateWantedProperty().set(true);
        vm.startPrivate();
        assertThat(privateStarts).hasSize(1);
        assertThat(used).containsExactly("/run/berth/containerd/containerd.sock");
        assertThat(vm.privateStatusProperty().get()).contains("runs at");
        assertThat(vm.privateStartingProperty().get()).isFalse();
    }

    @Test
    void aPrivateContainerdThatFailsSaysWhy() {
        connectError = new BerthException.Unavailable("refused");
        ConnectionViewModel c = connection(MISSING);
        FirstRunViewModel vm = vm(c, true, true);
        c.start();
        privateError = new BerthException.FailedPrecondition("the private containerd exited with status 1");
        vm.privateWantedProperty().set(true);
        vm.startPrivate();
        assertThat(used).isEmpty();
        assertThat(vm.privateStatusProperty().get()).startsWith("The private containerd did not start");
    }
}
