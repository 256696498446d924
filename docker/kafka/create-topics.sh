#!/bin/sh
# Creates the pipeline's topics (architecture §2) on the broker at BOOTSTRAP_SERVERS, then exits; docker-compose.yml's
# one-shot `topics` service runs it with the Kafka image's own tools before any app starts.
#
#   TOPICS               one topic a line: its name, then optionally its topic configs, comma-separated
#                        (`payments.webhooks.v1 retention.ms=2592000000`)
#   PARTITIONS           partitions of a new topic (default 6)
#   REPLICATION_FACTOR   replicas of a new topic (default 1: a single broker)
#   MIN_INSYNC_REPLICAS  min.insync.replicas of every topic (default 1; 2 with three brokers and acks=all)
#
# Safe to run again: a topic that exists is left as it is, except that its listed configs (retention) are applied
# again, so changing WEBHOOK_RETENTION_MS and re-running takes effect. The partition count of an existing topic is
# never raised here: that moves keys to other partitions, a decision for a person (docs/operations.md).
set -eu

: "${BOOTSTRAP_SERVERS:?set BOOTSTRAP_SERVERS, the Kafka bootstrap servers}"
: "${TOPICS:?set TOPICS, one topic a line}"
partitions="${PARTITIONS:-6}"
replication_factor="${REPLICATION_FACTOR:-1}"
min_insync_replicas="${MIN_INSYNC_REPLICAS:-1}"
bin="${KAFKA_BIN:-/opt/kafka/bin}"
attempts="${BROKER_WAIT_ATTEMPTS:-30}"

attempt=1
until "$bin/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" --list > /dev/null; do
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
    "$bin/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" --create --if-not-exists --topic "$topic" \
        --partitions "$partitions" --replication-factor "$replication_factor" "$@"
    if [ -n "$configs" ]; then
        "$bin/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" --alter --entity-type topics \
            --entity-name "$topic" --add-config "$configs"
    fi
    existing=$("$bin/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" --describe --topic "$topic" |
        sed -n 's/.*PartitionCount: *\([0-9][0-9]*\).*/\1/p' | head -n 1)
    if [ -n "$existing" ] && [ "$existing" -lt "$partitions" ]; then
        echo "WARNING: $topic has $existing partitions, fewer than PARTITIONS=$partitions; left unchanged" \
            "(raising it moves keys to other partitions: see docs/operations.md, Scale out)." >&2
    fi
    echo "Topic $topic ready${configs:+ ($configs)}"
done <<EOF
$TOPICS
EOF
