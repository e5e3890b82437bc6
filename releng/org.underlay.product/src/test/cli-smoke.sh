#!/bin/sh
# End-to-end check of the materialized product's command line: every command through the real launcher script, a
# real OSGi start, real files, and the real rehearsal lab (ipmi_sim and Redfish BMCs, SSH hosts) on loopback.
# Usage: cli-smoke.sh <product folder> <examples folder> <scratch folder>
set -u
product="$1"; examples="$2"; scratch="$3"
rm -rf "$scratch" && mkdir -p "$scratch/home" && scratch=$(cd "$scratch" && pwd)
underlay="$product/underlay"
passed=0
lab="$scratch/lab"            # the lab's state, credentials and known hosts: never the user's ~/.underlay/lab
lsp_pid=""
cleanup() {
  [ -n "$lsp_pid" ] && kill "$lsp_pid" 2>/dev/null
  [ -f "$lab/state.json" ] && "$underlay" lab down --state "$lab" >/dev/null 2>&1
}
trap cleanup EXIT
trap 'exit 1' INT TERM PIPE
fail() { echo "cli-smoke: FAILED: $*" >&2; exit 1; }
pass() { passed=$((passed + 1)); }
# the JVM takes user.home from the password database, not from HOME: the lab commands get --state/--lab; HOME is for
# the processes they start
export HOME="$scratch/home"
user_home=$(getent passwd "$(id -u)" | cut -d: -f6)

# run <args...>: the launcher script, standard output in $out and $scratch/out, errors in $scratch/err, exit in $code
run() {
  "$underlay" "$@" >"$scratch/out" 2>"$scratch/err"; code=$?
  out=$(cat "$scratch/out")
  if grep -Eq "Exception|^[[:space:]]+at " "$scratch/out" "$scratch/err"; then
    fail "$*: a stack trace: $(head -c 2000 "$scratch/err")"
  fi
}
# expect <code> <what>: the exit code of the last run
expect() {
  [ "$code" -eq "$1" ] || fail "$2: exit $code, expected $1: $(printf '%s' "$out" | head -c 800) $(head -c 2000 "$scratch/err")"
}
# first_error <text> <what>: the last run's first line on standard error contains the text
first_error() {
  head -n 1 "$scratch/err" | grep -qF -- "$1" || fail "$2: first error line is '$(head -n 1 "$scratch/err")', expected '$1'"
}
contains() { printf '%s\n' "$out" | grep -qF -- "$1" || fail "$2: no '$1' in: $(printf '%s' "$out" | head -c 800)"; }
exactly() { [ "$out" = "$1" ] || fail "$2: got
$out
expected
$1"; }

# --- help: the script routes every command to the headless application ---
for help in help --help; do
  run "$help"; expect 0 "$help"
  for command in validate export import plan apply collect drift lab boot images lsp bench; do
    contains "  $command" "$help"
  done
done
pass
for command in validate export import plan apply collect drift lab boot images lsp bench; do
  run "$command" --help; expect 0 "$command --help"
  case "$out" in "usage: underlay "*) ;; *) fail "$command --help: $out" ;; esac
  contains "underlay $command" "$command --help"
  [ -s "$scratch/err" ] && fail "$command --help wrote errors: $(cat "$scratch/err")"
done
run bench machines --help; expect 0 "bench machines --help"
contains "usage: underlay bench machines" "bench machines --help"
pass

# --- usage errors: exit 2, the first line on standard error says what was wrong, nothing on standard output ---
usage_error() {
  message="$1"; shift
  run "$@"; expect 2 "$*"; first_error "$message" "$*"
  [ -z "$out" ] || fail "$*: wrote to standard output: $out"
}
usage_error "underlay validate: unknown option '--frobnicate'" validate --frobnicate
usage_error "underlay export: unknown export 'nothing.xyz'" export nothing.xyz "$examples/acme-dc"
usage_error "underlay export: unexpected argument '--frobnicate'" export graph.dot "$examples/acme-dc" --frobnicate x
usage_error "underlay import: unknown option '--frobnicate'" import netbox x.yaml --frobnicate
usage_error "underlay plan: --site and --environment are required" plan "$examples/acme-dc" --site fra1
usage_error "underlay apply: site fra1 has no environment 'staging'" apply "$examples/acme-dc" --site fra1 \
  --environment staging
usage_error "underlay collect: not a design folder: $scratch/none" collect "$scratch/none" --site ams1 --environment lab
usage_error "underlay boot: --interface is required (the boot service never answers on every interface)" boot serve \
  "$examples/acme-dc" --site fra1 --environment lab
