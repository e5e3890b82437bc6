#!/bin/sh
# End-to-end check of the materialized product's command line: the real launcher script, a real OSGi start,
# real files. Usage: cli-smoke.sh <product folder> <examples folder> <scratch folder>
set -u
product="$1"; examples="$2"; scratch="$3"
fail() { echo "cli-smoke: FAILED: $*" >&2; exit 1; }
rm -rf "$scratch" && mkdir -p "$scratch"

out=$("$product/underlay" validate "$examples" 2>"$scratch/err"); code=$?
[ "$code" -eq 0 ] || fail "examples: exit $code, expected 0: $out $(cat "$scratch/err")"
[ "$out" = "validated 6 files: 0 errors, 0 warnings" ] || fail "examples: unexpected output: $out"

cat > "$scratch/lib.underlay" <<'DESIGN'
package smoke.lib
device-type OneU { height 1 }
DESIGN
cat > "$scratch/site.underlay" <<'DESIGN'
package smoke.site
import smoke.lib.*
site s {
  room r {
    rack k height 4 {
      server a : OneU at 4
      server b : OneU at 4
    }
  }
}
DESIGN
out=$("$product/underlay" validate "$scratch/site.underlay" 2>"$scratch/err"); code=$?
[ "$code" -eq 1 ] || fail "planted error: exit $code, expected 1: $out $(cat "$scratch/err")"
expected="$scratch/site.underlay:7:26: error: b (unit 4) overlaps a at unit 4 in rack k; first free position: 1 [underlay.rack-unit-overlap]
validated 1 file: 1 error, 0 warnings"
[ "$out" = "$expected" ] || fail "planted error: got
$out
expected
$expected"

"$product/underlay" validate "$scratch/missing.underlay" >/dev/null 2>"$scratch/err"; code=$?
[ "$code" -eq 2 ] || fail "missing file: exit $code, expected 2"
grep -q "no such file or folder" "$scratch/err" || fail "missing file: message was $(cat "$scratch/err")"

# the other commands start in the product (their own bundles resolve: SnakeYAML, Gson, ELK, the engine)
"$product/underlay" import --help >/dev/null 2>&1 || fail "import --help"
"$product/underlay" export ansible-inventory.yml "$examples/acme-dc" --site fra1 --environment lab \
  --out "$scratch/inventory.yml" 2>"$scratch/err" || fail "ansible export: $(cat "$scratch/err")"
grep -q "ansible_host: \"127.0.0.1\"" "$scratch/inventory.yml" || fail "ansible export: no lab host in the inventory"
"$product/underlay" export design.json "$examples/acme-dc" --out "$scratch/design.json" 2>"$scratch/err" \
  && "$product/underlay" import json "$scratch/design.json" --out "$scratch/rebuilt" 2>"$scratch/err" \
  || fail "json round trip: $(cat "$scratch/err")"
out=$("$product/underlay" validate "$scratch/rebuilt" 2>&1)
[ "$out" = "validated 6 files: 0 errors, 0 warnings" ] || fail "re-imported design: $out"
out=$("$product/underlay" plan "$examples/acme-dc" --site fra1 --environment lab --workflow bring-up 2>&1); code=$?
[ "$code" -eq 0 ] || fail "plan: exit $code: $out"
echo "$out" | grep -q "10 machines, 50 actions" || fail "plan: $out"
"$product/underlay" lab status >/dev/null 2>&1; code=$?
[ "$code" -le 2 ] || fail "lab status: exit $code"
out=$("$product/underlay" export graph.dot "$examples/acme-dc" --site fra1 2>&1)
echo "$out" | dot -Tplain >/dev/null 2>&1 || fail "graph.dot does not parse with Graphviz"

echo "cli-smoke: 9 passed, 0 failed"
