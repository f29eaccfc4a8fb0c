package io.feedbackpipeline.gateway.baseplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;

import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.gateway.auth.Callers;
import io.feedbackpipeline.gateway.auth.ProjectScope;
import io.feedbackpipeline.gateway.feedback.Submission;
import io.feedbackpipeline.gateway.feedback.SubmitFeedback;
import io.feedbackpipeline.gateway.http.HttpParts;
import io.feedbackpipeline.gateway.idempotency.EventIdentity;
import io.feedbackpipeline.gateway.publish.Draft;
import io.feedbackpipeline.gateway.publish.PublishedPositions;
import io.feedbackpipeline.gateway.publish.Submissions;
import io.feedbackpipeline.gateway.readyourwrites.ReadYourWrites;
import io.feedbackpipeline.gateway.receipt.EventLocations;
import io.feedbackpipeline.jsoncontract.Events;
import io.feedbackpipeline.jsoncontract.FeedbackInput;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.contract.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** Baseplate's rating route as a slice, no servers: both body shapes, its refusals, and respond-async. */
class BaseplateLogsControllerTest {

    private static final UUID PROJECT = UUID.randomUUID();
    private static final UUID ENDPOINT = UUID.randomUUID();
    private static final String PATH = "/endpoints/" + ENDPOINT + "/logs";

    private final SubmitFeedback submit = mock(SubmitFeedback.class);
    private final ReadYourWrites waiters = mock(ReadYourWrites.class);
    private final ProjectScope scope = mock(ProjectScope.class);
    private MockMvc mvc;

    @BeforeEach
    void slice() {
        when(scope.requireEndpoint(any(), eq(ENDPOINT.toString()))).thenReturn(ENDPOINT);
        when(submit.prepare(any(), any(), any())).thenAnswer(call -> prepared(call.getArgument(1)));
        when(submit.publish(any()))
                .thenAnswer(call ->
                        CompletableFuture.completedFuture(((Submissions.Prepared<?>) call.getArgument(0)).identity()));
        when(waiters.register(any(), any())).thenReturn(Optional.empty());
        BaseplateLogsController controller = new BaseplateLogsController(
                scope,
                HttpParts.jsonBodies(),
                submit,
                waiters,
                HttpParts.LIMITS,
                HttpParts.tolerantReading(),
                new EventLocations(new PublishedPositions(100)),
                HttpParts.directAnswers());
        mvc = MockMvcBuilders.standaloneSetup(controller)
                .setControllerAdvice(HttpParts.problemResponses())
                .setCustomArgumentResolvers(Callers.resolving(Callers.of(PROJECT, Set.of(ApiKeyScope.INGEST))))
                .build();
    }

    @Test
    @DisplayName("a logs batch and a single pair are both ratings of type 1, in request order; nulls are absent")
    void bothShapes() throws Exception {
        assertThat(sent("{\"logs\": [{\"usage_id\": \"a\", \"positive_rating\": true},"
                        + " {\"usage_id\": \"b\", \"positive_rating\": false, \"extra\": 1}]}"))
                .containsExactly(
                        new FeedbackInput("a", 1, true, null, null, null, null),
                        new FeedbackInput("b", 1, false, null, null, null, null));
        assertThat(sent("{\"usage_id\": \"c\", \"positive_rating\": true, \"logs\": null}"))
                .containsExactly(new FeedbackInput("c", 1, true, null, null, null, null));
    }

    @Test
    @DisplayName("both shapes at once, neither, an empty batch or too many entries: 400 listing why, nothing sent")
    void refusals() throws Exception {
        for (String body : List.of(
                "{\"logs\": [{\"usage_id\": \"a\", \"positive_rating\": true}], \"usage_id\": \"b\"}",
                "{}",
                "{\"logs\": []}",
                "{\"logs\": [" + "{\"usage_id\": \"a\", \"positive_rating\": true},".repeat(1000)
                        + "{\"usage_id\": \"a\", \"positive_rating\": true}]}",
                "{\"usage_id\": 7, \"positive_rating\": \"yes\"}")) {
            MockHttpServletResponse response = perform(body, null).getResponse();
            assertThat(response.getStatus()).as(body).isEqualTo(400);
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
        }
        verify(submit, never()).publish(any());
    }

    @Test
    @DisplayName("Prefer: respond-async answers 202 with the event id right after the broker's ack")
    void respondAsync() throws Exception {
        MockHttpServletResponse response = perform("{\"usage_id\": \"a\", \"positive_rating\": true}", "respond-async")
                .getResponse();

        assertThat(response.getStatus()).isEqualTo(202);
        assertThat(response.getHeader("Preference-Applied")).isEqualTo("respond-async");
        assertThat(response.getContentAsString()).contains("\"event_id\"", "\"status\":\"accepted\"");
        verify(waiters, never()).register(any(), any());
    }

    private List<FeedbackInput> sent(String body) throws Exception {
        assertThat(perform(body, null).getResponse().getStatus()).isEqualTo(202);
        ArgumentCaptor<Submission> submission = ArgumentCaptor.forClass(Submission.class);
        verify(submit, org.mockito.Mockito.atLeastOnce()).prepare(any(), submission.capture(), any());
        return submission.getValue().items();
    }

    private MvcResult perform(String body, String prefer) throws Exception {
        var request = patch(PATH).contentType(MediaType.APPLICATION_JSON).content(body);
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        return mvc.perform(request).andReturn();
    }

    private static Submissions.Prepared<FeedbackBatch> prepared(Submission submission) {
        EventIdentity identity = new EventIdentity(UUID.randomUUID(), Instant.parse("2026-12-03T10:00:00Z"));
        FeedbackBatch batch = Events.feedbackBatch(
                PROJECT,
                ENDPOINT,
                submission.source(),
                submission.items(),
                identity.eventId(),
                identity.receivedAt(),
                "r",
                null);
        Draft<FeedbackBatch> draft =
                new Draft<>(Topics.FEEDBACK, (id, r) -> batch, b -> List.of(), "k", submission.source(), "r", null);
        return new Submissions.Prepared<>(draft, batch, identity, PROJECT);
    }
}
