package io.feedbackpipeline.feedbackctl.export;

import java.io.PrintWriter;

/** A progress line on standard error, redrawn at most once a second: done/total, rate and time left. */
final class ExportProgress {

    private final PrintWriter err;
    private final String unit;
    private final long total;
    private final long began = System.nanoTime();
    private long lastDrawn = began;
    private long done;

    ExportProgress(PrintWriter err, String unit, long total) {
        this.err = err;
        this.unit = unit;
        this.total = total;
    }

    void advance(long count) {
        done += count;
        if ((done & 1023) == 0) {
            long now = System.nanoTime();
            if (now - lastDrawn >= 1_000_000_000L) {
                lastDrawn = now;
                draw(now);
            }
        }
    }

    void finish() {
        draw(System.nanoTime());
        err.println();
    }

    private void draw(long now) {
        double seconds = Math.max(1e-3, (now - began) / 1e9);
        double rate = done / seconds;
        long left = rate > 0 ? Math.round(Math.max(0, total - done) / rate) : 0;
        err.printf(
                "\rexport: %,d/%,d %s (%d%%), %,.0f %s/s, ETA %d s   ",
                done, total, unit, total == 0 ? 100 : Math.min(100, done * 100 / total), rate, unit, left);
        err.flush();
    }
}
