#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster (policy-rc.d keeps package installs from starting it) and
# creates the role and database the tests use. Idempotent. Exports nothing: tests connect with
#
#   Host=127.0.0.1;Port=5432;Username=pxexen;Password=pxexen;Database=pxexen_test
#
# or whatever PXEXEN_TEST_POSTGRES holds, and skip (with the reason) when it does not answer.
# Shared by the dhcp (leases) and inventory tests; each test uses its own schema or tables.
set -euo pipefail
if ! command -v pg_lsclusters >/dev/null; then
  echo "postgres.sh: postgresql is not installed (.ci/apt.d/dhcp.txt lists it)" >&2
  exit 0
fi
version=$(pg_lsclusters -h | awk 'NR==1 {print $1}')
if [ -z "$version" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_createcluster "$version" main
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 30); do
  su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qAt" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pxexen') THEN
    CREATE ROLE pxexen LOGIN PASSWORD 'pxexen';
  END IF;
END $$;
SELECT 'CREATE DATABASE pxexen_test OWNER pxexen' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'pxexen_test')\gexec
SQL
echo "postgres.sh: PostgreSQL $version on 127.0.0.1:5432, database pxexen_test, role pxexen"
