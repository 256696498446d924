package io.payrecon.sandbox.payment;

import io.payrecon.sandbox.journal.Journal;
import io.payrecon.sandbox.journal.Replayer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Every link the sandbox created, by token (in token order, which is the order they were made: tokens are ULIDs) and
 * by request id. In memory, rebuilt from the {@link Journal} at startup when the sandbox has a data directory.
 */
@Component
class SecurePayments implements Replayer<LinkFact> {

    private final ConcurrentNavigableMap<String, SecurePayment> byToken = new ConcurrentSkipListMap<>();
    private final ConcurrentMap<String, SecurePayment> byRequestId = new ConcurrentHashMap<>();
    private final Journal journal;

    SecurePayments(Journal journal) {
        this.journal = journal;
    }

    /** Where a new link's payments and refunds are journaled. */
    void record(LinkFact fact) {
        journal.append(fact);
    }

    /** Journals a new link, then keeps it. */
    void add(SecurePayment link) {
        journal.append(link.created());
        index(link);
    }

    private void index(SecurePayment link) {
        link.requests().forEach(request -> byRequestId.put(request.requestId(), link));
        byToken.put(link.token(), link);
    }

    Optional<SecurePayment> find(String token) {
        return Optional.ofNullable(byToken.get(token));
    }

    Optional<SecurePayment> findByRequestId(String requestId) {
        return Optional.ofNullable(byRequestId.get(requestId));
    }

    /** Oldest first. */
    List<SecurePayment> all() {
        return List.copyOf(byToken.values());
    }

    /** Oldest first, from the first token after {@code after} (null: from the start). */
    Stream<SecurePayment> after(String after) {
        return (after == null ? byToken : byToken.tailMap(after, false)).values().stream();
    }

    @Override
    public Class<LinkFact> facts() {
        return LinkFact.class;
    }

    @Override
    public void replay(LinkFact fact) {
        switch (fact) {
            case LinkFact.LinkCreated created -> index(SecurePayment.of(created, this::record));
            case LinkFact.PaymentMade paid -> link(paid.token()).replay(paid);
            case LinkFact.RefundMade refunded -> link(refunded.token()).replay(refunded);
        }
    }

    private SecurePayment link(String token) {
        return find(token).orElseThrow(() -> new IllegalStateException("No link " + token + " was created"));
    }
}
