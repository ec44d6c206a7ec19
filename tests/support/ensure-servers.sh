#!/usr/bin/env bash
# Starts the local PostgreSQL and RabbitMQ the tests use, if they are not running.
set -euo pipefail

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432; }
rabbit_up() { rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1; }

wait_until() {
  local what=$1 check=$2
  for _ in $(seq 1 90); do
    if "$check"; then return 0; fi
    sleep 1
  done
  echo "$what did not start within 90 s" >&2
  return 1
}

if ! pg_up; then
  echo "Starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  wait_until PostgreSQL pg_up
fi

if ! rabbit_up; then
  echo "Starting RabbitMQ"
  rabbitmq-server -detached
  wait_until RabbitMQ rabbit_up
fi
echo "PostgreSQL and RabbitMQ are up"
