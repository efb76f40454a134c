#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine (idempotent).
set -euo pipefail
need_apt=()
command -v python3 >/dev/null || need_apt+=(python3)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi
