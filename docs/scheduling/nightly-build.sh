#!/usr/bin/env bash
# Nightly incremental labelpanel build: labels only what is new since the last good build.
#
#   nightly-build.sh CONFIG ROOT [labelpanel run options...]
#
# Each run writes ROOT/builds/<UTC timestamp>/ and reads the previous good build (ROOT/latest) with --previous, so
# items labeled before (same item_id and config hash) are carried over without any LLM call. ROOT/latest moves to
# the new build only when the run succeeded (exit 0: the job finished and its counts add up). Older builds beyond
# KEEP (default 7) are removed. Exit code: labelpanel's (0 ok, 1 job failed, 2 bad config or usage).
#
# Environment: LABELPANEL (the labelpanel launcher; default: labelpanel on PATH), KEEP, and the API key variables
# your config's labelers name in api_key_env. Extra options go to `labelpanel run` unchanged, e.g.
#   --runner FlinkRunner --flinkMaster=jobmanager:8081 --parallelism=8 --sharedPaths=true
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 CONFIG ROOT [labelpanel run options...]" >&2
  exit 2
fi
config=$1
root=$2
shift 2
labelpanel=${LABELPANEL:-labelpanel}
keep=${KEEP:-7}

mkdir -p "$root/builds"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$root/builds/$stamp"

previous=()
if [ -e "$root/latest" ]; then
  previous=(--previous "$(readlink -f "$root/latest")")
fi

echo "nightly-build: $stamp -> $out ${previous[*]:-(first build: everything is labeled)}" >&2
status=0
"$labelpanel" run --config "$config" --out "$out" --quiet "${previous[@]}" "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "nightly-build: run failed with exit code $status; $root/latest still points to the last good build" >&2
  exit "$status"
fi

# Point latest at the new build atomically (a rename), then drop old builds, never the one latest points to.
ln -sfn "builds/$stamp" "$root/latest.next"
mv -Tf "$root/latest.next" "$root/latest"
ls -1d "$root"/builds/*/ | sort | head -n "-$keep" | while read -r old; do
  [ "$(readlink -f "$old")" = "$(readlink -f "$root/latest")" ] || rm -rf -- "$old"
done
echo "nightly-build: $root/latest -> builds/$stamp" >&2
