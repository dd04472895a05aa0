package dev.berth.ui.common;

import dev.berth.model.ContainerdEvent;
import dev.berth.service.ContainerdService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

/**
 * What every list screen shares: rows loaded in the background and applied in one {@code setAll},
 * a search filter, a selection that survives refreshes, a details pane for the focused row, and
 * live updates from containerd's events, coalesced by a {@link RefreshLoop} (at most one load every
 * 250 ms). Rows are immutable records carrying their display strings, so nothing heavy happens per
 * row on the UI thread; unchanged rows keep their identity across refreshes.
 *
 * @param <R> the row type (a record: equals tells whether a row changed)
 */
public abstract class ResourceListViewModel<R> {

    public static final Duration MIN_REFRESH_INTERVAL = Duration.ofMillis(250);
    /** While the list is not on screen it still follows events (for the counts), but more slowly. */
    public static final Duration HIDDEN_REFRESH_INTERVAL = Duration.ofSeconds(3);
    /** At most this many rows of other namespaces are kept (about 50 MB of containers). */
    private static final int KEPT_ROWS_LIMIT = 20_000;
    /** After a switch that showed kept rows, the list is read again this much later. */
    static final Duration KEPT_ROWS_CHECK = Duration.ofSeconds(1);
    /** Other namespaces are read ahead no sooner than this after a connect or a switch. */
    static final Duration READ_AHEAD_DELAY = Duration.ofSeconds(1);

    protected final ServiceSession session;
    protected final TaskExecutor executor;
    protected final I18n i18n;

    private final ObservableList<R> source = FXCollections.observableArrayList();
    private final FilteredList<R> filtered = new FilteredList<>(source, r -> true);
    private final SortedList<R> sorted = new SortedList<>(filtered);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ObservableList<R> selection = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<R> focused = new ReadOnlyObjectWrapper<>(this, "focused");
    private final ReadOnlyObjectWrapper<Details> details = new ReadOnlyObjectWrapper<>(this, "details");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");
    private final ReadOnlyBooleanWrapper applying = new ReadOnlyBooleanWrapper(this, "applying");
    private final ReadOnlyObjectWrapper<UserError> loadError = new ReadOnlyObjectWrapper<>(this, "loadError");
    private final ReadOnlyIntegerWrapper total = new ReadOnlyIntegerWrapper(this, "total");
    private final ReadOnlyIntegerWrapper shown = new ReadOnlyIntegerWrapper(this, "shown");
    private final RefreshLoop refresher;
    private final ChangeRunner changes;
    private final javafx.beans.property.BooleanProperty active = new javafx.beans.property.SimpleBooleanProperty(this,
            "active", true);
    private boolean stale;

    private List<R> current = List.of();
    private final KeptRows<R> kept = new KeptRows<>(KEPT_ROWS_LIMIT);
    /** The service whose rows the read-ahead under way will bring, after a switch to its namespace. */
    private ContainerdService adopting;
    /** When the current service was attached (a connect or a switch); read-ahead waits a moment after it. */
    private long attachedAt = System.nanoTime();
    private long loadGeneration;
    /** Rows read before the first load (see {@link #prefetch}); {@link #CLOSED} once that load started. */
    private final java.util.concurrent.atomic.AtomicReference<Object> prefetched = new java.util.concurrent.atomic.AtomicReference<>();
    private static final Object CLOSED = new Object();
    private TaskHandle detailsTask = TaskHandle.DONE;

    protected ResourceListViewModel(ServiceSession session, TaskExecutor executor, I18n i18n) {
        this.session = session;
        this.executor = executor;
        this.i18n = i18n;
        this.refresher = new RefreshLoop(executor, MIN_REFRESH_INTERVAL, this::startLoad);
        this.changes = new ChangeRunner(executor, i18n, session, refresher::request);
        refresher.setMinInterval(() -> active.get() ? MIN_REFRESH_INTERVAL : HIDDEN_REFRESH_INTERVAL);
        active.addListener((o, a, b) -> {
            if (b && stale) {
                refresher.requestNow();
            }
        });
        search.addListener((o, a, b) -> filtered.setPredicate(matcher(b)));
        filtered.addListener((javafx.collections.ListChangeListener<R>) c -> shown.set(filtered.size()));
        selection.addListener((javafx.collections.ListChangeListener<R>) c ->
                focused.set(selection.isEmpty() ? null : selection.get(0)));
        focused.addListener((o, a, b) -> loadDetails(b));
        session.serviceProperty().addListener((o, a, b) -> serviceChanged(a, b));
        session.onEvents(this::eventsArrived);
        session.onlineProperty().addListener((o, a, b) -> {
            if (b) {
                if (active.get()) {
                    refresher.requestNow();
                } else {
                    loadAfterForeground(session.service());
                }
            } else {
                // events may be missed while offline: rows kept for other namespaces are no longer known to be current
                kept.forgetAll();
            }
        });
        session.onEventsElsewhere(events -> {
            for (ContainerdEvent e : events) {
                if (isRelevant(e)) {
                    kept.changed(e.namespace());
                }
            }
        });
    }

