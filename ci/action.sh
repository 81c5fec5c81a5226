#!/usr/bin/env bash
# The logic of the GitHub Action (action.yml): runs `fluentpress check` with the
# action's inputs, writes SARIF first when asked (so it can be uploaded even when
# the gate fails), then the annotations and step summary, and exits with the gate.
#
# Inputs arrive as environment variables, as action.yml passes them:
#   INPUT_ROOT          project folder (default .)
#   INPUT_LOCALES       locales to check, comma- or space-separated (default: all)
#   INPUT_MIN_COMPLETE  e.g. "fr=95 de=80" (comma- or space-separated)
#   INPUT_FORMAT        check's --format for the log (default github: annotations + summary)
#   INPUT_SARIF         "true": also write SARIF and name it in the `sarif-file` output
# FLUENTPRESS names the binary (default: fluentpress on PATH).
set -uo pipefail

bin="${FLUENTPRESS:-fluentpress}"
root="${INPUT_ROOT:-.}"
format="${INPUT_FORMAT:-github}"
args=()
locales="${INPUT_LOCALES:-}"
min_complete="${INPUT_MIN_COMPLETE:-}"
for tag in ${locales//,/ }; do
  args+=(--locale "$tag")
done
for spec in ${min_complete//,/ }; do
  args+=(--min-complete "$spec")
done

if [ "${INPUT_SARIF:-false}" = "true" ]; then
  sarif="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/fluentpress.sarif"
  # The gate is judged below; here only a usage or configuration error (2) stops.
  "$bin" --root "$root" check --quiet --format sarif "${args[@]}" >"$sarif"
  status=$?
  if [ "$status" -ge 2 ]; then
    echo "::error title=fluentpress::check --format sarif failed (exit $status)"
    exit "$status"
  fi
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "sarif-file=$sarif" >>"$GITHUB_OUTPUT"
  fi
fi

"$bin" --root "$root" check --format "$format" "${args[@]}"
status=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "exit-code=$status" >>"$GITHUB_OUTPUT"
fi
exit "$status"
