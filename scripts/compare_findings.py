#!/usr/bin/env python3
"""Compares what compare-locales and `fluentpress check` report on one project.

Used by scripts/compare-with-compare-locales.sh. Reads compare-locales'
`--json` output, fluentpress' `--format json` and `--format compare-locales`
outputs, turns both reports into sets of (kind, file, what) and prints, per
kind, what both report and what only one of them does; then compares the
compare-locales summaries field by field.
"""

import argparse
import collections
import json
import os
import re
import sys

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

# The kinds both tools check, in the order they are printed.
SHARED = [
    "missing-message",
    "obsolete-message",
    "missing-file",
    "obsolete-file",
    "missing-attribute",
    "obsolete-attribute",
    "missing-value",
    "obsolete-value",
    "duplicate-id",
    "syntax-error",
    "reference",
    "plural",
]

WHY = {
    "reference": (
        "compare-locales compares each message's references with the reference's "
        "(warning: 'Missing/Obsolete term reference'); fluentpress reports a reference "
        "the locale cannot resolve (error: unknown-reference), wherever it is. A term "
        "the locale lacks is silent in compare-locales when the reference uses it too; "
        "a locale's own term (or a dropped reference) is a compare-locales warning only."
    ),
    "plural": (
        "compare-locales knows Gecko's plural rules (French: one, other) and only looks at "
        "a select whose keys include one of the locale's categories; fluentpress uses "
        "CLDR's rules (French also has many: 1000000) on every select on a number, and "
        "also reports categories the language never selects (plural-unreachable-category)."
    ),
    "duplicate-id": (
        "compare-locales counts duplicates within a file; fluentpress also across the "
        "files of a locale."
    ),
    "missing-message": (
        "compare-locales compares file by file; fluentpress counts a message defined in "
        "another file of the locale as present."
    ),
    "obsolete-message": (
        "compare-locales compares file by file; fluentpress counts a message the "
        "reference has in another file as not obsolete."
    ),
}


def base_root(toml_path):
    with open(toml_path, "rb") as f:
        data = f.read()
    basepath = "."
    if tomllib is not None:
        basepath = tomllib.loads(data.decode("utf-8")).get("basepath", ".")
    else:
        m = re.search(rb'^\s*basepath\s*=\s*"([^"]*)"', data, re.M)
        if m:
            basepath = m.group(1).decode("utf-8")
    return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(toml_path)), basepath))


def flatten(tree, prefix=""):
    if isinstance(tree, list):
        yield prefix, tree
        return
    for key, value in tree.items():
        yield from flatten(value, f"{prefix}/{key}" if prefix else key)


CL_PATTERNS = [
    (re.compile(r"^(?P<id>\S+) occurs \d+ times$"), "duplicate-id", "{id}"),
    (re.compile(r"^Unparsed content .* from line (?P<line>\d+) column"), "syntax-error", ""),
    (re.compile(r"^Missing attribute: (?P<attr>\S+) at .* for (?P<id>\S+)$"), "missing-attribute", "{id}.{attr}"),
    (re.compile(r"^Obsolete attribute: (?P<attr>\S+) at .* for (?P<id>\S+)$"), "obsolete-attribute", "{id}.{attr}"),
    (re.compile(r"^Plural categories missing: .* for (?P<id>\S+)$"), "plural", "{id}"),
    (re.compile(r"^Missing value at .* for (?P<id>\S+)$"), "missing-value", "{id}"),
    (re.compile(r"^Obsolete value at .* for (?P<id>\S+)$"), "obsolete-value", "{id}"),
    (
        re.compile(r"^(?P<how>Missing|Obsolete) (?P<kind>term|message) reference: (?P<ref>\S+) at .* for (?P<id>\S+)$"),
        "reference",
        "{id} {how_l} {ref}",
    ),
]


def compare_locales_items(path, l10n_base):
    with open(path) as f:
        data = json.load(f)
    items = set()
    other = collections.Counter()
    syntax = collections.Counter()
    for rel, notices in flatten(data[0]["details"]):
        file = os.path.normpath(os.path.join(l10n_base, rel))
        for notice in notices:
            (category, value), = notice.items()
            if category == "missingEntity":
                items.add(("missing-message", file, value))
            elif category == "obsoleteEntity":
                items.add(("obsolete-message", file, value))
            elif category == "missingFile":
                items.add(("missing-file", file, ""))
            elif category == "obsoleteFile":
                items.add(("obsolete-file", file, ""))
            else:
                for regex, kind, what in CL_PATTERNS:
                    m = regex.match(value)
                    if not m:
                        continue
                    if kind == "duplicate-id" and category == "warning":
                        other["duplicate in the reference (warning in every locale)"] += 1
                    elif kind == "syntax-error":
                        syntax[file] += 1
                    else:
                        g = m.groupdict()
                        g["how_l"] = g.get("how", "").lower()
                        items.add((kind, file, what.format(**g)))
                    break
                else:
                    label = re.sub(r"[:\"].*", "", value)[:60]
                    other[f"{category}: {label}"] += 1
    for file, n in syntax.items():
        items.add(("syntax-error", file, f"{n} unparsed"))
    return items, other, data[0]["summary"]


FP_UNKNOWN_TERM = re.compile(r"uses the term (?P<ref>-\S+), which")
FP_UNKNOWN_MSG = re.compile(r"refers to the message `(?P<ref>[^`]+)`")
# reference-mismatch: a reference the translation dropped or added, as compare-locales'
# "Missing/Obsolete term reference" warnings.
FP_MISMATCH = re.compile(r"(?P<how>does not use|uses) \{ (?P<ref>\S+) \}, which the source")


