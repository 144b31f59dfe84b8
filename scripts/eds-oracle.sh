#!/usr/bin/env bash
# The EDS test oracle: certificates and CMS signatures of NCA RK's kinds (RSA, ECDSA and Kazakhstan's GOST)
# made by BouncyCastle, which shares no code with numlink's verifier. The tests run it; by hand:
#
#   scripts/eds-oracle.sh <content file> <output json>
#
# Resolves BouncyCastle's jars with Maven once (EDS_ORACLE_CACHE_DIR, default $HOME/.cache/numlink-eds-oracle)
# and compiles KazakhEdsOracle.java once per change of it or of pom.xml. Needs a JDK 17+ and Maven.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly FILES="$HERE/eds-oracle"
readonly CACHE_DIR="${EDS_ORACLE_CACHE_DIR:-$HOME/.cache/numlink-eds-oracle}"
readonly LIB_DIR="$CACHE_DIR/lib"
readonly CLASSES_DIR="$CACHE_DIR/classes"

die() {
  echo "eds-oracle.sh: $*" >&2
  exit 1
}

[[ $# -eq 2 ]] || die "usage: eds-oracle.sh <content file> <output json>"
for tool in java javac mvn sha256sum; do
  command -v "$tool" >/dev/null || die "'$tool' is not installed (a JDK 17+ and Maven are needed)"
done
mkdir -p "$CACHE_DIR"

# One resolver and compiler at a time: parallel test workers share the cache.
exec 9>"$CACHE_DIR/.lock"
flock 9

wanted="$(sha256sum "$FILES/pom.xml" | cut -d' ' -f1)"
if [[ ! -f "$LIB_DIR/.pom.sha256" || "$(cat "$LIB_DIR/.pom.sha256")" != "$wanted" ]]; then
  fresh="$CACHE_DIR/lib.partial.$$"
  rm -rf "$fresh"
  mkdir -p "$fresh"
  mvn -q -B -Dstyle.color=never -f "$FILES/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$fresh" -DincludeScope=runtime >&2 || {
    rm -rf "$fresh"
    die "Maven could not resolve the jars listed in $FILES/pom.xml"
  }
  echo "$wanted" >"$fresh/.pom.sha256"
  rm -rf "$LIB_DIR"
  mv "$fresh" "$LIB_DIR"
fi

wanted="$(cat "$FILES/KazakhEdsOracle.java" "$LIB_DIR/.pom.sha256" | sha256sum | cut -d' ' -f1)"
if [[ ! -f "$CLASSES_DIR/.sha256" || "$(cat "$CLASSES_DIR/.sha256")" != "$wanted" ]]; then
  rm -rf "$CLASSES_DIR"
  mkdir -p "$CLASSES_DIR"
  javac -nowarn -cp "$LIB_DIR/*" -d "$CLASSES_DIR" "$FILES/KazakhEdsOracle.java" >&2
  echo "$wanted" >"$CLASSES_DIR/.sha256"
fi
flock -u 9

exec java -Xmx256m -XX:TieredStopAtLevel=1 -cp "$CLASSES_DIR:$LIB_DIR/*" KazakhEdsOracle "$1" "$2"
