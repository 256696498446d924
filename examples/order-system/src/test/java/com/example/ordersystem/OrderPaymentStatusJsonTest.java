package com.example.ordersystem;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.ordersystem.OrderPaymentStatuses.OrderPaymentStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OrderPaymentStatusJsonTest {

    @Test
    void amountsAreDecimalStringsAsOnTheTopic() {
        OrderPaymentStatus status = new OrderPaymentStatus(
                "1001",
                "PAID",
                "PAID",
                2,
                new BigDecimal("25.00"),
                new BigDecimal("25.00"),
                BigDecimal.ZERO,
                "USDC",
                List.of("overpaid"),
                UUID.fromString("6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5"),
                "orders.payment-status.v1",
                Instant.parse("2026-03-01T10:15:30Z"));

        String json = JsonMapper.builder().build().writeValueAsString(status);

        assertThat(json)
                .contains("\"paidAmount\":\"25.00\"", "\"expectedAmount\":\"25.00\"", "\"refundedAmount\":\"0\"")
                .contains("\"sequence\":2", "\"flags\":[\"overpaid\"]");
    }
}
