#!/usr/bin/env bash
# Builds what an operator downloads, from the launcher as examples/ built it (runbook.jar and lib/):
#   OUT/runbook-VERSION-linux-x64.tar.gz   a jlink'ed runtime, the launcher, the man pages, completion, the host example
#   OUT/runbook_DEBVERSION_amd64.deb       the same under /usr/lib/runbook, /usr/bin/runbook, /etc/runbook,
#                                          the runbook@.service unit, completion and man pages where Debian puts them
# Run by Maven in dist's package phase (mvn -B verify, or mvn -B -pl dist -am package); by hand:
#   bash dist/src/build/package.sh VERSION EXAMPLES_TARGET OUT JDK REPO CLASSPATH
# JDK is the JDK whose jlink makes the runtime (dist's -Ddist.jdk, default the one running Maven). With a JDK that
# has an ahead-of-time cache (24+), a training run makes app/runbook.aot here; with Java 17 the launcher's AppCDS
# archive is made where it is installed (see bin/runbook). Needs bash, tar, gzip; dpkg-deb for the .deb (skipped
# with a warning when absent); asciidoctor for the man pages (skipped with a warning when absent).
set -euo pipefail
[ $# -eq 6 ] || { echo "usage: package.sh VERSION EXAMPLES_TARGET OUT JDK REPO CLASSPATH" >&2; exit 2; }
VERSION="$1"; EX="$2"; OUT="$3"; JDK="$4"; REPO="$5"; CP="$6"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"   # dist/src
say() { echo "[dist] $*"; }
die() { echo "[dist] error: $*" >&2; exit 1; }

[ -f "$EX/runbook.jar" ] && [ -d "$EX/lib" ] || die "the launcher is not built: expected $EX/runbook.jar and $EX/lib/ (build examples first: mvn -pl dist -am package)"
[ -x "$JDK/bin/jlink" ] && [ -x "$JDK/bin/jdeps" ] || die "$JDK has no bin/jlink and bin/jdeps: point -Ddist.jdk at a full JDK (not a JRE)"
JAVA_FEATURE="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JDK/release")"
[ -n "$JAVA_FEATURE" ] || die "cannot read the Java version from $JDK/release"
COMMIT="$(git -C "$REPO" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
NAME="runbook-$VERSION"
IMAGE="$OUT/image/$NAME"
mkdir -p "$OUT/image"

# the jars the launcher's manifest names (Class-Path), not whatever else lib/ holds from earlier builds
# (the JDK's jar tool, not unzip: a build machine has a JDK, not necessarily unzip)
unpack() {  # JAR ENTRY DIR: extracts one entry of JAR under DIR
  mkdir -p "$3" && (cd "$3" && "$JDK/bin/jar" xf "$1" "$2")
}
rm -rf "$OUT/unpacked"
unpack "$(cd "$EX" && pwd)/runbook.jar" META-INF/MANIFEST.MF "$OUT/unpacked/launcher"
jars="$(tr -d '\r' < "$OUT/unpacked/launcher/META-INF/MANIFEST.MF" | sed -e ':a' -e '/^Class-Path:/{N;s/\n //;ba' -e '}' \
        | sed -n 's/^Class-Path: //p' | tr ' ' '\n' | sed -n 's#^lib/##p')"
[ -n "$jars" ] || die "$EX/runbook.jar has no Class-Path in its manifest"
rm -rf "$IMAGE.app" && mkdir -p "$IMAGE.app/lib"
cp "$EX/runbook.jar" "$IMAGE.app/"
for j in $jars; do cp "$EX/lib/$j" "$IMAGE.app/lib/" || die "the manifest names lib/$j but $EX/lib has no such jar"; done