design="$scratch/design"      # a copy of the example: apply and collect write into the design folder
cp -R "$examples/acme-dc" "$design"
usage_error "underlay drift: nothing observed yet in lab" drift "$design" --site ams1 --environment lab
usage_error "underlay lab: unknown command 'frobnicate'" lab frobnicate
usage_error "underlay lsp: unexpected argument 'extra'" lsp extra
usage_error "underlay bench: unknown option '--frobnicate'" bench --frobnicate
usage_error "underlay bench machines: unexpected '--frobnicate'" bench machines --frobnicate
usage_error "no such file or folder" validate "$scratch/missing.underlay"
pass

# --- validate ---
[ -x "$product/examples/acme-dc/scripts/apply-disk-layout.sh" ] \
  || fail "the product's examples lack the provision workflow's script, or it is not executable"
run validate "$examples"; expect 0 "examples"
[ "$out" = "validated 6 files: 0 errors, 0 warnings" ] || fail "examples: unexpected output: $out"
pass

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
run validate "$scratch/site.underlay"; expect 1 "planted error"
expected="$scratch/site.underlay:6:26: error: a (unit 4) overlaps b at unit 4 in rack k; nearest free position: 3 [underlay.rack-unit-overlap]
$scratch/site.underlay:7:26: error: b (unit 4) overlaps a at unit 4 in rack k; nearest free position: 3 [underlay.rack-unit-overlap]
validated 1 file: 2 errors, 0 warnings"
exactly "$expected" "planted error"
pass

# a broken copy of the example: edge-02 takes edge-01's address; each finding is one line, exit 1
cp -R "$examples/acme-dc" "$scratch/duplicate"
sed -i 's/address 10\.30\.0\.12 on prod/address 10.30.0.11 on prod/' "$scratch/duplicate/sites/ams1.underlay"
run validate "$scratch/duplicate"; expect 1 "duplicate address"
[ "$(printf '%s\n' "$out" | grep -c ': error: 10\.30\.0\.11 is also used by edge-0[12]\.ens1f0 \[underlay\.duplicate-address\]$')" -eq 2 ] \
  || fail "duplicate address: $out"
[ "$(printf '%s\n' "$out" | tail -n 1)" = "validated 6 files: 2 errors, 0 warnings" ] || fail "duplicate address: $out"
pass
# and one with a syntax error
cp -R "$examples/acme-dc" "$scratch/syntax"
printf 'rack }\n' >> "$scratch/syntax/sites/ams1.underlay"
run validate "$scratch/syntax"; expect 1 "syntax error"
# the stray line is one error on its line, in the language's words and with its code; the rest of the file is read
printf '%s\n' "$out" | head -n 1 | grep -Eq "^$scratch/syntax/sites/ams1\.underlay:80:1: error: [a-z][^[]* \[underlay\.unexpected-token\]$" \
  || fail "syntax error: $out"
printf '%s\n' "$out" | grep -Eq "RULE_|mismatched|viable|EOF" && fail "syntax error in parser words: $out"
[ "$(printf '%s\n' "$out" | tail -n 1)" = "validated 6 files: 1 error, 0 warnings" ] || fail "syntax error: $out"
pass
# and one without the script its provision workflow uploads: one line on the script step
cp -R "$examples/acme-dc" "$scratch/noscript"
rm "$scratch/noscript/scripts/apply-disk-layout.sh"
run validate "$scratch/noscript"; expect 1 "missing script"
expected="$scratch/noscript/lib/automation.underlay:21:9: error: script scripts/apply-disk-layout.sh not found in the design folder ($scratch/noscript) [underlay.script-not-found]
validated 6 files: 1 error, 0 warnings"
exactly "$expected" "missing script"
pass

