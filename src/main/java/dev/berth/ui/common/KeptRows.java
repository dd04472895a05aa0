package dev.berth.ui.common;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A list's rows of namespaces other than the one shown: those it showed before a switch and those it
 * read ahead. Rows stay only while no event of their namespace may have changed them; all go when
 * the connection drops (events may be missed). At most {@code limit} rows in all, the oldest kept
 * going first. UI thread only.
 */
final class KeptRows<R> {

    /** A read-ahead under way: its rows are kept only if nothing changed in the namespace meanwhile. */
    record Ticket(String namespace, long changes, long epoch) {
    }

    private final int limit;
    private final Map<String, List<R>> rows = new LinkedHashMap<>();
    private final Map<String, Long> changes = new HashMap<>();
    private final Deque<String> wanted = new ArrayDeque<>();
    private boolean enabled = true;
    private String reading;
    private long epoch;

    KeptRows(int limit) {
        this.limit = limit;
    }

    boolean enabled() {
        return enabled;
    }

    void setEnabled(boolean value) {
        enabled = value;
        if (!value) {
            forgetAll();
        }
    }

    /** Keeps {@code list} as the rows of {@code namespace} (dropping the oldest others if there are too many). */
    void keep(String namespace, List<R> list) {
        rows.remove(namespace);
        if (!enabled || list.size() > limit) {
            return;
        }
        int total = list.size();
        for (List<R> l : rows.values()) {
            total += l.size();
        }
        for (Iterator<List<R>> it = rows.values().iterator(); total > limit && it.hasNext(); ) {
            total -= it.next().size();
            it.remove();
        }
        rows.put(namespace, list);
    }

    /** The kept rows of {@code namespace}, no longer kept (they are the list's own now); null if none. */
    List<R> take(String namespace) {
        return rows.remove(namespace);
    }

    /** An event of {@code namespace} may change its rows. */
    void changed(String namespace) {
        rows.remove(namespace);
        changes.merge(namespace, 1L, Long::sum);
    }

    void forgetAll() {
        rows.clear();
        wanted.clear();
        epoch++;
    }

    /** To be read ahead, unless kept or being read. */
    void want(String namespace) {
        if (enabled && !rows.containsKey(namespace) && !wanted.contains(namespace) && !namespace.equals(reading)) {
            wanted.add(namespace);
        }
    }

    /** The next namespace to read ahead (not the one shown, not kept meanwhile), or null. */
    String nextWanted(String shown) {
        while (!wanted.isEmpty()) {
            String ns = wanted.poll();
            if (!ns.equals(shown) && !rows.containsKey(ns)) {
                return ns;
            }
        }
        return null;
    }

    void unwantAll() {
        wanted.clear();
    }

    String reading() {
        return reading;
    }

    Ticket startReading(String namespace) {
        reading = namespace;
        return new Ticket(namespace, changes.getOrDefault(namespace, 0L), epoch);
    }

    /** A read-ahead ended: its rows (null when it failed) are kept if still current and not shown now. */
    void finishReading(Ticket t, List<R> list, String shown) {
        reading = null;
        if (list != null && enabled && t.epoch() == epoch && changes.getOrDefault(t.namespace(), 0L) == t.changes()
                && !t.namespace().equals(shown)) {
            keep(t.namespace(), list);
        }
    }

    /** Whether an event of the ticket's namespace came since its read began, or the connection dropped. */
    boolean changedSince(Ticket t) {
        return t.epoch() != epoch || changes.getOrDefault(t.namespace(), 0L) != t.changes();
    }

    /** The read-ahead ended and its rows went to the list itself (the user switched to its namespace). */
    void readingTaken() {
        reading = null;
    }

    Set<String> namespaces() {
        return Set.copyOf(rows.keySet());
    }
}
