package dev.berth.app.settings;

/** Where the main window was and how large, to open it there again. */
public record WindowBounds(double x, double y, double width, double height, boolean maximized) {

    public static final double MIN_WIDTH = 900;
    public static final double MIN_HEIGHT = 560;

    /** Null unless every number is finite and the size at least the window's minimum. */
    static WindowBounds checked(double x, double y, double width, double height, boolean maximized) {
        boolean finite = Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(width) && Double.isFinite(height);
        if (!finite || width < MIN_WIDTH || height < MIN_HEIGHT || width > 100_000 || height > 100_000) {
            return null;
        }
        return new WindowBounds(x, y, width, height, maximized);
    }
}
