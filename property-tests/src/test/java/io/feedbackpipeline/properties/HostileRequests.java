package io.feedbackpipeline.properties;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Requests as hostile clients send them to the four write routes: texts with NUL, control characters, unpaired
 * surrogates and emoji around every length limit; instants from year 0 to 10000; numbers past double's range;
 * fields of the wrong type; unknown feedback types. Each usage_id starts with a per-request marker so that requests
 * never overwrite each other's registers; the hostile part follows it.
 */
final class HostileRequests {

    private static final String THUMBS_UP = "\uD83D\uDC4D";
    private static final AtomicLong MARKER = new AtomicLong();

    private final GatewayUnderTest gateway;

    HostileRequests(GatewayUnderTest gateway) {
        this.gateway = gateway;
    }

    Arbitrary<HostileRequest> any() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, paradigmJson()),
                Tuple.of(1, paradigmForm()),
                Tuple.of(1, nativeFeedback()),
                Tuple.of(1, baseplate()),
                Tuple.of(1, completionLog()));
    }

    /** Any text: ordinary, arbitrary UTF-16 (NUL and lone surrogates included), emoji near 120, long, blank. */
    static Arbitrary<String> text() {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        6,
                        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20)),
                Tuple.of(2, Arbitraries.strings().all().ofMinLength(0).ofMaxLength(12)),
                Tuple.of(
                        2,
                        Arbitraries.strings()
                                .withCharRange('\u00A0', '\uD7FF')
                                .ofMinLength(1)
                                .ofMaxLength(8)),
                Tuple.of(2, Arbitraries.integers().between(115, 125).map(THUMBS_UP::repeat)),
                Tuple.of(1, Arbitraries.integers().between(115, 125).map("t"::repeat)),
                Tuple.of(1, Arbitraries.integers().between(240, 260).map("u"::repeat)),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "a\u0000b",
                                "\uD800",
                                "x\uDC00y",
                                " ",
                                "",
                                "line\nbreak",
                                "\t",
                                "\u007F",
                                "\u202E",
                                "\uFEFF",
                                "\uD83D\uDC4D\uD800")));
    }

    /** ISO-8601 instants across and beyond what the stores hold, and some that are not instants at all. */
    static Arbitrary<String> instantText() {
        Arbitrary<String> ordinary = Combinators.combine(
                        Arbitraries.integers().between(1, 9999),
                        Arbitraries.integers().between(1, 12),
                        Arbitraries.of("Z", "+02:00", "-11:30"))
                .as((year, month, zone) -> "%04d-%02d-15T10:20:30.123456%s".formatted(year, month, zone));
        return Arbitraries.oneOf(
                ordinary,
                Arbitraries.of(
                        "0000-12-31T23:59:59Z",
                        "+10000-01-01T00:00:00Z",
                        "9999-12-31T23:59:59.999999Z",
                        "0001-01-01T00:00:00Z",
                        "2999-01-01T00:00:00Z",
                        "yesterday",
                        "2026-02-30T00:00:00Z",
                        "2026-11-22T10:00:00"));
    }

    /** JSON number literals, including ones no double holds. */
    static Arbitrary<String> numberText() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-10, 10).map(Object::toString),
                Arbitraries.of(
                        "0",
                        "-0.0",
                        "1e308",
                        "1e309",
                        "-1e309",
                        "4.9e-324",
                        "1e-400",
                        "5",
                        "3.5",
                        "12345678901234567890"));
    }

    private Arbitrary<HostileRequest> paradigmJson() {
        return Combinators.combine(typedFields(), text()).as((typed, completion) -> {
            String type = typed.get1();
            ParadigmFields fields = typed.get2();
            String usageId = inPath(marked(completion));
            Map<String, String> sent = new LinkedHashMap<>(fields.texts());
            sent.put("usage_id", usageId);
            return new HostileRequest(
                    "paradigm-json", "POST", paradigmPath(type, usageId), "application/json", fields.json(), sent);
        });
    }

    private Arbitrary<HostileRequest> paradigmForm() {
        return Combinators.combine(typedFields(), text()).as((typed, completion) -> {
            String type = typed.get1();
            ParadigmFields fields = typed.get2();
            String usageId = inPath(marked(completion));
            Map<String, String> sent = new LinkedHashMap<>(fields.formTexts());
            sent.put("usage_id", usageId);
            return new HostileRequest(
                    "paradigm-form",
                    "POST",
                    paradigmPath(type, usageId),
                    "application/x-www-form-urlencoded",
                    fields.form(),
                    sent);
        });
    }

    private Arbitrary<HostileRequest> nativeFeedback() {
        Arbitrary<String> item = Combinators.combine(
                        typedFields(),
                        text(),
                        Arbitraries.oneOf(instantText().map(JsonText::string), Arbitraries.just("null")))
                .as((typed, usage, occurredAt) -> "{\"usage_id\": " + JsonText.string(marked(usage))
                        + ", \"feedback_type_id\": " + typed.get1()
                        + typed.get2().jsonMembers()
                        + ", \"occurred_at\": " + occurredAt + "}");
        return item.list()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(items -> new HostileRequest(
                        "native",
                        "POST",
                        "/v1/feedback",
                        "application/json",
                        "{\"items\": [" + String.join(", ", items) + "]}",
                        Map.of()));
    }

    private Arbitrary<HostileRequest> baseplate() {
        Arbitrary<String> entry = Combinators.combine(text(), Arbitraries.of("true", "false", "null", "1", "\"yes\""))
                .as((usage, rating) ->
                        "{\"usage_id\": " + JsonText.string(marked(usage)) + ", \"positive_rating\": " + rating + "}");
        return Arbitraries.oneOf(
                        entry,
                        entry.list()
                                .ofMinSize(1)
                                .ofMaxSize(3)
                                .map(entries -> "{\"logs\": [" + String.join(", ", entries) + "]}"))
                .map(body -> new HostileRequest(
                        "baseplate",
                        "PATCH",
                        "/endpoints/" + gateway.endpointId() + "/logs",
                        "application/json",
                        body,
                        Map.of()));
    }

    private Arbitrary<HostileRequest> completionLog() {
        return Combinators.combine(text(), text(), text(), text(), instantText(), numberText(), text())
                .as((usage, prompt, completion, valueKey, timestamp, cost, valueText) -> {
                    String usageId = marked(usage);
                    Map<String, String> sent = new LinkedHashMap<>();
                    sent.put("usage_id", usageId);
                    sent.put("prompt", prompt);
                    sent.put("completion", completion);
                    String body = "{\"usage_id\": " + JsonText.string(usageId) + ", \"prompt\": "
                            + JsonText.string(prompt) + ", \"completion\": " + JsonText.string(completion)
                            + ", \"timestamp\": " + JsonText.string(timestamp) + ", \"cost\": " + cost
                            + ", \"values\": {" + JsonText.string(valueKey) + ": " + JsonText.string(valueText)
                            + "}}";
                    return new HostileRequest(
                            "completion-log", "POST", "/v1/completion-logs", "application/json", body, sent);
                });
    }

    /**
     * A feedback type and body fields: mostly the fields its kind needs (so that acceptance is exercised as much as
     * refusal), sometimes any combination of any type.
     */
    private Arbitrary<Tuple.Tuple2<String, ParadigmFields>> typedFields() {
        Arbitrary<String> tag = text().injectNull(0.5);
        Arbitrary<Tuple.Tuple2<String, ParadigmFields>> thumbs = Combinators.combine(
                        Arbitraries.of("true", "false"), tag)
                .as((flag, t) -> Tuple.of("1", new ParadigmFields(flag, null, null, t)));
        Arbitrary<Tuple.Tuple2<String, ParadigmFields>> stars = Combinators.combine(
                        Arbitraries.oneOf(
                                Arbitraries.doubles().between(1, 5).map(Object::toString),
                                Arbitraries.of("1", "5", "0.999", "5.0001")),
                        tag)
                .as((value, t) ->
                        Tuple.of(String.valueOf(gateway.numericTypeId()), new ParadigmFields(null, value, null, t)));
        Arbitrary<Tuple.Tuple2<String, ParadigmFields>> note = Combinators.combine(text(), tag)
                .as((comment, t) ->
                        Tuple.of(String.valueOf(gateway.textTypeId()), new ParadigmFields(null, null, comment, t)));
        Arbitrary<Tuple.Tuple2<String, ParadigmFields>> anything =
                Combinators.combine(feedbackType(), paradigmFields()).as(Tuple::of);
        return Arbitraries.frequencyOf(
                Tuple.of(2, thumbs), Tuple.of(2, stars), Tuple.of(2, note), Tuple.of(2, anything));
    }

    /** Paradigm's body fields, each present or not, of the right type or not. */
    private Arbitrary<ParadigmFields> paradigmFields() {
        Arbitrary<String> flag = Arbitraries.of("true", "false", "null", "\"true\"", "1");
        return Combinators.combine(
                        flag.injectNull(0.4),
                        numberText().injectNull(0.5),
                        text().injectNull(0.4),
                        text().injectNull(0.4))
                .as(ParadigmFields::new);
    }

    /** JSON text of each field that is present; for form bodies the same values, form-encoded. */
    private record ParadigmFields(String flag, String value, String comment, String tag) {

        String jsonMembers() {
            StringBuilder json = new StringBuilder();
            if (flag != null) {
                json.append(", \"flag\": ").append(flag);
            }
            if (value != null) {
                json.append(", \"value\": ").append(value);
            }
            if (comment != null) {
                json.append(", \"comment\": ").append(JsonText.string(comment));
            }
            if (tag != null) {
                json.append(", \"tag\": ").append(JsonText.string(tag));
            }
            return json.toString();
        }

        String json() {
            String members = jsonMembers();
            return "{" + (members.isEmpty() ? "" : members.substring(2)) + "}";
        }

        String form() {
            List<String> pairs = new ArrayList<>();
            if (flag != null) {
                pairs.add("flag=" + encode(flag.replace("\"", "")));
            }
            if (value != null) {
                pairs.add("value=" + encode(value));
            }
            if (comment != null) {
                pairs.add("comment=" + encode(comment));
            }
            if (tag != null) {
                pairs.add("tag=" + encode(tag));
            }
            return String.join("&", pairs);
        }

        /**
         * What a form carries of the texts: UTF-8 (an unpaired surrogate is sent as '?'), and an empty field means
         * null (documented), so an empty text is stored as null.
         */
        Map<String, String> formTexts() {
            Map<String, String> texts = new LinkedHashMap<>();
            texts().forEach((field, text) -> texts.put(field, text.isEmpty() ? null : inPath(text)));
            return texts;
        }

        Map<String, String> texts() {
            Map<String, String> texts = new LinkedHashMap<>();
            if (comment != null) {
                texts.put("comment", comment);
            }
            if (tag != null) {
                texts.put("tag", tag);
            }
            return texts;
        }
    }

    private Arbitrary<String> feedbackType() {
        return Arbitraries.oneOf(feedbackTypeId(), Arbitraries.of("abc", "-1", "99999999999"));
    }

    private Arbitrary<String> feedbackTypeId() {
        return Arbitraries.of(1, gateway.numericTypeId(), gateway.textTypeId(), 987_654)
                .map(String::valueOf);
    }

    private static String paradigmPath(String type, String usageId) {
        return "/api/v2/rate/" + type + "/" + encode(usageId).replace("+", "%20");
    }

    /** A per-request prefix, so no two requests share a register; the hostile text follows it unchanged. */
    private static String marked(String hostile) {
        return "p" + MARKER.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 4) + "-" + hostile;
    }

    /** What a URL-encoded text can carry: UTF-8 has no unpaired surrogates, so an encoder sends '?' for them. */
    private static String inPath(String text) {
        return URLDecoder.decode(encode(text), StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
