package io.feedbackpipeline.gateway.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every failure that reaches Spring MVC, ours and its own, answered as problem+json through {@link Problem#of} and
 * {@link ProblemWriter}: the same mapping and the same writer as refusals made outside it.
 */
@RestControllerAdvice
class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private final ProblemWriter writer;

    ProblemResponses(ProblemWriter writer) {
        this.writer = writer;
    }

    @ExceptionHandler(Exception.class)
    void refuse(Exception failure, HttpServletRequest request, HttpServletResponse response) {
        Problem problem = Problem.of(failure);
        if (problem.isServerFault()) {
            log.error("Unexpected failure", failure);
        } else if (failure instanceof DataAccessException database) {
            log.warn(
                    "The database could not serve a request: {}",
                    database.getMostSpecificCause().toString());
        }
        writer.write(response, problem, request.getRequestURI());
    }
}
