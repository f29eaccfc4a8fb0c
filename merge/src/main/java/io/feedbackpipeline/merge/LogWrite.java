package io.feedbackpipeline.merge;

import io.feedbackpipeline.schemas.CompletionLogged;

/** One validated completion log event. */
public record LogWrite(LogKey key, LogVersion version, Origin origin, CompletionLogged log) {

    /** Only a strictly greater version replaces a stored log; the same event again changes nothing. */
    public boolean supersedes(LogWrite stored) {
        return version.compareTo(stored.version) > 0;
    }
}
