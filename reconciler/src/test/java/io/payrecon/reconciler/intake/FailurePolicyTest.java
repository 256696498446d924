package io.payrecon.reconciler.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class FailurePolicyTest {

    @Test
    void reasonIsThePoisonsOrElseTheInnermostMessage() {
        assertThat(FailurePolicy.reason(new ListenerExecutionFailedException(
                        "listener", new BatchListenerFailedException("batch", new PoisonRecordException("why"), 1))))
                .isEqualTo("why");
        assertThat(FailurePolicy.reason(
                        new IllegalStateException("outer", new IllegalArgumentException("the value is wrong"))))
                .isEqualTo("the value is wrong");
    }
}