# --- export: one of each family (SVG, PNG, DOT, CSV, HTML, Ansible YAML, JSON) ---
run export elevation.svg "$examples/acme-dc" --site fra1; expect 0 "elevation.svg"
contains "<svg xmlns=\"http://www.w3.org/2000/svg\"" "elevation.svg"
contains 'data-id="device:web-01"' "elevation.svg"
run export graph.png "$examples/acme-dc" --site fra1 --out "$scratch/graph.png"; expect 0 "graph.png"
[ "$(head -c 8 "$scratch/graph.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "graph.png: not a PNG"
run export graph.dot "$examples/acme-dc" --site fra1; expect 0 "graph.dot"
printf '%s\n' "$out" | dot -Tplain >/dev/null 2>&1 || fail "graph.dot does not parse with Graphviz"
run export ip-plan.csv "$examples/acme-dc" --site fra1; expect 0 "ip-plan.csv"
[ "$(printf '%s\n' "$out" | head -n 1 | tr -d '\r')" = "site,room,rack,device,kind,interface,mac,address,network,vlan,subnet,gateway" ] \
  || fail "ip-plan.csv header: $(printf '%s\n' "$out" | head -n 1)" # RFC 4180 lines end in CRLF
contains "fra1,dh2,r01,web-01,server,ens1f0,02:00:0a:0a:00:0b,10.10.0.11,prod,110,10.10.0.0/24,10.10.0.1" "ip-plan.csv"
run export work-package.html "$examples/acme-dc" --site fra1 --out "$scratch/fra1.html"; expect 0 "work-package.html"
grep -q "<!DOCTYPE html>" "$scratch/fra1.html" && grep -q "FRA1-C0001" "$scratch/fra1.html" \
  || fail "work-package.html: no page with cable labels"
run export ansible-inventory.yml "$examples/acme-dc" --site fra1 --environment lab --out "$scratch/inventory.yml"
expect 0 "ansible-inventory.yml"
grep -q "ansible_host: \"127.0.0.1\"" "$scratch/inventory.yml" || fail "ansible export: no lab host in the inventory"
run export ansible-playbook.yml "$examples/acme-dc" --site fra1 --out "$scratch/provision.yml"; expect 0 "ansible-playbook.yml"
grep -q "^  hosts: workflow_provision$" "$scratch/provision.yml" || fail "ansible-playbook.yml: no play for provision"
pass

# --- import: JSON round trip, NetBox device types ---
run export design.json "$examples/acme-dc" --out "$scratch/design.json"; expect 0 "design.json"
run import json "$scratch/design.json" --out "$scratch/rebuilt"; expect 0 "import json"
cp -R "$examples/acme-dc/scripts" "$scratch/rebuilt/" # JSON is the design's text, not the files its steps upload
run validate "$scratch/rebuilt"; expect 0 "re-imported design"
[ "$out" = "validated 6 files: 0 errors, 0 warnings" ] || fail "re-imported design: $out"
pass
mkdir -p "$scratch/netbox"
cat > "$scratch/netbox/r650.yaml" <<'YAML'
manufacturer: Dell
model: PowerEdge R650
slug: dell-poweredge-r650
u_height: 1
is_full_depth: true
console-ports:
  - name: Serial
    type: de-9
interfaces:
  - name: eno1
    type: 1000base-t
  - name: ens1f0
    type: 25gbase-x-sfp28
  - name: iDRAC
    type: 1000base-t
    mgmt_only: true
power-ports:
  - name: PSU1
    type: iec-60320-c14
    maximum_draw: 1100
  - name: PSU2
    type: iec-60320-c14
    maximum_draw: 1100
YAML
run import netbox "$scratch/netbox/r650.yaml" --package smoke.netbox --out "$scratch/netbox.underlay"; expect 0 "import netbox"
for line in "device-type DellPowerEdgeR650 {" "	port ens1f0 speed 25G medium sfp28" \
    "	port iDRAC speed 1G medium rj45 management" "	psus 2 watts 1100" "// not mapped: console-ports (1)"; do
  grep -qxF "$line" "$scratch/netbox.underlay" || fail "import netbox: no '$line' in $(cat "$scratch/netbox.underlay")"
done
run validate "$scratch/netbox.underlay"; expect 0 "imported NetBox library"
printf 'model: [unclosed\n' > "$scratch/netbox/bad.yaml"
run import netbox "$scratch/netbox/bad.yaml" --package smoke.bad; expect 2 "malformed YAML"
first_error "$scratch/netbox/bad.yaml:2: malformed YAML" "malformed YAML"
pass

# --- the rehearsal on the copy of the example: lab up, plan, apply, collect, no drift, lab down; site ams1's lab has
# Redfish BMCs and an ipmi_sim BMC ---
run lab up "$design" --site ams1 --state "$lab"; expect 0 "lab up"
contains "lab up: site ams1, 4 machines in " "lab up"
[ -f "$lab/credentials" ] || fail "lab up: no credentials in $lab"
run lab status --state "$lab"; expect 0 "lab status"
contains "lab status: site ams1, 4 machines, 0 powered on, agent up, 0 BMCs down" "lab status"
run plan "$design" --site ams1 --environment lab --workflow bring-up; expect 0 "plan"
contains "plan bring-up for environment lab of site ams1: 4 machines, 20 actions" "plan"
run plan "$design" --site ams1 --environment lab --workflow bring-up --json; expect 0 "plan --json"
contains "\"workflow\": \"bring-up\"" "plan --json"
run apply "$design" --site ams1 --environment lab --workflow bring-up --lab "$lab"; expect 0 "apply"
for machine in edge-01 edge-02 cache-01 util-01; do
  contains "$machine: ok (5 done, 0 already done)" "apply"
  grep -qxF "$machine| $machine" "$scratch/err" || fail "apply: no 'uname -n' output of $machine: $(cat "$scratch/err")"
done
run collect "$design" --site ams1 --environment lab --lab "$lab"; expect 0 "collect"
contains "observed 4 machines of lab; stored in .underlay/observed/lab.observed" "collect"
run drift "$design" --site ams1 --environment lab; expect 0 "drift"
case "$out" in "no drift in lab (observed "*) ;; *) fail "drift: $out" ;; esac
run lab status --state "$lab"; expect 0 "lab status after apply"
contains "4 machines, 4 powered on, agent up, 0 BMCs down" "lab status after apply"
contains "lab status: hosts run commands on disks of their own" "lab status after apply"
# the production workflow, unchanged: install on PXE, mirror, host name, NTP, the disk-layout script, reboot, facts
run apply "$design" --site ams1 --environment lab --workflow provision --lab "$lab"; expect 0 "apply provision"
provisioned=""
for machine in $(printf '%s\n' "$out" | sed -n 's/^\([a-z0-9-]*\): ok (13 done, 0 already done)$/\1/p'); do
  provisioned="$provisioned $machine"
