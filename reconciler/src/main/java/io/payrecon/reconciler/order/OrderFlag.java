package io.payrecon.reconciler.order;

/** What an operator must see about an order beyond its status, with its name on the wire. */
enum OrderFlag {
    OVERPAID("overpaid"),
    PAID_AFTER_EXPIRY("paidAfterExpiry"),
    DUPLICATE_PAYMENT("duplicatePayment");

    private final String wireName;

    OrderFlag(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    static OrderFlag ofWireName(String name) {
        for (OrderFlag flag : values()) {
            if (flag.wireName.equals(name)) {
                return flag;
            }
        }
        throw new IllegalArgumentException("Unknown order flag " + name);
    }
}
