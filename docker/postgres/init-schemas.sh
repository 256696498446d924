#!/bin/sh
# Runs once, when the PostgreSQL volume is still empty (the postgres image's /docker-entrypoint-initdb.d contract).
#
# Each app that stores state gets its own login role, owning its own schema and nothing else (architecture §5:
# no app reads another app's schema); the one shared schema is the provider credential's quota, below. The apps' Flyway migrations then create their tables in that schema.
# Roles and schemas are named like the apps' `spring.flyway.schemas`; ComposeConfigurationIT keeps them in step.
#
# Changing a password later is `ALTER ROLE … PASSWORD …` by hand (docs/operations.md): this script does not run
# again on a volume that already holds a database.
set -e

: "${LINK_SERVICE_DB_PASSWORD:?set LINK_SERVICE_DB_PASSWORD, the password of the link_service database role}"
: "${RECONCILER_DB_PASSWORD:?set RECONCILER_DB_PASSWORD, the password of the reconciler database role}"

psql --no-psqlrc --set ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    --set database="$POSTGRES_DB" \
    --set link_service_password="$LINK_SERVICE_DB_PASSWORD" \
    --set reconciler_password="$RECONCILER_DB_PASSWORD" <<'SQL'
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM PUBLIC;

CREATE ROLE link_service LOGIN PASSWORD :'link_service_password';
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO link_service;
CREATE SCHEMA link_service AUTHORIZATION link_service;

CREATE ROLE reconciler LOGIN PASSWORD :'reconciler_password';
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO reconciler;
CREATE SCHEMA reconciler AUTHORIZATION reconciler;

-- The provider credential's rate-limit quota (provider-quota), which link-service and the reconciler share: a schema
-- of its own, owned by a role nobody logs in as and both apps are members of. Whichever migrates it first hands its
-- tables to that role, so the other can use them too.
CREATE ROLE provider_quota NOLOGIN;
CREATE SCHEMA provider_quota AUTHORIZATION provider_quota;
GRANT provider_quota TO link_service, reconciler;
SQL