done
[ "$(echo $provisioned | wc -w)" = 4 ] || fail "apply provision: not all 4 machines ok: $out"
# Ctrl-C and the lock, with real processes and real signals: a second apply is refused while the first runs; the
# first Ctrl-C lets the commands in flight finish and starts nothing new; the next apply resumes with what was left
cat >"$design/lib/smoke-signals.underlay" <<'SMOKE'
package acme.smoke
workflow slowpoke { run "sleep 12"  run "echo second" }
workflow stuck { run "sleep 8" }
SMOKE
journal="$design/.underlay/journal/lab.jsonl"
started() { # <count> <text>: until the journal has that many STARTED lines with the text
  tries=0
  until [ "$(grep '"STARTED"' "$journal" 2>/dev/null | grep -cF -- "$2")" -ge "$1" ]; do
    tries=$((tries + 1)); [ "$tries" -gt 300 ] && fail "signals: the apply did not start: $(cat "$scratch/bg.err")"; sleep 0.1
  done
}
# a background job of a script starts with SIGINT ignored (and the JVM then leaves it so): give it back its default,
# as a terminal's foreground job has it
env --default-signal=INT "$underlay" apply "$design" --site ams1 --environment lab --workflow slowpoke --lab "$lab" \
  >"$scratch/bg.out" 2>"$scratch/bg.err" &
bg=$!
started 4 "sleep 12"
run apply "$design" --site ams1 --environment lab --workflow slowpoke --lab "$lab"; expect 1 "second apply"
grep -qF "is locked: apply slowpoke in lab by " "$scratch/err" || fail "second apply: not refused by the lock: $(cat "$scratch/err")"
kill -INT "$bg"
wait "$bg"; code=$?
[ "$code" -eq 1 ] || fail "Ctrl-C: exit $code: $(cat "$scratch/bg.out" "$scratch/bg.err")"
grep -qF "stopping: no new action starts" "$scratch/bg.err" || fail "Ctrl-C: not announced: $(cat "$scratch/bg.err")"
[ "$(grep -c ': STOPPED at action [0-9]*: stopped before action' "$scratch/bg.out")" = 4 ] || fail "Ctrl-C: $(cat "$scratch/bg.out")"
[ "$(grep -c ' run sleep 12: done' "$scratch/bg.err")" = 4 ] \
  || fail "Ctrl-C: the commands in flight did not finish: $(cat "$scratch/bg.err")"
