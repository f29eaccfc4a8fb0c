package io.feedbackpipeline.localstack.postgres;

/**
 * Every password of the local servers ends in {@link #SUFFIX}, and no other text does: a log check can then find a
 * password as a bare value, which it could not if the passwords equalled their role names.
 */
public final class PasswordMark {

    public static final String SUFFIX = "-not-for-production";

    private PasswordMark() {}
}
