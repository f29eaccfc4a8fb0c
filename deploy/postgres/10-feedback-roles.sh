#!/bin/sh
# Runs once, when the PostgreSQL container initialises an empty data directory (docker-entrypoint-initdb.d).
# Least privilege: the pipeline's database belongs to an owner role that only migrations and operators use; each
# service logs in as its own role, to which the migrations grant row access and nothing more.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v owner_password="$FEEDBACK_OWNER_PASSWORD" \
     -v gateway_password="$FEEDBACK_GATEWAY_PASSWORD" \
     -v processor_password="$FEEDBACK_PROCESSOR_PASSWORD" <<'SQL'
CREATE ROLE feedback LOGIN PASSWORD :'owner_password';
CREATE ROLE feedback_gateway LOGIN PASSWORD :'gateway_password';
CREATE ROLE feedback_processor LOGIN PASSWORD :'processor_password';
CREATE DATABASE feedback OWNER feedback;
SQL
