package io.feedbackpipeline.gateway.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A route a browser may call with a feedback token instead of an API key, and the only kind that answers CORS
 * requests. Every other route refuses a token (403), whatever scope it needs: a token sends feedback and nothing else.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface AcceptsFeedbackTokens {}
