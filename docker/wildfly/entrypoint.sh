#!/bin/sh
# Starts WildFly (standalone-full) for Herald. With HERALD_BROKER_USER/HERALD_BROKER_PASSWORD set, first adds
# that application user (group guest: may send to and consume from the queues) for remote JMS producers,
# WildFlyDeploymentIT starts its WildFly through this very script. Extra arguments go to standalone.sh
# (e.g. -Dherald.consumers=4); HERALD_BIND_ADDRESS (default 0.0.0.0) is the public interface.
set -eu
JBOSS_HOME=${JBOSS_HOME:-/opt/jboss/wildfly}
if [ -n "${HERALD_BROKER_USER:-}" ]; then
  "$JBOSS_HOME/bin/add-user.sh" -a -s -u "$HERALD_BROKER_USER" -p "${HERALD_BROKER_PASSWORD:?set HERALD_BROKER_PASSWORD}" -g guest
fi
exec "$JBOSS_HOME/bin/standalone.sh" -c standalone-full.xml -b "${HERALD_BIND_ADDRESS:-0.0.0.0}" -bmanagement 127.0.0.1 "$@"
