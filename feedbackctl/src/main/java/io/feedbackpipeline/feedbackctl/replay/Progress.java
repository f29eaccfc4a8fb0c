package io.feedbackpipeline.feedbackctl.replay;

import java.io.PrintWriter;

/** A progress line, redrawn at most once a second: records done/total, rate and time left. */
final class Progress {

    private final PrintWriter out;
    private final long total;
    private final long began = System.nanoTime();
    private long lastDrawn;
    private long done;

    Progress(PrintWriter out, long total) {
        this.out = out;
        this.total = total;
    }

    void advance(long records) {
        done += records;
        long now = System.nanoTime();
        if (now - lastDrawn >= 1_000_000_000L || done >= total) {
            lastDrawn = now;
            double seconds = Math.max(1e-3, (now - began) / 1e9);
            double rate = done / seconds;
            long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
            out.printf(
                    "\rreplay: %,d/%,d records (%d%%), %,.0f records/s, ETA %d s   ",
                    done, total, total == 0 ? 100 : done * 100 / total, rate, eta);
            out.flush();
        }
    }

    double seconds() {
        return (System.nanoTime() - began) / 1e9;
    }
}
