#!/bin/sh
# Installs the Underlay update site into a bare Eclipse 4.38 platform with the platform's own p2 director
# application, as a user would, then runs the installed command line.
# Usage: install-test.sh <bare platform folder> <Underlay p2 repository> <scratch folder>
set -u
platform="$1"; repository="$2"; scratch="$3"
fail() { echo "install-test: FAILED: $*" >&2; exit 1; }
passed=0
pass() { passed=$((passed + 1)); }
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
rm -rf "$scratch" && mkdir -p "$scratch/home" && scratch=$(cd "$scratch" && pwd)
[ -f "$repository/content.jar" ] || [ -f "$repository/content.xml.xz" ] || fail "no p2 repository in $repository"
repository=$(cd "$repository" && pwd)

eclipse="$scratch/eclipse"
cp -a "$platform" "$eclipse" || fail "cannot copy $platform"
ls "$eclipse"/plugins | grep -q '^org\.underlay\.' && fail "the bare platform already contains Underlay bundles"
[ -e "$eclipse/underlay" ] && fail "the bare platform already has the underlay script"
launcher=$(ls "$eclipse"/plugins/org.eclipse.equinox.launcher_*.jar 2>/dev/null | head -n 1)
[ -n "$launcher" ] || fail "no Equinox launcher in the bare platform"

# the platform's own director, installing into the running installation (its profile: DefaultProfile); a home of its
# own, so nothing is written to the user's ~/.eclipse
director() {
  (cd "$eclipse" && "$java" -Duser.home="$scratch/home" -jar "$launcher" -nosplash -consoleLog \
    -application org.eclipse.equinox.p2.director "$@")
}

director -repository "file:$repository" -installIU org.underlay.feature.feature.group \
  >"$scratch/director.out" 2>&1; code=$?
[ "$code" -eq 0 ] || fail "director exit $code: $(cat "$scratch/director.out")"
grep -q "^Installing org.underlay.feature.feature.group " "$scratch/director.out" \
  || fail "director did not say what it installed: $(cat "$scratch/director.out")"
grep -q "^Operation completed in " "$scratch/director.out" || fail "director: $(cat "$scratch/director.out")"
grep -Eq "Exception|^\s+at " "$scratch/director.out" && fail "director printed a stack trace: $(cat "$scratch/director.out")"
pass

# every Underlay bundle of the update site is now in the installation's plugins, at the update site's version, and in
# the simpleconfigurator's bundles.info (so the framework loads it)
bundles_info="$eclipse/configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"
count=0
for jar in "$repository"/plugins/org.underlay.*.jar; do
  name=$(basename "$jar")
  [ -f "$eclipse/plugins/$name" ] || fail "$name is not in the installation's plugins"
  grep -q ",plugins/$name," "$bundles_info" || fail "$name is not in bundles.info"
  count=$((count + 1))
done
[ "$count" -ge 12 ] || fail "only $count Underlay bundles in the update site"
pass

# the ipmi_sim module (compiled by the build, loaded by every lab IPMI BMC) came with the peers bundle
peers_jar=$(ls "$eclipse"/plugins/org.underlay.peers_*.jar 2>/dev/null | head -n 1)
[ -n "$peers_jar" ] || fail "no org.underlay.peers bundle in the installation's plugins"
"${JAVA_HOME:+$JAVA_HOME/bin/}jar" tf "$peers_jar" >"$scratch/peers-jar.txt" || fail "cannot list $peers_jar"
grep -qx "org/underlay/peers/ipmi/bootflags.so" "$scratch/peers-jar.txt" \
  || fail "the installed peers bundle has no ipmi_sim module (org/underlay/peers/ipmi/bootflags.so)"
pass

# the p2 profile has the feature as an installed root
director -listInstalledRoots >"$scratch/roots.out" 2>&1; code=$?
[ "$code" -eq 0 ] || fail "listInstalledRoots exit $code: $(cat "$scratch/roots.out")"
grep -q "^org.underlay.feature.feature.group/" "$scratch/roots.out" \
  || fail "the profile has no org.underlay.feature.feature.group root: $(cat "$scratch/roots.out")"
pass

# the feature's root files: the launcher script (executable) and the examples
[ -x "$eclipse/underlay" ] || fail "the underlay script is missing or not executable"
[ -f "$eclipse/examples/acme-dc/sites/fra1.underlay" ] || fail "the examples are missing"
[ -x "$eclipse/examples/acme-dc/scripts/apply-disk-layout.sh" ] || fail "the example's script is missing or not executable"
pass

# the installed product runs: the command line from the installation, on the installed examples
out=$(HOME="$scratch/home" "$eclipse/underlay" validate "$eclipse/examples" 2>"$scratch/err"); code=$?
[ "$code" -eq 0 ] || fail "installed validate: exit $code: $out $(cat "$scratch/err")"
[ "$out" = "validated 6 files: 0 errors, 0 warnings" ] || fail "installed validate: $out $(cat "$scratch/err")"
pass
HOME="$scratch/home" "$eclipse/underlay" export graph.svg "$eclipse/examples/acme-dc" --site fra1 \
  --out "$scratch/graph.svg" 2>"$scratch/err"; code=$?
[ "$code" -eq 0 ] || fail "installed export graph.svg: exit $code: $(cat "$scratch/err")"
grep -q "<svg" "$scratch/graph.svg" && grep -q "web-01" "$scratch/graph.svg" \
  || fail "installed export graph.svg: not a drawing of fra1"
pass

echo "install-test: $passed passed, 0 failed"