def fluentpress_items(path, root, obsolete_files):
    with open(path) as f:
        data = json.load(f)
    source = data["source_locale"]
    items = set()
    other = collections.Counter()
    syntax = collections.Counter()
    for f in data["findings"]:
        code, fid = f["code"], f["id"] or ""
        file = os.path.normpath(os.path.join(root, f["file"]))
        if f["locale"] == source:
            other[f"{code} (in the reference)"] += 1
            continue
        if code in ("missing-message", "missing-file", "missing-attribute", "obsolete-attribute",
                    "missing-value", "obsolete-value", "duplicate-id"):
            items.add((code, file, "" if code == "missing-file" else fid))
        elif code == "obsolete-message":
            if file in obsolete_files:
                items.add(("obsolete-file", file, ""))
            else:
                items.add((code, file, fid))
        elif code == "syntax-error":
            syntax[file] += 1
        elif code == "plural-missing-category":
            items.add(("plural", file, fid.split(".")[0]))
        elif code == "unknown-reference":
            m = FP_UNKNOWN_TERM.search(f["message"]) or FP_UNKNOWN_MSG.search(f["message"])
            ref = m.group("ref") if m else "?"
            items.add(("reference", file, f"{fid.split('.')[0]} unresolved {ref}"))
        elif code == "reference-mismatch" and FP_MISMATCH.search(f["message"]):
            m = FP_MISMATCH.search(f["message"])
            how = "missing" if m.group("how") == "does not use" else "obsolete"
            items.add(("reference", file, f"{fid.split('.')[0]} {how} {m.group('ref')}"))
        else:
            other[f"{code} ({f['severity']})"] += 1
    for file, n in syntax.items():
        items.add(("syntax-error", file, f"{n} unparsed"))
    return items, other


def short(path, root, base):
    for prefix in (base, root):
        if path.startswith(prefix + "/"):
            return path[len(prefix) + 1:]
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--l10n-toml", required=True)
    ap.add_argument("--l10n-base", required=True)
    ap.add_argument("--compare-locales", required=True)
    ap.add_argument("--fluentpress", required=True)
    ap.add_argument("--fluentpress-cl", required=True)
    ap.add_argument("--examples", type=int, default=8)
    args = ap.parse_args()
    root = base_root(args.l10n_toml)
    base = os.path.abspath(args.l10n_base)

    cl, cl_other, cl_summary = compare_locales_items(args.compare_locales, base)
    obsolete_files = {file for kind, file, _ in cl if kind == "obsolete-file"}
    fp, fp_other = fluentpress_items(args.fluentpress, root, obsolete_files)

    print(f"{'kind':20} {'both':>7} {'only compare-locales':>21} {'only fluentpress':>17}")
    details = []
    for kind in SHARED:
        a = {i for i in cl if i[0] == kind}
        b = {i for i in fp if i[0] == kind}
        both, only_cl, only_fp = a & b, a - b, b - a
        if kind == "reference":
            # Different checks: compare by message rather than by wording.
            msgs_a = {(f, w.split(" ")[0]) for _, f, w in a}
            msgs_b = {(f, w.split(" ")[0]) for _, f, w in b}
            both = msgs_a & msgs_b
            only_cl = {i for i in a if (i[1], i[2].split(" ")[0]) not in msgs_b}
            only_fp = {i for i in b if (i[1], i[2].split(" ")[0]) not in msgs_a}
        print(f"{kind:20} {len(both):>7} {len(only_cl):>21} {len(only_fp):>17}")
        if only_cl or only_fp:
            details.append((kind, only_cl, only_fp))

    for kind, only_cl, only_fp in details:
        print(f"\n-- {kind}")
        if kind in WHY:
            print(f"   why: {WHY[kind]}")
        for label, items in (("only compare-locales", only_cl), ("only fluentpress", only_fp)):
            if not items:
                continue
            print(f"   {label} ({len(items)}):")
            for _, file, what in sorted(items)[: args.examples]:
                print(f"     {short(file, root, base)}: {what}")
            if len(items) > args.examples:
                print(f"     … {len(items) - args.examples} more")

    print("\n-- reported by one tool only (no counterpart check in the other)")
    for label, counter in (("compare-locales", cl_other), ("fluentpress", fp_other)):
        for what, n in counter.most_common():
            print(f"   {label}: {n} × {what}")

    with open(args.fluentpress_cl) as f:
        ours = json.load(f)[0]["summary"]
    print("\n-- `--format compare-locales` summary against compare-locales' own")
    locales = sorted(set(ours) | set(cl_summary))
    fields = ["missing", "missing_w", "report", "obsolete", "changed", "changed_w",
              "unchanged", "unchanged_w", "keys", "errors", "warnings"]
    for field in fields:
        diff = [l for l in locales if ours.get(l, {}).get(field) != cl_summary.get(l, {}).get(field)]
        total_a = sum(ours.get(l, {}).get(field, 0) for l in locales)
        total_b = sum(cl_summary.get(l, {}).get(field, 0) for l in locales)
        status = "identical" if not diff else f"differs in {len(diff)} of {len(locales)} locales"
        print(f"   {field:12} {status:32} total fluentpress {total_a:>7}, compare-locales {total_b:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