    // ---- what each list defines

    /** Loads all rows; runs on a background thread. */
    protected abstract List<R> load(ContainerdService service) throws Exception;

    /** The identity of a row across refreshes (an id, a name). */
    protected abstract Object key(R row);

    /** The lower-case text the search box looks in. */
    protected abstract String searchText(R row);

    /** Whether an event may change this list. */
    protected abstract boolean isRelevant(ContainerdEvent event);

    /** Details the row itself can give (UI thread, cheap). */
    protected abstract Details quickDetails(R row);

    /** Fuller details that need the service (background thread), or null when the quick ones are all. */
    protected Details fullDetails(R row, ContainerdService service) throws Exception {
        return null;
    }

    // ---- properties for the view

    /** The rows as the table shows them: filtered by the search box, sorted by the view's comparator. */
    public SortedList<R> rows() {
        return sorted;
    }

    public List<R> allRows() {
        return current;
    }

    /** True while the list is on screen: it then refreshes at most every 250 ms, else every 3 s. */
    public javafx.beans.property.BooleanProperty activeProperty() {
        return active;
    }

    public StringProperty searchProperty() {
        return search;
    }

    /** The table's selection, mirrored here by the view. */
    public ObservableList<R> selection() {
        return selection;
    }

    public ReadOnlyObjectProperty<R> focusedProperty() {
        return focused.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Details> detailsProperty() {
        return details.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** True once the first load of the current namespace is in. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** True while a refresh replaces the rows; the view ignores the table's selection events then. */
    public ReadOnlyBooleanProperty applyingProperty() {
        return applying.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<UserError> loadErrorProperty() {
        return loadError.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }

    public String namespace() {
        return session.namespace();
    }

    public ServiceSession session() {
        return session;
    }

    // ---- commands

    /** Reloads now (F5). */
    public void refresh() {
        refresher.requestNow();
    }

    /** Reloads soon, coalesced with other requests. */
    public void refreshSoon() {
        refresher.request();
    }

    /** Forgets the rows and loads again (what the list shows changed, e.g. another snapshotter). */
    protected void resetAndReload() {
        loadGeneration++;
        current = List.of();
        selection.clear();
        source.clear();
        total.set(0);
        loaded.set(false);
        loadError.set(null);
        refresher.requestNow();
    }

    public void clearSearch() {
        search.set("");
    }

    /**
     * Reads the rows of {@code service}'s namespace now, on the calling (background) thread, for the
     * first load to show at once: at start-up the console reads the first page's rows while the
     * window is being built, and the first frame has them. That load still reads the rows again (the
     * events subscription starts with it) and applies what changed meanwhile. A prefetch that ends
     * after the first load started, or fails, is dropped.
     */
    public void prefetch(ContainerdService service) {
        if (prefetched.get() != null) {
            return;
        }
        try {
            List<R> rows = List.copyOf(load(service));
            prefetched.compareAndSet(null, new Prefetched<>(service.namespace(), rows));
        } catch (Exception e) {
            // the first load reads them again and reports what is wrong
        }
    }

    private record Prefetched<R>(String namespace, List<R> rows) {
    }

    /**
     * Reads ahead the rows of other namespaces (those of {@code namespaces} not kept yet), one after
     * the other, once the list on screen has its rows and no sooner than a second after a connect or
     * a switch; only while this list is on screen. A switch to one of them then shows its rows at
     * once. Called when the namespace list is read (after a connect, when the switcher opens). Rows
     * are kept only while no event of their namespace changes them.
     */
    public void readAhead(java.util.Collection<String> namespaces) {
        if (!kept.enabled() || !active.get()) {
            return;
        }
        ContainerdService s = session.service();
        if (s == null || !session.isOnline()) {
            return;
        }
        for (String ns : namespaces) {
            if (!ns.equals(s.namespace())) {
                kept.want(ns);
            }
        }
        // not at once after a connect: the window is drawing its first frames then, and reading
        // 10,000 containers (the daemon's CPU and ours) on two cores delayed them by half a second.
        // Later (the switcher opened) at once: the user is about to pick one.
        long since = System.nanoTime() - attachedAt;
        Duration wait = since >= READ_AHEAD_DELAY.toNanos() ? Duration.ZERO : READ_AHEAD_DELAY.minusNanos(since);
        executor.schedule(wait, () -> session.whenForegroundIdle(this::readAheadNext));
    }

    /** Whether rows of other namespaces are kept and read ahead (on unless {@code berth.keepNamespaces=false}). */
    public void setKeepOtherNamespaces(boolean keep) {
        kept.setEnabled(keep);
    }

    /** Namespaces whose rows are kept now (for tests and the benchmark's report). */
    public java.util.Set<String> keptNamespaces() {
        return kept.namespaces();
    }

    private void readAheadNext() {
        if (kept.reading() != null) {
            return;
        }
        ContainerdService base = session.service();
        String ns = kept.nextWanted(base == null ? null : base.namespace());
        if (ns == null || base == null || !session.isOnline() || !active.get()) {
            kept.unwantAll();
            return;
        }
        ContainerdService target;
        try {
            target = base.withNamespace(ns);
        } catch (RuntimeException e) {
            readAheadNext();
            return;
        }
        KeptRows.Ticket ticket = kept.startReading(ns);
        BackgroundTask.of(p -> List.copyOf(load(target)))
                .onSuccess(rows -> {
                    if (adoptingRead(ns)) {
                        adopted(ticket, rows);
                    } else {
                        kept.finishReading(ticket, rows, session.namespace());
                    }
                })
                .onFailure(e -> {
                    kept.finishReading(ticket, null, session.namespace());
                    if (adoptingRead(ns)) {
                        stopAdopting();
                        refresher.requestNow();
                    }
                })
                .onFinished(() -> session.whenForegroundIdle(this::readAheadNext))
                .executeWith(executor);
    }

    /**
     * The user switched to the namespace being read ahead: that read becomes the list's load instead
     * of a second one beside it (two reads of 10,000 containers shared two cores and the daemon).
     */
    private void adopt(ContainerdService s) {
        adopting = s;
        loading.set(true);
        session.foregroundLoadStarted();
    }

    /** Whether the list waits for the read-ahead of {@code ns}, the namespace it shows now. */
    private boolean adoptingRead(String ns) {
        return adopting != null && adopting.namespace().equals(ns) && session.service() == adopting;
    }

    private void adopted(KeptRows.Ticket ticket, List<R> rows) {
        kept.readingTaken();
        stopAdopting();
        show(rows);
        if (kept.changedSince(ticket)) {
            refresher.requestNow(); // an event of the namespace came while it was read
        }
    }

    private void stopAdopting() {
        if (adopting != null) {
            adopting = null;
            loading.set(false);
            session.foregroundLoadFinished();
        }
    }

    // ---- internals

    private void serviceChanged(ContainerdService before, ContainerdService after) {
        attachedAt = System.nanoTime();
        stopAdopting();
        boolean otherNamespace = before == null || after == null || !before.namespace().equals(after.namespace());
        List<R> keptRows = null;
        if (otherNamespace) {
            if (before != null && loaded.get() && !stale && !loading.get() && loadError.get() == null
                    && session.isOnline()) {
                kept.keep(before.namespace(), current);
            }
            keptRows = after == null ? null : kept.take(after.namespace());
            loadGeneration++;
            current = List.of();
            selection.clear();
            source.clear();
            total.set(0);
            loaded.set(false);
        }
        loadError.set(null);
        if (keptRows != null) {
            // no event changed them since they were read: shown now, read again a little later (an
            // event on its way during the switch), when the first frame with them is drawn
            show(keptRows);
            executor.schedule(KEPT_ROWS_CHECK, () -> {
                if (session.service() == after) {
                    refresher.request();
                }
            });
            return;
        }
        if (after != null && otherNamespace && active.get() && after.namespace().equals(kept.reading())) {
            adopt(after);
            return;
        }
        if (after != null) {
            if (active.get() || !otherNamespace) {
                refresher.requestNow();
            } else {
                loadAfterForeground(after);
            }
        }
    }

    /**
     * Not on screen: loads once the list on screen has its rows. Scheduled, so that the list on
     * screen, told of the change after this one perhaps, has started its load by then.
     */
    private void loadAfterForeground(ContainerdService expected) {
        stale = true;
        executor.schedule(Duration.ZERO, () -> session.whenForegroundIdle(() -> {
            if (stale && session.service() == expected) {
                refresher.request();
            }
        }));
    }

    private void eventsArrived(List<ContainerdEvent> events) {
        for (ContainerdEvent e : events) {
            if (isRelevant(e)) {
                stale = true;
                refresher.request();
                return;
            }
        }
    }

    private void startLoad() {
        ContainerdService s = session.service();
        if (s == null || !session.isOnline()) {
            refresher.finished();
            return;
        }
        stopAdopting(); // a load of its own supersedes the read-ahead it waited for
        long gen = ++loadGeneration;
        Object early = prefetched.getAndSet(CLOSED);
        if (early instanceof Prefetched<?> p && p.namespace().equals(s.namespace()) && current.isEmpty()
                && !loaded.get()) {
            @SuppressWarnings("unchecked")
            List<R> rows = (List<R>) p.rows();
            show(rows);
        }
        List<R> before = current;
        stale = false;
        loading.set(true);
        boolean foreground = active.get();
        if (foreground) {
            session.foregroundLoadStarted();
        }
        BackgroundTask.of(p -> diff(before, load(s)))
                .onSuccess(next -> {
                    if (gen == loadGeneration) {
                        show(next);
                    }
                })
                .onFailure(e -> {
                    if (gen == loadGeneration) {
                        loadError.set(UserError.of(e, i18n));
                    }
                    session.reportFailure(e);
                })
                .onFinished(() -> {
                    loading.set(false);
                    if (foreground) {
                        session.foregroundLoadFinished();
                    }
                    refresher.finished();
                })
                .executeWith(executor);
    }

    /** The new rows, reusing the old instances of unchanged rows; null when nothing changed. */
    private List<R> diff(List<R> before, List<R> loaded) {
        Map<Object, R> old = new HashMap<>(before.size() * 2);
        for (R r : before) {
            old.put(key(r), r);
        }
        List<R> out = new ArrayList<>(loaded.size());
        boolean same = before.size() == loaded.size();
        for (int i = 0; i < loaded.size(); i++) {
            R n = loaded.get(i);
            R o = old.get(key(n));
            R use = o != null && o.equals(n) ? o : n;
            out.add(use);
            if (same && before.get(i) != use) {
                same = false;
            }
        }
        return same ? null : List.copyOf(out);
    }

    /** The namespace's rows are in: {@code rows} (null: the ones shown are still right). */
    private void show(List<R> rows) {
        loadError.set(null);
        loaded.set(true);
        if (rows != null) {
            apply(rows);
        }
    }

    /** Replaces rows by {@code change} (e.g. a mark on one row) without a reload. */
    protected void patchRows(java.util.function.UnaryOperator<R> change) {
        List<R> next = new ArrayList<>(current.size());
        boolean changed = false;
        for (R r : current) {
            R n = change.apply(r);
            changed |= n != r;
            next.add(n);
        }
        if (changed) {
            apply(List.copyOf(next));
        }
    }

    private void apply(List<R> next) {
        List<Object> keys = new ArrayList<>(selection.size());
        for (R r : selection) {
            keys.add(key(r));
        }
        applying.set(true);
        try {
            current = next;
            source.setAll(next);
            total.set(next.size());
            List<R> reselect = new ArrayList<>();
            if (!keys.isEmpty()) {
                Map<Object, R> byKey = new HashMap<>();
                for (R r : next) {
                    byKey.put(key(r), r);
                }
                for (Object k : keys) {
                    R r = byKey.get(k);
                    if (r != null) {
                        reselect.add(r);
                    }
                }
            }
            selection.setAll(reselect);
        } finally {
            applying.set(false);
        }
    }

    private void loadDetails(R row) {
        detailsTask.cancel();
        if (row == null) {
            details.set(null);
            return;
        }
        details.set(quickDetails(row));
        ContainerdService s = session.service();
        if (s == null || !session.isOnline()) {
            return;
        }
        detailsTask = BackgroundTask.of(p -> fullDetails(row, s))
                .onSuccess(d -> {
                    if (d != null && focused.get() == row) {
                        details.set(d);
                    }
                })
                .onFailure(e -> session.reportFailure(e))
                .executeWith(executor);
    }

    static <R> Predicate<R> matcherFor(String text, java.util.function.Function<R, String> haystack) {
        if (text == null || text.isBlank()) {
            return r -> true;
        }
        String[] terms = text.toLowerCase(Locale.ROOT).trim().split("\\s+");
        return r -> {
            String h = haystack.apply(r);
            for (String t : terms) {
                if (!h.contains(t)) {
                    return false;
                }
            }
            return true;
        };
    }

    private Predicate<R> matcher(String text) {
        return matcherFor(text, this::searchText);
    }

    /**
     * Applies {@code step} to each item: one item is one activity; several are one activity with a
     * progress bar ("Delete 120 containers"), going on past failures and listing them at the end.
     */
    protected <X> void runEach(List<X> items, java.util.function.Function<X, String> name, String titleOne,
                               String titleMany, ChangeRunner.Step<X> step, DialogService dialogs) {
        changes.each(items, name, titleOne, titleMany, step, dialogs);
    }

    /** Runs a change in the background with the current service; failures go to the dialog and the connection. */
    protected <T> TaskHandle runChange(String title, BackgroundTask.Work<T> work, java.util.function.Consumer<T> then,
                                       DialogService dialogs) {
        return changes.run(title, work, then, dialogs);
    }
}
