package dev.berth.ui.images;

import dev.berth.model.ContainerInfo;
import dev.berth.model.ContainerdEvent;
import dev.berth.model.ImageCheck;
import dev.berth.model.ImageInfo;
import dev.berth.service.ContainerdService;
import dev.berth.ui.common.BackgroundTask;
import dev.berth.ui.common.ChangeGuard;
import dev.berth.ui.common.Details;
import dev.berth.ui.common.DialogService;
import dev.berth.ui.common.Formats;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ResourceListViewModel;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.common.TaskExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;

/** The Images screen: list, details, delete, check for update, and the pull dialogs it opens. */
public final class ImagesViewModel extends ResourceListViewModel<ImageRow> {

    private final DialogService dialogs;
    private final ChangeGuard guard;
    /** Update checks by image name; written on the UI thread, read by loads. */
    private final Map<String, ImageRow.UpdateState> updates = new ConcurrentHashMap<>();
    private final BooleanBinding hasSelection;

    public ImagesViewModel(ServiceSession session, TaskExecutor executor, I18n i18n, DialogService dialogs,
                           ChangeGuard guard) {
        super(session, executor, i18n);
        this.dialogs = dialogs;
        this.guard = guard;
        this.hasSelection = Bindings.isNotEmpty(selection()).and(session.onlineProperty());
    }

    @Override
    protected List<ImageRow> load(ContainerdService service) {
        List<ImageInfo> images = service.images().list();
        Map<String, Integer> users = new HashMap<>();
        for (ContainerInfo c : service.containers().list()) {
            users.merge(c.image(), 1, Integer::sum);
        }
        List<ImageRow> rows = new ArrayList<>(images.size());
        for (ImageInfo i : images) {
            rows.add(ImageRow.of(i, users.getOrDefault(i.name(), 0), updates.get(i.name())));
        }
        return rows;
    }

    @Override
    protected Object key(ImageRow row) {
        return row.name();
    }

    @Override
    protected String searchText(ImageRow row) {
        return row.searchText();
    }

    @Override
    protected boolean isRelevant(ContainerdEvent e) {
        return e.topic().startsWith("/images/") || e.topic().startsWith("/containers/create")
                || e.topic().startsWith("/containers/delete");
    }

    @Override
    protected Details quickDetails(ImageRow row) {
        ImageInfo i = row.info();
        return Details.builder(i.name(), i.digest())
                .section(i18n.tr("images.details.image"))
                .field(i18n.tr("images.column.repository"), row.repository())
                .field(i18n.tr("images.column.tag"), row.tag())
                .field(i18n.tr("images.details.digest"), i.digest())
                .field(i18n.tr("images.details.mediaType"), i.mediaType())
                .field(i18n.tr("images.column.platform"), i.platform())
                .field(i18n.tr("images.column.size"), i.size() < 0 ? i18n.tr("images.size.unknown") : row.sizeText())
                .field(i18n.tr("images.column.created"), Formats.dateTime(i.createdAt()))
                .field(i18n.tr("images.details.updated"), Formats.dateTime(i.updatedAt()))
                .field(i18n.tr("images.details.containers"), Integer.toString(row.containers()))
                .field(i18n.tr("images.details.update"), updateText(row.update()))
                .section(i18n.tr("details.labels"))
                .labels(i.labels())
                .empty(i18n.tr("details.noLabels"))
                .build();
    }

    String updateText(ImageRow.UpdateState s) {
        switch (s) {
            case CHECKING:
                return i18n.tr("images.update.checking");
            case UP_TO_DATE:
                return i18n.tr("images.update.upToDate");
            case AVAILABLE:
                return i18n.tr("images.update.available");
            case FAILED:
                return i18n.tr("images.update.failed");
            default:
                return "";
        }
    }

    public BooleanBinding hasSelectionProperty() {
        return hasSelection;
    }

    /** Deletes the selected images after confirming (twice in k8s.io/moby). */
    public void deleteSelected() {
        List<ImageRow> rows = List.copyOf(selection());
        if (rows.isEmpty() || !session.isOnline()) {
            return;
        }
        String what = rows.size() == 1 ? rows.get(0).name() : i18n.tr("images.delete.many", rows.size());
        boolean used = rows.stream().anyMatch(r -> r.containers() > 0);
        String message = i18n.tr("images.delete.message", what, namespace())
                + (used ? "\n\n" + i18n.tr("images.delete.inUse") : "");
        if (!guard.confirmDestructive(namespace(), i18n.tr("images.delete.title"), message, i18n.tr("common.delete"))) {
            return;
        }
        ContainerdService s = session.require();
        runEach(rows, ImageRow::name, i18n.tr("images.delete.activity", rows.get(0).name()),
                i18n.tr("images.delete.activityMany", rows.size()), r -> s.images().delete(r.name(), false), dialogs);
    }

    /** Asks the registry for each selected image's current digest and marks those with an update. */
    public void checkSelectedForUpdates() {
        List<ImageRow> rows = List.copyOf(selection());
        if (rows.isEmpty() || !session.isOnline()) {
            return;
        }
        ContainerdService s = session.require();
        for (ImageRow r : rows) {
            String name = r.name();
            setUpdate(name, ImageRow.UpdateState.CHECKING);
            BackgroundTask.of(p -> s.images().check(name, false))
                    .title(i18n.tr("images.check.activity", name))
                    .resultText(c -> c.updateAvailable() ? i18n.tr("images.update.available")
                            : i18n.tr("images.update.upToDate"))
                    .onSuccess((ImageCheck c) -> setUpdate(name, c.updateAvailable()
                            ? ImageRow.UpdateState.AVAILABLE : ImageRow.UpdateState.UP_TO_DATE))
                    .onFailure(e -> {
                        setUpdate(name, ImageRow.UpdateState.FAILED);
                        session.reportFailure(e);
                    })
                    .executeWith(executor);
        }
    }

    private void setUpdate(String name, ImageRow.UpdateState state) {
        updates.put(name, state);
        patchRows(r -> r.name().equals(name) ? r.withUpdate(state) : r);
    }

    /** A pull dialog's view model, for this namespace; {@code reference} may be empty. */
    public PullViewModel newPull(String reference) {
        return new PullViewModel(session, executor, i18n, guard, reference, this::refreshSoon);
    }
}
