#!/usr/bin/env bash
# Udvalg's broker accounts: one RabbitMQ user per service, allowed to publish only that
# service's own events and to read only its own queues. Creates or updates them with
# rabbitmqctl (no management plugin needed); safe to run again (passwords are reset).
#
#   AGENDA_BROKER_PASSWORD=… DECISIONS_BROKER_PASSWORD=… AWARDS_BROKER_PASSWORD=… \
#       deploy/rabbitmq/accounts.sh
#
# Settings (environment):
#   UDVALG_RABBITMQ_VHOST        the vhost                         (udvalg)
#   UDVALG_RABBITMQ_USER_PREFIX  user names <prefix><service>      (udvalg-)
#   UDVALG_SERVICES              the services                      (agenda decisions awards)
#   <SERVICE>_BROKER_PASSWORD    each service's password (required)
#   RABBITMQCTL                  the rabbitmqctl command           (rabbitmqctl), e.g.
#                                "rabbitmqctl -n rabbit@rabbitmq" from another container
#
# What each account <prefix><svc> may do on the vhost (RabbitMQ permissions are regular
# expressions on exchange and queue names; topic permissions on routing keys):
#   configure  nothing: exchanges, queues and bindings are declared by `migrate`, which
#              runs with an administrator account
#   write      publish to udvalg.events, and to udvalg.<svc>.consumer (its own retries,
#              dead letters and replays); not to the default exchange, through which it
#              could put a message into any queue
#   read       consume udvalg.<svc>, read and purge udvalg.<svc>.dead
#   topic      on udvalg.events, routing keys <svc>.* only: the event types it owns (the
#              rule of shared/events/ownership.py)
# The consumers check the rest: a message routed as one type must carry that type, and
# its source must own it.
set -euo pipefail

read -r -a CTL <<<"${RABBITMQCTL:-rabbitmqctl}"
VHOST="${UDVALG_RABBITMQ_VHOST:-udvalg}"
PREFIX="${UDVALG_RABBITMQ_USER_PREFIX:-udvalg-}"
read -r -a SERVICES <<<"${UDVALG_SERVICES:-agenda decisions awards}"

ctl() { "${CTL[@]}" -q "$@"; }

existing_users="$(ctl list_users | awk '{print $1}')"
for svc in "${SERVICES[@]}"; do
    [[ "$svc" =~ ^[a-z]+$ ]] || { echo "accounts.sh: bad service name '$svc'" >&2; exit 1; }
    user="${PREFIX}${svc}"
    password_variable="${svc^^}_BROKER_PASSWORD"
    password="${!password_variable:?set $password_variable}"
    if grep -qxF -- "$user" <<<"$existing_users"; then
        ctl change_password "$user" "$password"
    else
        ctl add_user "$user" "$password"
    fi
    ctl set_permissions -p "$VHOST" "$user" '^$' "^udvalg\\.(events|${svc}\\.consumer)\$" "^udvalg\\.${svc}(\\.dead)?\$"
    ctl set_topic_permissions -p "$VHOST" "$user" udvalg.events "^${svc}\\." '.*'
    echo "broker account $user on vhost $VHOST: publishes ${svc}.* only"
done
