package io.feedbackpipeline.jsoncontract;

import java.util.ArrayList;
import java.util.List;

/** Collects every violation of a request, so one answer lists all of them. */
public final class Violations {

    private final List<Violation> found = new ArrayList<>();

    public void add(Violation violation) {
        found.add(violation);
    }

    public void add(String field, String reason) {
        found.add(Violation.of(field, reason));
    }

    public void atItem(int index, String field, String reason) {
        found.add(Violation.atItem(index, field, reason));
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<Violation> list() {
        return List.copyOf(found);
    }

    /** Refuses the whole request (nothing is published) when anything was found. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InvalidRequestException(List.copyOf(found));
        }
    }
}
