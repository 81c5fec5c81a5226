#!/usr/bin/env bash
# Installs compare-locales from PyPI into a virtual environment, runs it and
# `fluentpress check --l10n-toml` on the same corpora, and prints where the
# reported sets differ (missing/obsolete messages, attributes and values,
# missing/obsolete files, duplicate ids, syntax errors, references) and
# whether the `--format compare-locales` counts equal compare-locales' own.
#
#   scripts/compare-with-compare-locales.sh           # the test fixture and the benchmark corpus
#   scripts/compare-with-compare-locales.sh --quick   # the test fixture only
#
# Environment: COMPARE_LOCALES_VENV (default target/compare-locales-venv),
# COMPARE_LOCALES_VERSION (default: the newest on PyPI).
# Not a test: it needs PyPI, and compare-locales takes minutes on the corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${COMPARE_LOCALES_VENV:-target/compare-locales-venv}
if [ ! -x "$venv/bin/compare-locales" ]; then
    echo "== installing compare-locales into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "compare-locales${COMPARE_LOCALES_VERSION:+==$COMPARE_LOCALES_VERSION}"
fi
echo "== $("$venv/bin/compare-locales" --version 2>&1)"

echo "== building fluentpress (release)"
cargo build --release --quiet
bin=target/release/fluentpress

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

compare() {
    local name=$1 toml=$2 base=$3
    local out="$work/$name"
    mkdir -p "$out"
    echo
    echo "################ $name: $toml (l10n base $base)"
    local start end
    start=$(date +%s.%N)
    "$venv/bin/compare-locales" --json "$out/cl.json" "$toml" "$base" > "$out/cl.txt" 2>&1 || true
    end=$(date +%s.%N)
    echo "compare-locales: $(python3 -c "print(f'{$end - $start:.2f}')") s"
    start=$(date +%s.%N)
    "$bin" check --l10n-toml "$toml" --l10n-base "$base" --format json > "$out/fp.json" || true
    end=$(date +%s.%N)
    echo "fluentpress:     $(python3 -c "print(f'{$end - $start:.2f}')") s"
    "$bin" check --l10n-toml "$toml" --l10n-base "$base" --format compare-locales > "$out/fp-cl.json" || true
    "$venv/bin/python" scripts/compare_findings.py \
        --l10n-toml "$toml" --l10n-base "$base" \
        --compare-locales "$out/cl.json" --fluentpress "$out/fp.json" --fluentpress-cl "$out/fp-cl.json"
}

compare fixture tests/fixtures/l10n/l10n.toml tests/fixtures/l10n/l10n

if [ "${1:-}" != "--quick" ]; then
    echo
    echo "== generating the benchmark corpus"
    cargo bench --quiet --bench check -- --corpus-only "$work/corpus"
    compare corpus "$work/corpus/l10n.toml" "$work/corpus/l10n"
fi
