#!/bin/sh
# build.sh SOURCE OUTPUT: compiles an ipmi_sim module (a shared object ipmi_sim loads with lan.conf's loadlib).
# Run by the build in generate-resources (see ../pom.xml), so that the peers bundle carries the module and nobody
# compiles at 'lab up' or in a test.
set -e
source=$1
output=$2
[ -n "$source" ] && [ -n "$output" ] || { echo "usage: $0 SOURCE OUTPUT" >&2; exit 2; }
hint="the ipmi_sim module (boot flags for the rehearsal lab and the tests) is compiled by the build: it needs gcc, libc6-dev and libopenipmi-dev
(apt-get install -y --no-install-recommends gcc libc6-dev libopenipmi-dev)"
command -v gcc >/dev/null 2>&1 || { echo "gcc not found: $hint" >&2; exit 1; }
mkdir -p "$(dirname "$output")"
gcc -shared -fPIC -O2 -Wall -o "$output.tmp" "$source" || { echo "gcc failed on $source: $hint" >&2; exit 1; }
mv "$output.tmp" "$output"