# 1. the runtime: the modules jdeps finds, plus those loaded by name at run time (TLS's elliptic curves, JNDI/DNS
#    for mail, com.sun.management for the JVM's own figures, the zip file system); made again only when they change
modules="$("$JDK/bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps \
            --class-path "$IMAGE.app/lib/*" "$IMAGE.app/runbook.jar" "$IMAGE.app"/lib/*.jar 2>/dev/null | tail -1)"
[[ "$modules" == java.base* ]] || die "jdeps did not name the modules (it said: $modules)"
modules="$modules,jdk.crypto.ec,java.naming,jdk.management,jdk.zipfs,jdk.localedata"
stamp="$JDK|$modules"
if [ ! -f "$OUT/runtime.stamp" ] || [ "$(cat "$OUT/runtime.stamp")" != "$stamp" ] || [ ! -x "$OUT/runtime/bin/java" ]; then
  say "jlink: $modules (JDK $JAVA_FEATURE at $JDK)"
  rm -rf "$OUT/runtime"
  # not compressed: a compressed jimage costs start-up time; the archive and the package are compressed instead
  "$JDK/bin/jlink" --add-modules "$modules" --include-locales=en --strip-debug --no-man-pages --no-header-files \
      --generate-cds-archive --output "$OUT/runtime" >/dev/null
  rm -f "$OUT/runtime/lib/server/classes_nocoops.jsa"   # heaps here stay below 32 GB: compressed oops' archive only
  echo "$stamp" > "$OUT/runtime.stamp"
fi

# 2. the installation tree
rm -rf "$IMAGE" && mkdir -p "$IMAGE/bin" "$IMAGE/examples/host" "$IMAGE/share/man/man1" "$IMAGE/share/completion"
cp -a "$OUT/runtime" "$IMAGE/runtime"
mv "$IMAGE.app" "$IMAGE/app"
install -m 0755 "$HERE/dist/bin/runbook" "$IMAGE/bin/runbook"
cp "$REPO/examples/host/runbook.yaml" "$IMAGE/examples/host/"
printf 'runbook %s build %s\n' "$VERSION" "$COMMIT" > "$IMAGE/BUILD"
cp "$REPO/README.md" "$IMAGE/"
# sqlite-jdbc's native library, unpacked once here instead of into /tmp on every start
sqlite_jar="$(ls "$IMAGE"/app/lib/sqlite-jdbc-*.jar)"
mkdir -p "$IMAGE/app/native"
unpack "$sqlite_jar" org/sqlite/native/Linux/x86_64/libsqlitejdbc.so "$OUT/unpacked/sqlite"
cp "$OUT/unpacked/sqlite/org/sqlite/native/Linux/x86_64/libsqlitejdbc.so" "$IMAGE/app/native/libsqlitejdbc.so" 2>/dev/null || true
[ -s "$IMAGE/app/native/libsqlitejdbc.so" ] || die "$sqlite_jar has no Linux/x86_64 native library"
# and JNA's (OSHI's probes), which it would otherwise unpack into a temporary file on every start
jna_jar="$(ls "$IMAGE"/app/lib/jna-[0-9]*.jar 2>/dev/null | head -1 || true)"
if [ -n "$jna_jar" ]; then
  unpack "$jna_jar" com/sun/jna/linux-x86-64/libjnidispatch.so "$OUT/unpacked/jna"
  cp "$OUT/unpacked/jna/com/sun/jna/linux-x86-64/libjnidispatch.so" "$IMAGE/app/native/" \
    || die "$jna_jar has no linux-x86-64 native library"
fi

# 3. completion and man pages, from the launcher's own picocli model
rm -rf "$OUT/generated"
"$JDK/bin/java" -cp "$CP" dev.runbook.dist.LauncherDocs "$OUT/generated"
cp "$OUT/generated/completion/runbook.bash" "$OUT/generated/completion/_runbook" "$IMAGE/share/completion/"
if command -v asciidoctor >/dev/null 2>&1; then
  asciidoctor -b manpage -a reproducible -D "$IMAGE/share/man/man1" "$OUT/generated/man"/*.adoc
  gzip -9nf "$IMAGE/share/man/man1"/*.1
else
  say "warning: asciidoctor not found: no man pages in the packages (Debian: apt-get install asciidoctor)"
fi

# 4. the class-data-sharing archive: with an ahead-of-time cache (JDK 24+) made here by a training run
if [ "$JAVA_FEATURE" -ge 24 ]; then
  say "training run for the ahead-of-time cache (JDK $JAVA_FEATURE)"
  "$IMAGE/runtime/bin/java" --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k \
      -XX:-UsePerfData -Xlog:cds=off -Xlog:aot=off -Dorg.sqlite.lib.path="$IMAGE/app/native" \
      -Dorg.sqlite.lib.name=libsqlitejdbc.so -Drunbook.state.dir="$OUT/training-state" \
      -XX:AOTCacheOutput="$IMAGE/app/runbook.aot" -jar "$IMAGE/app/runbook.jar" __cds-training >/dev/null
  [ -s "$IMAGE/app/runbook.aot" ] || die "the training run made no ahead-of-time cache"
  rm -rf "$OUT/training-state"
fi

# 5. the archive
TARBALL="$OUT/$NAME-linux-x64.tar.gz"
tar -C "$OUT/image" --owner=0 --group=0 --numeric-owner -czf "$TARBALL.tmp" "$NAME"
mv -f "$TARBALL.tmp" "$TARBALL"
say "$(basename "$TARBALL"): $(du -h "$TARBALL" | cut -f1) ($(du -sh "$IMAGE" | cut -f1) unpacked)"

# 6. the Debian package
if ! command -v dpkg-deb >/dev/null 2>&1; then
  say "warning: dpkg-deb not found: no .deb (it is in Debian's dpkg package)"
  exit 0
fi
DEBVERSION="${VERSION/-/\~}"                 # 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT: sorts before the release 0.1.0
ROOT="$OUT/deb-root"
rm -rf "$ROOT" && mkdir -p "$ROOT/DEBIAN" "$ROOT/usr/lib" "$ROOT/usr/bin" "$ROOT/etc/runbook" \
  "$ROOT/lib/systemd/system" "$ROOT/usr/share/man/man1" "$ROOT/usr/share/bash-completion/completions" \
  "$ROOT/usr/share/zsh/vendor-completions" "$ROOT/usr/share/doc/runbook" "$ROOT/var/cache/runbook"
cp -a "$IMAGE" "$ROOT/usr/lib/runbook"
rm -rf "$ROOT/usr/lib/runbook/share" "$ROOT/usr/lib/runbook/examples" "$ROOT/usr/lib/runbook/README.md"
ln -s ../lib/runbook/bin/runbook "$ROOT/usr/bin/runbook"
install -m 0644 "$REPO/examples/host/runbook.yaml" "$ROOT/etc/runbook/host.yaml"
install -m 0644 "$HERE/dist/systemd/runbook@.service" "$ROOT/lib/systemd/system/runbook@.service"
cp "$IMAGE/share/man/man1"/* "$ROOT/usr/share/man/man1/" 2>/dev/null || true
install -m 0644 "$IMAGE/share/completion/runbook.bash" "$ROOT/usr/share/bash-completion/completions/runbook"
install -m 0644 "$IMAGE/share/completion/_runbook" "$ROOT/usr/share/zsh/vendor-completions/_runbook"
install -m 0644 "$HERE/dist/debian/README.Debian" "$ROOT/usr/share/doc/runbook/README.Debian"
install -m 0644 "$HERE/dist/debian/copyright" "$ROOT/usr/share/doc/runbook/copyright"
install -m 0755 "$HERE/dist/debian/postinst" "$HERE/dist/debian/prerm" "$HERE/dist/debian/postrm" "$ROOT/DEBIAN/"
printf '/etc/runbook/host.yaml\n' > "$ROOT/DEBIAN/conffiles"
size_kb="$(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)"
sed -e "s/@VERSION@/$DEBVERSION/" -e "s/@SIZE@/$size_kb/" -e "s/@COMMIT@/$COMMIT/" "$HERE/dist/debian/control" > "$ROOT/DEBIAN/control"
DEB="$OUT/runbook_${DEBVERSION}_amd64.deb"
# gzip, not xz: a fifth of the time for a package a few MB larger
dpkg-deb --root-owner-group -Zgzip --build "$ROOT" "$DEB.tmp" >/dev/null
mv -f "$DEB.tmp" "$DEB"
say "$(basename "$DEB"): $(du -h "$DEB" | cut -f1)"
