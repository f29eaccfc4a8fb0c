package io.feedbackpipeline.gateway.paradigm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.catalog.FeedbackType;
import io.feedbackpipeline.gateway.auth.Callers;
import io.feedbackpipeline.gateway.feedback.FeedbackTypeCatalog;
import io.feedbackpipeline.gateway.feedback.Submission;
import io.feedbackpipeline.gateway.feedback.SubmitFeedback;
import io.feedbackpipeline.gateway.http.HttpParts;
import io.feedbackpipeline.gateway.idempotency.EventIdentity;
import io.feedbackpipeline.gateway.publish.BrokerUnconfirmed;
import io.feedbackpipeline.jsoncontract.FeedbackInput;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * Paradigm's rating route as a slice, no servers: the three body encodings mean the same feedback, what Paradigm's
 * own server ignores is ignored, and every refusal's status. Publishing is the part left out (tested on the real
 * broker by ParadigmApiIT).
 */
class ParadigmRateControllerTest {

    private static final UUID PROJECT = UUID.randomUUID();
    private static final FeedbackType THUMBS =
            new FeedbackType(1, null, "positive_rating", FeedbackKind.BOOLEAN, null, null);
    private static final FeedbackType STARS = new FeedbackType(100, PROJECT, "stars", FeedbackKind.NUMERIC, 1.0, 5.0);
    private static final FeedbackType FOREIGN =
            new FeedbackType(101, UUID.randomUUID(), "theirs", FeedbackKind.TEXT, null, null);

    private final SubmitFeedback submit = mock(SubmitFeedback.class);
    private final FeedbackTypeCatalog types = mock(FeedbackTypeCatalog.class);
    private MockMvc mvc;

    @BeforeEach
    void slice() {
        when(types.find(1)).thenReturn(Optional.of(THUMBS));
        when(types.find(100)).thenReturn(Optional.of(STARS));
        when(types.find(101)).thenReturn(Optional.of(FOREIGN));
        when(types.find(999)).thenReturn(Optional.empty());
        when(submit.submit(any(), any()))
                .thenReturn(CompletableFuture.completedFuture(new EventIdentity(UUID.randomUUID(), Instant.now())));
        ParadigmRateController controller = new ParadigmRateController(
                types, HttpParts.jsonBodies(), submit, HttpParts.directAnswers(), HttpParts.tolerantReading());
        mvc = MockMvcBuilders.standaloneSetup(controller)
                .setControllerAdvice(HttpParts.problemResponses())
                .setCustomArgumentResolvers(Callers.resolving(Callers.of(PROJECT, Set.of(ApiKeyScope.INGEST))))
                .build();
    }

    @Test
    @DisplayName("JSON, form-urlencoded and multipart bodies mean the same feedback; display_value is ignored")
    void threeEncodingsOneMeaning() throws Exception {
        FeedbackInput json = sent(post("/api/v2/rate/100/c-1")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"value\": 4, \"comment\": \"good\", \"tag\": \"tone\", \"display_value\": 9}"));
        FeedbackInput form = sent(post("/api/v2/rate/100/c-1")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("value=4&comment=good&tag=tone&display_value=9"));
        FeedbackInput parts = sent(multipart("/api/v2/rate/100/c-1")
                .param("value", "4")
                .param("comment", "good")
                .param("tag", "tone"));

        FeedbackInput expected = new FeedbackInput("c-1", 100, null, 4.0, "good", "tone", null);
        assertThat(json).isEqualTo(expected);
        assertThat(form).isEqualTo(expected);
        assertThat(parts).isEqualTo(expected);
    }

    @Test
    @DisplayName("a form post's query string is not its body; flags read as Django REST framework reads them")
    void formFlags() throws Exception {
        assertThat(sent(post("/api/v2/rate/1/c-2?flag=false")
                                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                                .content("flag=yes"))
                        .flag())
                .isTrue();
        assertThat(sent(post("/api/v2/rate/1/c-2")
                                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                                .content("flag=0"))
                        .flag())
                .isFalse();
    }

    @Test
    @DisplayName("refusals: 404 unknown type, 401 another project's type, 400 a bad flag, 415 another encoding")
    void refusals() throws Exception {
        assertThat(status(post("/api/v2/rate/999/c")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}")))
                .isEqualTo(404);
        assertThat(status(post("/api/v2/rate/x/c")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}")))
                .isEqualTo(404);
        assertThat(status(post("/api/v2/rate/101/c")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}")))
                .isEqualTo(401);
        MockHttpServletResponse badFlag = response(post("/api/v2/rate/1/c")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("flag=maybe"));
        assertThat(badFlag.getStatus()).isEqualTo(400);
        assertThat(badFlag.getContentType()).isEqualTo("application/problem+json");
        assertThat(badFlag.getContentAsString()).contains("\"field\":\"flag\"");
        assertThat(status(post("/api/v2/rate/1/c")
                        .contentType(MediaType.TEXT_PLAIN)
                        .content("flag=true")))
                .isEqualTo(415);
        verify(submit, never()).submit(any(), any());
    }

    @Test
    @DisplayName("a broker that does not confirm is a 503 with Retry-After, answered without a second dispatch")
    void brokerUnconfirmed() throws Exception {
        when(submit.submit(any(), any()))
                .thenReturn(
                        CompletableFuture.failedFuture(new BrokerUnconfirmed("feedback.v1", new TimeoutException())));

        MockHttpServletResponse answer = response(
                post("/api/v2/rate/1/c").contentType(MediaType.APPLICATION_JSON).content("{\"flag\": true}"));

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeader("Retry-After")).isEqualTo("5");
        assertThat(answer.getContentAsString()).contains("broker-unconfirmed");
    }

    private FeedbackInput sent(RequestBuilder request) throws Exception {
        assertThat(response(request).getStatus()).isEqualTo(200);
        ArgumentCaptor<Submission> submission = ArgumentCaptor.forClass(Submission.class);
        verify(submit, org.mockito.Mockito.atLeastOnce()).submit(any(), submission.capture());
        return submission.getValue().items().get(0);
    }

    private int status(RequestBuilder request) throws Exception {
        return response(request).getStatus();
    }

    private MockHttpServletResponse response(RequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }
}