grep -qF 'echo second' "$journal" && fail "Ctrl-C: a new action started after it"
run apply "$design" --site ams1 --environment lab --workflow slowpoke --lab "$lab"; expect 0 "resume after Ctrl-C"
[ "$(printf '%s\n' "$out" | grep -c ': ok (1 done, 1 already done)')" = 4 ] || fail "resume after Ctrl-C: $out"
# two Ctrl-Cs: the commands in flight are interrupted and recorded so; the next apply does not run them blindly
env --default-signal=INT "$underlay" apply "$design" --site ams1 --environment lab --workflow stuck --lab "$lab" \
  >"$scratch/bg.out" 2>"$scratch/bg.err" &
bg=$!
started 4 "sleep 8"
kill -INT "$bg"; sleep 1; kill -INT "$bg"
wait "$bg"; code=$?
[ "$code" -eq 1 ] || fail "two Ctrl-Cs: exit $code: $(cat "$scratch/bg.out" "$scratch/bg.err")"
[ "$(grep -c '"INTERRUPTED"' "$journal")" -ge 4 ] || fail "two Ctrl-Cs: not recorded: $(tail -n 8 "$journal")"
run apply "$design" --site ams1 --environment lab --workflow stuck --lab "$lab"; expect 1 "after two Ctrl-Cs"
contains "apply again with --rerun-interrupted" "after two Ctrl-Cs"
run apply "$design" --site ams1 --environment lab --workflow stuck --lab "$lab" --rerun-interrupted
expect 0 "--rerun-interrupted"
[ "$(stat -c %a "$journal")" = 600 ] || fail "the journal is not 0600"
rm "$design/lib/smoke-signals.underlay"
run lab down --state "$lab"; expect 0 "lab down"
contains "all ports free" "lab down"
run lab status --state "$lab"; expect 0 "lab status after down"
contains "lab status: no lab in $lab" "lab status after down"
# the user's own lab (if one runs) does not know ours
grep -qsF "$scratch" "$user_home/.underlay/lab/state.json" && fail "the lab was recorded in the user's ~/.underlay/lab"
pass

# --- the language server over stdio: initialize (a folder with a planted error), its diagnostics, shutdown, exit ---
lsp_message() { printf 'Content-Length: %d\r\n\r\n%s' "$(printf '%s' "$1" | wc -c)" "$1" >&3; }
wait_for() { # <fixed text> <seconds>: until the server's output has it
  tries=0
  until grep -qF -- "$1" "$scratch/lsp.out"; do
    tries=$((tries + 1)); [ "$tries" -gt $(($2 * 10)) ] && return 1; sleep 0.1
  done
}
mkfifo "$scratch/lsp.in"
"$underlay" lsp <"$scratch/lsp.in" >"$scratch/lsp.out" 2>"$scratch/lsp.err" &
lsp_pid=$!
exec 3>"$scratch/lsp.in"
lsp_message '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"file://'"$scratch/duplicate"'","capabilities":{}}}'
wait_for '"id":1,"result":{"capabilities":' 60 || fail "lsp: no initialize result: $(cat "$scratch/lsp.out" "$scratch/lsp.err")"
lsp_message '{"jsonrpc":"2.0","method":"initialized","params":{}}'
wait_for '"code":"underlay.duplicate-address"' 60 \
  || fail "lsp: no diagnostic for the planted duplicate address: $(cat "$scratch/lsp.out" "$scratch/lsp.err")"
lsp_message '{"jsonrpc":"2.0","id":2,"method":"shutdown","params":null}'
wait_for '"id":2,"result":' 30 || fail "lsp: no shutdown result: $(cat "$scratch/lsp.out")"
lsp_message '{"jsonrpc":"2.0","method":"exit","params":null}'
exec 3>&-
wait "$lsp_pid"; code=$?; lsp_pid=""
[ "$code" -eq 0 ] || fail "lsp: exit $code: $(cat "$scratch/lsp.err")"
grep -q '"textDocumentSync"' "$scratch/lsp.out" || fail "lsp: no text document sync capability"
grep -Eq "Exception|^[[:space:]]+at " "$scratch/lsp.err" && fail "lsp: $(cat "$scratch/lsp.err")"
pass

# --- bench, its smallest design (the warm-up and the drawing figures come with every run) ---
run bench 100; expect 0 "bench"
for row in "100 devices, 1 site files" "revalidate after 1 edit (median)" "elevation, room of 20 racks x 42 U" \
    "graph layout, 1816 cables" "drift, 10 differences found"; do
  contains "$row" "bench"
done
[ -s "$scratch/err" ] && fail "bench: $(cat "$scratch/err")"
pass

echo "cli-smoke: $passed passed, 0 failed"
