-- What each request asks for: the amount of the link that brought it (payment-link.created's or .renewed's), when
-- that link has this one request. A poll that shows a request paid in full by one payment does not tell the amount
-- (GET /v2/request/{requestId} has a breakdown only for partial or multiple payments): the request received this.
-- Null for links of several requests and for requests mapped before this column: the order's remainder stands in.
ALTER TABLE order_requests ADD COLUMN amount numeric;
