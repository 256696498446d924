package io.payrecon.sandbox.clock;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.payrecon.sandbox.journal.Fact;

/** What the journal keeps of the sandbox clock. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = ClockFact.ClockMoved.class, name = "clock.moved")})
sealed interface ClockFact extends Fact {

    /** @param offset how far the sandbox time now is from the real time, ISO-8601 ({@code P8D} is {@code PT192H}) */
    record ClockMoved(String offset) implements ClockFact {}
}
