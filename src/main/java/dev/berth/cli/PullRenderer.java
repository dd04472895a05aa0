package dev.berth.cli;

import dev.berth.model.PullProgress;
import dev.berth.model.PullProgress.LayerState;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Draws a pull's progress: a bar per layer redrawn in place on a terminal, or one plain line per
 * state change otherwise (logs, pipes).
 */
final class PullRenderer implements Consumer<PullProgress> {

    private static final int BAR = 30;
    private final PrintWriter out;
    private final boolean terminal;
    private final Map<String, LayerState> lastStates = new HashMap<>();
    private int drawnLines;

    PullRenderer(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void accept(PullProgress p) {
        if (terminal) {
            draw(p);
        } else {
            plain(p);
        }
    }

    private void draw(PullProgress p) {
        StringBuilder sb = new StringBuilder();
        if (drawnLines > 0) {
            sb.append("\033[").append(drawnLines).append('F');
        }
        int lines = 0;
        for (PullProgress.Layer l : p.layers()) {
            sb.append("\033[2K").append(shortDigest(l.digest())).append(' ').append(bar(l.fraction())).append(' ')
                    .append(String.format(Locale.ROOT, "%-15s", l.state().name().toLowerCase(Locale.ROOT).replace('_', ' ')))
                    .append(Output.size(l.done())).append(" / ").append(Output.size(l.size())).append('\n');
            lines++;
        }
        sb.append("\033[2K").append(String.format(Locale.ROOT, "%-12s", p.phase().name().toLowerCase(Locale.ROOT)))
                .append(bar(p.fraction())).append(' ').append(Output.size(p.doneBytes())).append(" / ")
                .append(Output.size(p.totalBytes()));
        if (p.bytesPerSecond() > 0 && p.phase() == PullProgress.Phase.FETCHING) {
            sb.append("  ").append(Output.size((long) p.bytesPerSecond())).append("/s");
        }
        sb.append('\n');
        lines++;
        drawnLines = lines;
        out.print(sb);
        out.flush();
    }

    private void plain(PullProgress p) {
        for (PullProgress.Layer l : p.layers()) {
            if (lastStates.put(l.digest(), l.state()) != l.state()) {
                out.println(shortDigest(l.digest()) + " " + l.state().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + " " + Output.size(l.size()));
            }
        }
        if (lastStates.put("phase", null) == null && p.phase() != null) {
            lastStates.put("phase", null);
        }
        out.flush();
    }

    private static String bar(double fraction) {
        int filled = (int) Math.round(fraction * BAR);
        return "[" + "=".repeat(filled) + " ".repeat(BAR - filled) + "]";
    }

    static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        String hex = colon >= 0 ? digest.substring(colon + 1) : digest;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
