package io.payrecon.launcher.traffic;

import io.payrecon.events.PaymentStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a payer does with one order's link, step by step, through the sandbox's payment controls. */
public enum Scenario {
    /** Pays in full. */
    FULL(List.of(Action.PAY)),
    /** Pays half, then the rest. */
    PARTIAL_THEN_FULL(List.of(Action.PAY_PART, Action.PAY)),
    /** The wallet fails to execute the payment, then the payer pays in full. */
    FAILED_THEN_FULL(List.of(Action.FAIL, Action.PAY)),
    /** Pays in full, then the merchant refunds everything. */
    REFUNDED(List.of(Action.PAY, Action.REFUND));

    private final List<Action> actions;

    Scenario(List<Action> actions) {
        this.actions = actions;
    }

    /** {@code FULL,REFUNDED}, as options and system properties name them; blank for none. */
    public static List<Scenario> parse(String names) {
        return Arrays.stream(names.split(","))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .map(name -> Scenario.valueOf(name.toUpperCase(Locale.ROOT)))
                .toList();
    }

    public List<Action> actions() {
        return actions;
    }

    /** One control call on the sandbox, and the status the order should reach once its webhooks are applied. */
    public enum Action {
        PAY("/sandbox/payments/%s", "{\"outcome\":\"confirmed\"}", PaymentStatus.PAID),
        PAY_PART("/sandbox/payments/%s", "{\"outcome\":\"partial\"}", PaymentStatus.PARTIALLY_PAID),
        FAIL("/sandbox/payments/%s", "{\"outcome\":\"failed\"}", PaymentStatus.PAYMENT_FAILED),
        REFUND("/sandbox/payments/%s/refund", "{}", PaymentStatus.REFUNDED);

        private final String path;
        private final String body;
        private final PaymentStatus leadsTo;

        Action(String path, String body, PaymentStatus leadsTo) {
            this.path = path;
            this.body = body;
            this.leadsTo = leadsTo;
        }

        String path(String token) {
            return path.formatted(token);
        }

        String body() {
            return body;
        }

        /** The status event this step causes when its webhooks arrive in order. */
        public PaymentStatus leadsTo() {
            return leadsTo;
        }
    }
}
