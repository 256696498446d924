package io.payrecon.sandbox.payment;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/** Every link the sandbox created, in memory, by token and by request id. Lost on restart: it is a sandbox. */
@Component
class SecurePayments {

    private final ConcurrentMap<String, SecurePayment> byToken = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, SecurePayment> byRequestId = new ConcurrentHashMap<>();

    void add(SecurePayment link) {
        link.requests().forEach(request -> byRequestId.put(request.requestId(), link));
        byToken.put(link.token(), link);
    }

    Optional<SecurePayment> find(String token) {
        return Optional.ofNullable(byToken.get(token));
    }

    Optional<SecurePayment> findByRequestId(String requestId) {
        return Optional.ofNullable(byRequestId.get(requestId));
    }

    /** Oldest first (tokens are ULIDs). */
    List<SecurePayment> all() {
        Collection<SecurePayment> links = byToken.values();
        return links.stream()
                .sorted(java.util.Comparator.comparing(SecurePayment::token))
                .toList();
    }
}
