package dev.berth.ui.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.PullProgress;
import dev.berth.model.PullProgress.Layer;
import dev.berth.model.PullProgress.LayerState;
import dev.berth.ui.activity.ActivityItem;
import dev.berth.ui.fake.Fixture;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullViewModelTest {

    private final Fixture f = new Fixture().attach();
    private final ImagesViewModel images = new ImagesViewModel(f.session, f.executor, f.i18n, f.dialogs, f.guard);

    static PullProgress progress(PullProgress.Phase phase, LayerState a, long aDone, LayerState b, long bDone) {
        return new PullProgress("nginx", phase, List.of(new Layer("sha256:aaaaaaaaaaaaaaaa", "gzip", 1000, aDone, a),
                new Layer("sha256:bbbbbbbbbbbbbbbb", "gzip", 3000, bDone, b)), 4000, aDone + bDone, 2_000_000, "");
    }

    @Test
    void validatesTheReferenceAndPlatformInline() {
        PullViewModel vm = images.newPull("");
        assertThat(vm.referenceErrorProperty().get()).isEqualTo("Type an image reference.");
        assertThat(vm.canStartProperty().get()).isFalse();
        vm.referenceProperty().set("ngi nx");
        assertThat(vm.referenceErrorProperty().get()).isEqualTo("A reference has no spaces.");
        vm.referenceProperty().set("nginx");
        assertThat(vm.referenceErrorProperty().get()).isNull();
        vm.platformProperty().set("linux");
        assertThat(vm.platformErrorProperty().get()).isNotNull();
        vm.platformProperty().set("linux/arm/v7");
        assertThat(vm.platformErrorProperty().get()).isNull();
        assertThat(vm.canStartProperty().get()).isTrue();
    }

    @Test
    void pullsShowingEveryLayerFromTheStartAndLandsInActivity() {
        f.state.pullScript = List.of(
                progress(PullProgress.Phase.FETCHING, LayerState.WAITING, 0, LayerState.WAITING, 0),
                progress(PullProgress.Phase.FETCHING, LayerState.DOWNLOADING, 500, LayerState.ALREADY_PRESENT, 3000),
                progress(PullProgress.Phase.UNPACKING, LayerState.UNPACKING, 1000, LayerState.ALREADY_PRESENT, 3000),
                progress(PullProgress.Phase.DONE, LayerState.DONE, 1000, LayerState.ALREADY_PRESENT, 3000));
        PullViewModel vm = images.newPull("nginx");
        List<String> texts = new java.util.ArrayList<>();
        vm.progress().layers().addListener((javafx.collections.ListChangeListener<LayerItem>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(l -> l.textProperty().addListener((o, a, b) -> texts.add(b)));
            }
        });
        assertThat(vm.start()).isTrue();
        assertThat(vm.state()).isEqualTo(PullViewModel.State.DONE);
        assertThat(vm.progress().layers()).hasSize(2);
        assertThat(vm.progress().layers()).allMatch(l -> l.fraction() == 1.0);
        assertThat(vm.progress().layers().get(0).text()).isEqualTo("Done · 1.0 KB");
        assertThat(vm.progress().layers().get(1).text()).isEqualTo("Already present · 3.0 KB");
        assertThat(texts).contains("Waiting · 1.0 KB", "Unpacking");
        assertThat(texts).anyMatch(t -> t.startsWith("Downloading 500 B of 1.0 KB"));
        assertThat(vm.progress().overallProperty().get()).isEqualTo(1.0);
        assertThat(vm.progress().summaryProperty().get()).isEqualTo("Done: 4.0 KB");
        assertThat(vm.resultProperty().get().name()).isEqualTo("nginx");
        ActivityItem a = f.activity.items().get(0);
        assertThat(a.title()).isEqualTo("Pull nginx");
        assertThat(a.state()).isEqualTo(ActivityItem.State.SUCCEEDED);
        assertThat(a.subject()).isSameAs(vm);
        assertThat(images.rows()).extracting(ImageRow::name).contains("nginx");
    }

    @Test
    void cancelStopsThePull() {
        f.executor.holdTasks();
        PullViewModel vm = images.newPull("nginx");
        vm.start();
        assertThat(vm.state()).isEqualTo(PullViewModel.State.RUNNING);
        assertThat(vm.canStartProperty().get()).isFalse();
        vm.cancel();
        assertThat(vm.state()).isEqualTo(PullViewModel.State.CANCELLED);
        assertThat(f.activity.items().get(0).state()).isEqualTo(ActivityItem.State.CANCELLED);
        assertThat(f.calls("images.pull")).isZero();
        vm.edit();
        assertThat(vm.state()).isEqualTo(PullViewModel.State.EDITING);
    }

    @Test
    void aFailedPullSaysWhyInPlainWords() {
        f.state.failNext = null;
        PullViewModel vm = images.newPull("nosuch/image");
        f.state.failAlways = new dev.berth.model.BerthException.Registry("127.0.0.1:5000 has no nosuch/image");
        vm.start();
        f.state.failAlways = null;
        assertThat(vm.state()).isEqualTo(PullViewModel.State.FAILED);
        assertThat(vm.errorProperty().get().title()).isEqualTo("Registry error");
        assertThat(vm.errorProperty().get().message()).isEqualTo("127.0.0.1:5000 has no nosuch/image");
        assertThat(f.activity.items().get(0).state()).isEqualTo(ActivityItem.State.FAILED);
    }

    @Test
    void inAProtectedNamespaceThePullAsksTheSecondTime() {
        Fixture k = new Fixture("moby").attach();
        ImagesViewModel kimages = new ImagesViewModel(k.session, k.executor, k.i18n, k.dialogs, k.guard);
        PullViewModel vm = kimages.newPull("nginx");
        k.dialogs.answer(false);
        assertThat(vm.start()).isFalse();
        assertThat(k.dialogs.asked).containsExactly("danger: moby belongs to dockerd");
        assertThat(k.calls("images.pull")).isZero();
    }
}
