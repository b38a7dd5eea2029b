package dev.actorfactory.spring.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.actorfactory.spring.autoconfigure.endpoint.FactoryOperationRequest.Action;
import dev.actorfactory.spring.autoconfigure.endpoint.FactoryOperationRequest.Invalid;
import dev.actorfactory.spring.autoconfigure.endpoint.FactoryOperationRequest.Parsed;
import dev.actorfactory.spring.autoconfigure.endpoint.FactoryOperationRequest.Valid;

class FactoryOperationRequestTest {

    @Test
    void readsAResizeAndEachAction() {
        assertThat(FactoryOperationRequest.parse("{\"workers\": 3}"))
                .isEqualTo(new Valid(new FactoryOperationRequest(3, null)));
        assertThat(FactoryOperationRequest.parse("{\"workers\": -2}"))
                .as("the range is the factory's to check").isEqualTo(new Valid(new FactoryOperationRequest(-2, null)));
        assertThat(FactoryOperationRequest.parse("{\"workers\": 2147483647}"))
                .isEqualTo(new Valid(new FactoryOperationRequest(Integer.MAX_VALUE, null)));
        for (Action action : Action.values()) {
            assertThat(FactoryOperationRequest.parse(" {\"action\" : \"" + action.jsonName() + "\"}\n"))
                    .isEqualTo(new Valid(new FactoryOperationRequest(null, action)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"workers\": \"5\"}           | \"workers\" must be a JSON integer such as 3, was the string \"5\".",
            "{\"workers\": 1e2}             | \"workers\" must be a JSON integer such as 3, was the number 1E+2 (not an integer).",
            "{\"workers\": 3.0000000000000000001} | was the number 3.0000000000000000001 (not an integer).",
            "{\"workers\": -2147483649}     | was the number -2147483649 (beyond the int range).",
            "{\"workers\": false}           | was the boolean false.",
            "{\"workers\": null}            | \"workers\" must be a JSON integer such as 3, was null.",
            "{\"workers\": []}              | was an array [].",
            "{\"action\": \"Pause\"}        | \"action\" must be one of \"drain\", \"pause\", \"resume\" (lower case), was the string \"Pause\".",
            "{\"action\": true}             | \"action\" must be one of \"drain\", \"pause\", \"resume\" (lower case), was the boolean true.",
            "{\"action\": [\"pause\"]}      | was an array [\"pause\"].",
            "{\"workers\": 2, \"action\": \"drain\"} | Send only one of \"workers\" or \"action\", not several",
            "{}                             | The body is an empty object. Send a JSON object with exactly one field",
            "[]                             | The body must be a JSON object, was an array [].",
            "42                             | The body must be a JSON object, was the number 42.",
            "{\"queueLimit\": 10}           | Unknown field \"queueLimit\"; the accepted fields are \"workers\", \"action\", \"settings\".",
            "{\"workers\": 1, \"workers\": 1} | Duplicate Object property \"workers\"",
            "{\"workers\": 1}{}             | The body is not valid JSON",
            "{\"workers\": 01}              | The body is not valid JSON (line 1, column",
            "{\"workers\": NaN}             | The body is not valid JSON",
            "`{'workers': 1}`               | The body is not valid JSON (line 1, column 2)" })
    void refusesWithAMessageNamingTheFieldWhatWasSentAndWhatToSend(String body, String message) {
        Parsed parsed = FactoryOperationRequest.parse(body);
        assertThat(parsed).isInstanceOf(Invalid.class);
        assertThat(((Invalid) parsed).message()).contains(message);
    }

    @Test
    void aMissingOrBlankOrOverlongBodyIsRefused() {
        assertThat(FactoryOperationRequest.parse(null)).isEqualTo(new Invalid("The request has no body. "
                + FactoryOperationRequest.EXPECTED));
        assertThat(FactoryOperationRequest.parse(" \n")).isInstanceOf(Invalid.class);
        String big = "{\"workers\": 1" + " ".repeat(FactoryOperationRequest.MAX_BODY_LENGTH) + "}";
        assertThat(((Invalid) FactoryOperationRequest.parse(big)).message())
                .startsWith("The body is longer than " + FactoryOperationRequest.MAX_BODY_LENGTH + " characters.");
    }

    @Test
    void aLongValueIsAbridgedInTheMessage() {
        String message = ((Invalid) FactoryOperationRequest.parse("{\"workers\": \"" + "x".repeat(500) + "\"}"))
                .message();
        assertThat(message).contains("...").hasSizeLessThan(200);
    }

    @Test
    void javaValuesFollowTheSameRules() {
        assertThat(FactoryOperationRequest.of(4, null)).isEqualTo(new Valid(new FactoryOperationRequest(4, null)));
        assertThat(FactoryOperationRequest.of(null, "resume"))
                .isEqualTo(new Valid(new FactoryOperationRequest(null, Action.RESUME)));
        assertThat(((Invalid) FactoryOperationRequest.of(null, "RESUME")).message()).contains("(lower case)");
        assertThat(((Invalid) FactoryOperationRequest.of(1, "pause")).message()).contains("not several");
        assertThat(((Invalid) FactoryOperationRequest.of(null, null)).message()).contains("empty object");
    }

    @Test
    void listsItsFieldsAndNamesAnUnknownOne() {
        assertThat(FactoryOperationRequest.fieldNames()).containsExactly("workers", "action", "settings");
        assertThat(FactoryOperationRequest.unknownField("force").message())
                .startsWith("Unknown field \"force\"; the accepted fields are \"workers\", \"action\", \"settings\".");
    }

    @Test
    void aSettingsChangeIsReadWithTheKeysOfApplicationYmlAndCheckedByTheSameRulesAsAtStart() {
        Parsed parsed = FactoryOperationRequest.parse("{\"settings\": {\"discard.limit\": 500, \"job-ttl\": \"PT30S\", "
                + "\"rate-limit\": {\"refill\": 10, \"interval\": \"2s\", \"max\": 20}}}");
        assertThat(parsed).isInstanceOf(Valid.class);
        dev.actorfactory.factory.SettingsChange change = ((Valid) parsed).request().settings().change();
        assertThat(change.changesDiscardLimit()).isTrue();
        assertThat(change.discardLimit()).isEqualTo(500);
        assertThat(change.defaultJobTtl()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(change.rateLimiter()).hasToString("RateLimiter[10 per PT2S, max 20]");
        assertThat(change.changesDeadMansSwitch()).isFalse();
        assertThat(((Invalid) FactoryOperationRequest.parse("{\"settings\": {\"dead-mans-switch\": {\"timeout\": "
                + "\"0s\"}}}")).message()).startsWith("settings.dead-mans-switch.timeout is 0s: must be a positive "
                        + "duration").contains("Set settings.dead-mans-switch.timeout to e.g. 30s.");
        assertThat(((Invalid) FactoryOperationRequest.of(null, null, "{\"job-ttl\": \"-1s\"}")).message())
                .startsWith("settings.job-ttl is -1s");
    }
}
