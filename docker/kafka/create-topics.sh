#!/bin/sh
# Creates the pipeline's topics (architecture §2), its principals and their ACLs on the broker at BOOTSTRAP_SERVERS,
# then exits; docker-compose.yml's one-shot `topics` service runs it with the Kafka image's own tools before any app
# starts. It logs in as the broker's super-user, admin.
#
#   TOPICS               one topic a line: its name, then optionally its topic configs, comma-separated
#                        (`payments.webhooks.v1 retention.ms=2592000000`,
#                        `orders.payment-status-latest.v1 cleanup.policy=compact,retention.ms=-1`)
#   PARTITIONS           partitions of a new topic (default 6)
#   REPLICATION_FACTOR   replicas of a new topic (default 1: a single broker)
#   MIN_INSYNC_REPLICAS  min.insync.replicas of every topic (default 1; 2 with three brokers and acks=all)
#   KAFKA_ADMIN_PASSWORD the super-user's password (required)
#   GATEWAY_KAFKA_PASSWORD, LINK_SERVICE_KAFKA_PASSWORD, RECONCILER_KAFKA_PASSWORD, ORDER_SYSTEM_KAFKA_PASSWORD
#                        each principal's password (required): its SCRAM-SHA-512 credential is set to it
#   KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM
#                        how this script logs in (default SASL_PLAINTEXT, SCRAM-SHA-512)
#
# Passwords may hold letters, digits and . _ ~ - only (e.g. `openssl rand -hex 32`): they go inside the quotes of a
# JAAS setting. They are written to files readable by this container's user only, never passed on a command line.
#
# Safe to run again: a topic that exists is left as it is, except that its listed configs (retention, compaction) are
# applied again, so changing WEBHOOK_RETENTION_MS and re-running takes effect, and a topic created before it was listed
# with a config (the latest-status topic before it was compacted) gets it. The partition count of an existing topic is
# never raised here: that moves keys to other partitions, a decision for a person (docs/operations.md). Each
# principal's credential is set again to the password given, and the ACLs below are added where missing (adding one
# that exists changes nothing); an ACL that is not listed below is never removed here (docs/operations.md, "Kafka
# principals").
set -eu

: "${BOOTSTRAP_SERVERS:?set BOOTSTRAP_SERVERS, the Kafka bootstrap servers}"
: "${TOPICS:?set TOPICS, one topic a line}"
: "${KAFKA_ADMIN_PASSWORD:?set KAFKA_ADMIN_PASSWORD, the password of the super-user admin of the broker}"
: "${GATEWAY_KAFKA_PASSWORD:?set GATEWAY_KAFKA_PASSWORD, the password of the webhook-gateway principal}"
: "${LINK_SERVICE_KAFKA_PASSWORD:?set LINK_SERVICE_KAFKA_PASSWORD, the password of the link-service principal}"
: "${RECONCILER_KAFKA_PASSWORD:?set RECONCILER_KAFKA_PASSWORD, the password of the reconciler principal}"
: "${ORDER_SYSTEM_KAFKA_PASSWORD:?set ORDER_SYSTEM_KAFKA_PASSWORD, the password of the order-system principal}"
partitions="${PARTITIONS:-6}"
replication_factor="${REPLICATION_FACTOR:-1}"
min_insync_replicas="${MIN_INSYNC_REPLICAS:-1}"
bin="${KAFKA_BIN:-/opt/kafka/bin}"
attempts="${BROKER_WAIT_ATTEMPTS:-30}"

for password in "$KAFKA_ADMIN_PASSWORD" "$GATEWAY_KAFKA_PASSWORD" "$LINK_SERVICE_KAFKA_PASSWORD" \
    "$RECONCILER_KAFKA_PASSWORD" "$ORDER_SYSTEM_KAFKA_PASSWORD"; do
    case "$password" in
        *[!A-Za-z0-9._~-]*)
            echo "A Kafka password holds a character other than letters, digits and . _ ~ -; nothing was done." >&2
            exit 1 ;;
    esac
done

# The super-user's login, for every tool below.
umask 077
secrets="$(mktemp -d)"
trap 'rm -rf "$secrets"' EXIT
admin="$secrets/admin.properties"
{
    echo "security.protocol=${KAFKA_SECURITY_PROTOCOL:-SASL_PLAINTEXT}"
    echo "sasl.mechanism=${KAFKA_SASL_MECHANISM:-SCRAM-SHA-512}"
    echo "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$KAFKA_ADMIN_PASSWORD\";"
} > "$admin"

