package io.feedbackpipeline.merge;

import io.feedbackpipeline.schemas.CompletionLogged;

/** One validated completion log event. */
public record LogWrite(LogKey key, LogVersion version, Origin origin, CompletionLogged log) {

    public boolean supersedes(LogWrite stored) {
        int byVersion = version.compareTo(stored.version);
        return byVersion > 0 || (byVersion == 0 && origin.compareTo(stored.origin) < 0);
    }
}
