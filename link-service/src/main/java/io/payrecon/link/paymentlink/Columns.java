package io.payrecon.link.paymentlink;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Reading the payment links' columns. */
final class Columns {

    private Columns() {}

    /** A {@code timestamptz} column as an instant, or null. */
    static Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
