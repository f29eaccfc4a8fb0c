package io.feedbackpipeline.gateway.http;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat refuses some requests before the application sees them (a NUL or an encoded slash in the path, an
 * invalid request line, headers over the limit) and would answer with an HTML page. This valve answers them as
 * problem+json like every other refusal, through the same writer, without internals.
 */
class ProblemErrorReportValve extends ErrorReportValve {

    private final ProblemWriter writer;

    ProblemErrorReportValve(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String detail = status == 400
                ? "The request was refused before it reached the API: its path, request line or headers are"
                        + " malformed (for example a NUL or an encoded slash in the path). Nothing was published."
                : "The request was refused before it reached the API. Nothing was published.";
        HttpStatus known = HttpStatus.resolve(status);
        Problem problem = Problem.of(known != null ? known : HttpStatus.BAD_REQUEST, "malformed-request", detail);
        try {
            byte[] body = writer.bytes(problem, null);
            response.setContentType(ProblemWriter.MEDIA_TYPE);
            response.setContentLength(body.length);
            OutputStream out = response.getOutputStream();
            out.write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the response already committed; there is no one left to tell.
        }
    }
}
