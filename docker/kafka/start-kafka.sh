#!/usr/bin/env bash
# The `kafka` service's entrypoint (docker-compose.yml): formats a new data volume with the super-user's SCRAM
# credential, then runs the image's own start script, /etc/kafka/docker/run, unchanged.
#
# Why: every listener requires a SASL login, and SCRAM logins are checked against credentials kept in the cluster's
# metadata. The image formats the storage itself, but without --add-scram, so nobody could ever log in to a cluster it
# formatted. Formatting first with `kafka-storage.sh format --add-scram` puts the super-user `admin` in the metadata
# before the broker first starts; the image's own format then finds the volume formatted and goes on, as it does on
# every restart.
#
#   KAFKA_ADMIN_PASSWORD   the super-user's password (required; letters, digits and . _ ~ - only): its SCRAM credential
#                          and the broker's own logins (inter-broker SCRAM, controller PLAIN). Unset before the image's
#                          script runs, which would otherwise write it into server.properties as `admin.password`.
#   KAFKA_*, CLUSTER_ID    the broker's properties and cluster id, as the image reads them
#   KAFKA_HOME, KAFKA_IMAGE_RUN, ADMIN_CLIENT_CONFIG
#                          where the image's tools and start script are, and where the health check's login goes
#                          (defaults: the image's places; ComposeConfigurationIT runs this script with stand-ins)
set -euo pipefail

: "${KAFKA_ADMIN_PASSWORD:?set KAFKA_ADMIN_PASSWORD, the password of the super-user admin of the broker}"
: "${CLUSTER_ID:?set CLUSTER_ID, the KRaft cluster id}"
: "${KAFKA_LOG_DIRS:?set KAFKA_LOG_DIRS, where the broker keeps its data}"
kafka_home="${KAFKA_HOME:-/opt/kafka}"
image_run="${KAFKA_IMAGE_RUN:-/etc/kafka/docker/run}"

password="$KAFKA_ADMIN_PASSWORD"
unset KAFKA_ADMIN_PASSWORD
case "$password" in
    *[!A-Za-z0-9._~-]*)
        echo "KAFKA_ADMIN_PASSWORD may hold letters, digits and . _ ~ - only (e.g. openssl rand -hex 32)." >&2
        exit 1 ;;
esac

# The broker's own logins, as broker properties (the image maps KAFKA_LISTENER_NAME_X_Y___Z_... to
# listener.name.x.y-z...): SCRAM as admin between brokers on INTERNAL, PLAIN with admin as the only user on the
# controller listener (SCRAM cannot work there). EXTERNAL only accepts logins, so its login module needs no user.
export KAFKA_LISTENER_NAME_INTERNAL_SCRAM___SHA___512_SASL_JAAS_CONFIG="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$password\";"
export KAFKA_LISTENER_NAME_EXTERNAL_SCRAM___SHA___512_SASL_JAAS_CONFIG="org.apache.kafka.common.security.scram.ScramLoginModule required;"
export KAFKA_LISTENER_NAME_CONTROLLER_PLAIN_SASL_JAAS_CONFIG="org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"$password\" user_admin=\"$password\";"

# The health check's login (docker-compose.yml), readable by this container's user only.
umask 077
admin_login="${ADMIN_CLIENT_CONFIG:-/tmp/payrecon/admin.properties}"
mkdir -p "$(dirname "$admin_login")"
cat > "$admin_login" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$password";
EOF

# A KAFKA_* variable as the image names its broker property: KAFKA_ dropped, lower case, _ -> ., ... -> -, .. -> _
property_name() {
    printf '%s' "${1#KAFKA_}" | tr '[:upper:]' '[:lower:]' | sed -e 's/_/./g' -e 's/\.\.\./-/g' -e 's/\.\./_/g'
}

log_dir="${KAFKA_LOG_DIRS%%,*}"
if [ ! -f "$log_dir/meta.properties" ]; then
    # The broker's configuration from the same variables the image renders it from, for the format only.
    config="$(mktemp)"
    for name in $(compgen -e); do
        case "$name" in
            KAFKA_VERSION | KAFKA_HEAP_OPTS | KAFKA_LOG4J_OPTS | KAFKA_OPTS | KAFKA_JMX_OPTS | KAFKA_JMX_PORT | \
                KAFKA_JVM_PERFORMANCE_OPTS | KAFKA_GC_LOG_OPTS | KAFKA_LOG4J_ROOT_LOGLEVEL | KAFKA_LOG4J_LOGGERS | \
                KAFKA_TOOLS_LOG4J_LOGLEVEL | KAFKA_JMX_HOSTNAME | KAFKA_HOME | KAFKA_IMAGE_RUN) ;; # not properties
            KAFKA_*) printf '%s=%s\n' "$(property_name "$name")" "${!name}" >> "$config" ;;
        esac
    done
    echo "===> Formatting $log_dir with the super-user's SCRAM credential (a new volume) ..."
    "$kafka_home/bin/kafka-storage.sh" format --cluster-id "$CLUSTER_ID" --config "$config" \
        --add-scram "SCRAM-SHA-512=[name=admin,password=$password]"
    rm -f "$config"
fi

exec "$image_run"
