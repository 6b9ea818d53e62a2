#!/usr/bin/env bash
# Installs the command-line tools the deploy module's tests run, when they are missing:
#   promtool        Debian package prometheus
#   amtool          Debian package prometheus-alertmanager
#   docker-compose  Debian package docker-compose
# As root (or through passwordless sudo) with apt-get install --no-install-recommends: about 30
# packages, under a minute on a machine that reaches the Debian mirrors. Prints what it did.
# Exit 0 when every tool is there afterwards, non-zero otherwise (the tests then fail and say how
# to install by hand). Safe to run again: present tools are left alone.
set -uo pipefail

declare -A package=([promtool]=prometheus [amtool]=prometheus-alertmanager [docker-compose]=docker-compose)
tools=(promtool amtool docker-compose)

missing_packages() {
  local t
  for t in "${tools[@]}"; do
    command -v "$t" > /dev/null 2>&1 || echo "${package[$t]}"
  done
}

mapfile -t missing < <(missing_packages)
if [ "${#missing[@]}" -eq 0 ]; then
  echo "ensure-tools: promtool, amtool and docker-compose already installed"
  exit 0
fi

echo "ensure-tools: missing Debian packages: ${missing[*]}"
if ! command -v apt-get > /dev/null 2>&1; then
  echo "ensure-tools: no apt-get on this machine; install ${missing[*]} (or the tools) by hand" >&2
  exit 2
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo > /dev/null 2>&1 && sudo -n true 2> /dev/null; then
  as_root=(sudo -n)
else
  echo "ensure-tools: not root and no passwordless sudo; run as root: apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 2
fi

export DEBIAN_FRONTEND=noninteractive
start=$(date +%s)
install() {
  "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}
# A fresh machine may have no package lists, or stale ones: update once and retry.
if ! install; then
  echo "ensure-tools: apt-get install failed; running apt-get update and trying again"
  "${as_root[@]}" apt-get update -q && install
fi
rc=$?
echo "ensure-tools: apt-get install ${missing[*]} finished with exit code $rc in $(( $(date +%s) - start )) s"

mapfile -t still < <(missing_packages)
if [ "${#still[@]}" -ne 0 ]; then
  echo "ensure-tools: still missing after install: ${still[*]}" >&2
  exit 3
fi
echo "ensure-tools: $(command -v promtool) $(command -v amtool) $(command -v docker-compose)"
exit 0
