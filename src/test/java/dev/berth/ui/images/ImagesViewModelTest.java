package dev.berth.ui.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.ImageCheck;
import dev.berth.model.TaskStatus;
import dev.berth.ui.fake.Fixture;
import org.junit.jupiter.api.Test;

class ImagesViewModelTest {

    private final Fixture f = new Fixture();
    private final ImagesViewModel vm = new ImagesViewModel(f.session, f.executor, f.i18n, f.dialogs, f.guard);

    private ImagesViewModel loaded() {
        f.service.withImage("docker.io/library/nginx:latest").withImage("127.0.0.1:5000/test/busybox:1")
                .withContainer("web", "docker.io/library/nginx:latest", TaskStatus.RUNNING);
        f.attach();
        return vm;
    }

    @Test
    void loadsWhenConnectedWithRepositoryTagAndUsers() {
        loaded();
        assertThat(vm.loadedProperty().get()).isTrue();
        assertThat(vm.rows()).hasSize(2);
        ImageRow nginx = vm.rows().stream().filter(r -> r.name().contains("nginx")).findFirst().orElseThrow();
        assertThat(nginx.repository()).isEqualTo("docker.io/library/nginx");
        assertThat(nginx.tag()).isEqualTo("latest");
        assertThat(nginx.containers()).isEqualTo(1);
        assertThat(nginx.sizeText()).isEqualTo("1.2 MB");
        assertThat(vm.totalProperty().get()).isEqualTo(2);
    }

    @Test
    void referencesSplitIntoRepositoryAndTag() {
        assertThat(ImageRow.splitReference("127.0.0.1:5000/a/b:1")).containsExactly("127.0.0.1:5000/a/b", "1");
        assertThat(ImageRow.splitReference("127.0.0.1:5000/a/b")).containsExactly("127.0.0.1:5000/a/b", "");
        assertThat(ImageRow.splitReference("x/y@sha256:0123456789abcdef0123"))
                .containsExactly("x/y", "sha256:0123456789ab");
    }

    @Test
    void searchFiltersOnNameAndDigest() {
        loaded();
        vm.searchProperty().set("BUSY");
        assertThat(vm.rows()).extracting(ImageRow::name).containsExactly("127.0.0.1:5000/test/busybox:1");
        assertThat(vm.shownProperty().get()).isEqualTo(1);
        vm.searchProperty().set("library latest");
        assertThat(vm.rows()).hasSize(1);
        vm.clearSearch();
        assertThat(vm.rows()).hasSize(2);
    }

    @Test
    void eventsRefreshTheListAndSelectionSurvives() {
        loaded();
        vm.selection().setAll(vm.rows().get(1));
        ImageRow selected = vm.selection().get(0);
        f.service.withImage("docker.io/library/alpine:3");
        f.event("/images/create", "docker.io/library/alpine:3");
        assertThat(vm.rows()).hasSize(3);
        assertThat(vm.selection()).hasSize(1);
        assertThat(vm.selection().get(0)).as("unchanged rows keep their identity").isSameAs(selected);
        assertThat(vm.focusedProperty().get()).isSameAs(selected);
    }

    @Test
    void unrelatedEventsDoNotReload() {
        loaded();
        long before = f.calls("images.list");
        f.event("/tasks/exit", "web");
        assertThat(f.calls("images.list")).isEqualTo(before);
    }

    @Test
    void aRefreshThatChangesNothingDoesNotTouchTheRows() {
        loaded();
        var first = vm.allRows();
        vm.refresh();
        assertThat(vm.allRows()).isSameAs(first);
    }

    @Test
    void detailsShowTheFocusedImage() {
        loaded();
        vm.selection().setAll(vm.rows().get(0));
        assertThat(vm.detailsProperty().get().title()).isEqualTo(vm.rows().get(0).name());
        assertThat(vm.detailsProperty().get().value("Digest")).startsWith("sha256:");
        assertThat(vm.detailsProperty().get().value("Platform")).isEqualTo("linux/amd64");
        vm.selection().clear();
        assertThat(vm.detailsProperty().get()).isNull();
    }

    @Test
    void deleteAsksFirstAndDeletesOnYes() {
        loaded();
        vm.selection().setAll(vm.rows());
        f.dialogs.answer(false);
        vm.deleteSelected();
        assertThat(f.calls("images.delete")).isZero();
        vm.deleteSelected();
        assertThat(f.dialogs.asked).containsExactly("confirm: Delete images", "confirm: Delete images");
        assertThat(f.calls("images.delete")).isEqualTo(2);
        assertThat(vm.rows()).isEmpty();
        assertThat(f.activity.items()).extracting(a -> a.title()).containsExactly("Delete 2 images");
        assertThat(f.activity.items().get(0).messageProperty().get()).isEqualTo("All 2 done");
    }

    @Test
    void deleteInAProtectedNamespaceAsksTwice() {
        Fixture k = new Fixture("k8s.io");
        ImagesViewModel kvm = new ImagesViewModel(k.session, k.executor, k.i18n, k.dialogs, k.guard);
        k.service.withImage("registry.k8s.io/pause:3.9");
        k.attach();
        kvm.selection().setAll(kvm.rows());
        k.dialogs.answer(true, false);
        kvm.deleteSelected();
        assertThat(k.dialogs.asked).containsExactly("confirm: Delete images", "danger: k8s.io belongs to kubelet");
        assertThat(k.calls("images.delete")).isZero();
        kvm.deleteSelected();
        assertThat(k.calls("images.delete")).isEqualTo(1);
    }

    @Test
    void aFailedDeleteShowsTheErrorInPlainWords() {
        loaded();
        vm.selection().setAll(vm.rows().get(0));
        f.state.failNext = new dev.berth.model.BerthException.FailedPrecondition("image is in use by a running task");
        vm.deleteSelected();
        assertThat(f.dialogs.errors).hasSize(1);
        assertThat(f.dialogs.errors.get(0)).contains("image is in use by a running task");
    }

    @Test
    void checkForUpdateMarksTheRow() {
        loaded();
        ImageRow r = vm.rows().get(0);
        vm.selection().setAll(r);
        f.state.checkResult = new ImageCheck(r.name(), r.info().digest(), "sha256:newer");
        vm.checkSelectedForUpdates();
        assertThat(vm.rows().get(0).update()).isEqualTo(ImageRow.UpdateState.AVAILABLE);
        assertThat(vm.updateText(vm.rows().get(0).update())).isEqualTo("Update available");
        vm.refresh();
        assertThat(vm.rows().get(0).update()).as("kept across refreshes").isEqualTo(ImageRow.UpdateState.AVAILABLE);
        assertThat(f.activity.items().get(0).messageProperty().get()).isEqualTo("Update available");
    }

    @Test
    void aLoadFailureShowsAnErrorAndKeepsTheRows() {
        loaded();
        f.state.failNext = new dev.berth.model.BerthException.Internal("boom");
        vm.refresh();
        assertThat(vm.loadErrorProperty().get()).isNotNull();
        assertThat(vm.loadErrorProperty().get().message()).isEqualTo("boom");
        assertThat(vm.rows()).hasSize(2);
        vm.refresh();
        assertThat(vm.loadErrorProperty().get()).isNull();
    }

    @Test
    void switchingNamespaceClearsAndReloads() {
        loaded();
        f.session.attach(f.service.withNamespace("other"));
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.loadedProperty().get()).isTrue();
    }
}
