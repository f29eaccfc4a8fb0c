package io.feedbackpipeline.merge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Folds a consumer batch to one winner per key before anything is written: a later write for the same key replaces
 * an earlier one only if its version is strictly greater. Versions are totally ordered and an equal version is the
 * same item, so the winners do not depend on the order, duplication or batching of the input, and applying them
 * with the same guard in SQL gives the same state as applying every write one by one.
 */
public final class Merge {

    private Merge() {}

    public static List<FeedbackWrite> feedback(Collection<FeedbackWrite> writes) {
        return fold(writes, FeedbackWrite::key, FeedbackWrite::supersedes);
    }

    public static List<LogWrite> logs(Collection<LogWrite> writes) {
        return fold(writes, LogWrite::key, LogWrite::supersedes);
    }

    /**
     * Winners sorted by key, the order in which the projection locks and writes rows. Folded in a hash map and
     * sorted once: a batch holds up to 100,000 items, and a sorted map paid a key comparison per level per item.
     */
    private static <K extends Comparable<K>, W> List<W> fold(
            Collection<W> writes, Function<W, K> key, BiPredicate<W, W> supersedes) {
        Map<K, W> winners = new HashMap<>(Math.max(16, writes.size() * 4 / 3 + 1));
        for (W write : writes) {
            winners.merge(
                    key.apply(write),
                    write,
                    (stored, candidate) -> supersedes.test(candidate, stored) ? candidate : stored);
        }
        List<W> sorted = new ArrayList<>(winners.values());
        sorted.sort((a, b) -> key.apply(a).compareTo(key.apply(b)));
        return List.copyOf(sorted);
    }
}