attempt=1
until "$bin/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" --command-config "$admin" --list > /dev/null; do
    if [ "$attempt" -ge "$attempts" ]; then
        echo "The broker at $BOOTSTRAP_SERVERS did not answer after $attempts attempts; no topic was created." >&2
        exit 1
    fi
    attempt=$((attempt + 1))
    sleep 2
done

while read -r topic configs; do
    case "$topic" in
        '' | '#'*) continue ;;
    esac
    set -- --config "min.insync.replicas=$min_insync_replicas"
    for config in $(echo "$configs" | tr ',' ' '); do
        set -- "$@" --config "$config"
    done
    "$bin/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" --command-config "$admin" --create \
        --if-not-exists --topic "$topic" --partitions "$partitions" --replication-factor "$replication_factor" "$@"
    if [ -n "$configs" ]; then
        "$bin/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" --command-config "$admin" --alter \
            --entity-type topics --entity-name "$topic" --add-config "$configs"
    fi
    existing=$("$bin/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" --command-config "$admin" \
        --describe --topic "$topic" | sed -n 's/.*PartitionCount: *\([0-9][0-9]*\).*/\1/p' | head -n 1)
    if [ -n "$existing" ] && [ "$existing" -lt "$partitions" ]; then
        echo "WARNING: $topic has $existing partitions, fewer than PARTITIONS=$partitions; left unchanged" \
            "(raising it moves keys to other partitions: see docs/operations.md, Scale out)." >&2
    fi
    echo "Topic $topic ready${configs:+ ($configs)}"
done <<EOF
$TOPICS
EOF

# Each principal's SCRAM-SHA-512 credential: the users of the access table (common-events' Principal).
user() {
    echo "SCRAM-SHA-512=iterations=4096,password=$2" > "$secrets/user.properties"
    "$bin/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" --command-config "$admin" --alter \
        --entity-type users --entity-name "$1" --add-config-file "$secrets/user.properties"
    rm -f "$secrets/user.properties"
    echo "Principal $1 ready"
}
user webhook-gateway "$GATEWAY_KAFKA_PASSWORD"
user link-service "$LINK_SERVICE_KAFKA_PASSWORD"
user reconciler "$RECONCILER_KAFKA_PASSWORD"
user order-system "$ORDER_SYSTEM_KAFKA_PASSWORD"

# The ACLs of the access table, one a line: principal, operation, resource type, pattern type, name. Nothing is
# allowed without one (allow.everyone.if.no.acl.found=false); Read and Write imply Describe. ComposeConfigurationIT
# runs this script and holds what it grants to common-events' Principal, so the two cannot drift apart.
allow() {
    "$bin/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" --command-config "$admin" --add \
        --allow-principal "User:$1" --operation "$2" --"$3" "$5" --resource-pattern-type "$4" > /dev/null
}
allow webhook-gateway Write topic literal payments.webhooks.v1

allow link-service Write topic literal payments.link-events.v1
allow link-service Write topic literal orders.payment-status.v1.dlt
allow link-service Read topic literal orders.payment-status.v1
allow link-service Read group literal link-service

allow reconciler Read topic literal payments.link-events.v1
allow reconciler Read topic literal payments.link-events.v1.dlt
allow reconciler Read topic literal payments.webhooks.v1
allow reconciler Read topic literal payments.webhooks.v1.dlt
allow reconciler Read topic literal payments.provider-observations.v1
allow reconciler Read topic literal payments.provider-observations.v1.dlt
allow reconciler Read group prefixed reconciler
allow reconciler Write topic literal payments.provider-observations.v1
allow reconciler Write topic literal orders.payment-status.v1
allow reconciler Write topic literal orders.payment-status-latest.v1
allow reconciler Write topic literal payments.link-events.v1.dlt
allow reconciler Write topic literal payments.webhooks.v1.dlt
allow reconciler Write topic literal payments.provider-observations.v1.dlt

allow order-system Read topic literal orders.payment-status.v1
allow order-system Read topic literal orders.payment-status-latest.v1
allow order-system Read group prefixed order-system
echo "ACLs of the access table ready"
