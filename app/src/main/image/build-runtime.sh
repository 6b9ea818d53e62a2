#!/bin/sh
# Builds the bottom of the cellwatch container image without a container registry: a Java runtime
# linked (jlink) from the JDK running the build, the C libraries it needs and the C.UTF-8 locale, taken
# from this Debian machine's own installed packages (libc6, libgcc-s1, libstdc++6, zlib1g, libc-bin),
# plus /etc/passwd with the non-root user and a /tmp. Jib puts it on the empty `scratch` base with the
# application above (app/pom.xml). This workplace reaches Maven Central and Debian's packages but no
# container registry, so no base image can be pulled; everything in the image comes from those two.
#
# Usage: build-runtime.sh JAVA_HOME OUT_DIR
# Rebuilds only when the JDK, the packages or this script changed (stamp in OUT_DIR.built-from,
# beside OUT_DIR so that it does not end up in the image).
set -eu
java_home=$1
out=$2
pkgs="libc6 libgcc-s1 libstdc++6 zlib1g"

die() { echo "build-runtime: $*" >&2; exit 1; }
[ -x "$java_home/bin/jlink" ] || die "no jlink in $java_home: build with a full JDK (not a JRE), or skip the image with -Dimage.skip"
command -v dpkg-query >/dev/null \
  || die "needs dpkg-query: the image's C libraries come from this machine's Debian packages; on another system skip the image with -Dimage.skip"

stamp="$("$java_home/bin/java" -XshowSettings:properties -version 2>&1 | grep -E 'java.(runtime.)?version =' | tr -d ' ')"
stamp="$stamp $(dpkg-query -W -f='${Package}=${Version} ' $pkgs libc-bin) $(cksum < "$0")"
if [ -d "$out" ] && [ -f "$out.built-from" ] && [ "$(cat "$out.built-from")" = "$stamp" ]; then
  echo "build-runtime: up to date in $out"
  exit 0
fi

rm -rf "$out" "$out.built-from"
mkdir -p "$out/opt" "$out/etc" "$out/tmp"

# What cellwatch and its libraries use (jdeps over each jar in lib/, plus TLS, JMX, JFR and the DNS
# provider Kafka's clients resolve with); java.desktop because logback and HiveMQ use java.beans.
# No debug symbols, man pages or header files.
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.management,jdk.management.jfr,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.unsupported,jdk.zipfs
if [ -d "$java_home/jmods" ]; then
  module_path="--module-path $java_home/jmods"
else
  module_path="" # JDK 24+ built with a linkable run-time image (JEP 493), as Temurin 25 is
fi
# shellcheck disable=SC2086
"$java_home/bin/jlink" $module_path --add-modules "$modules" \
    --strip-debug --no-header-files --no-man-pages --generate-cds-archive --output "$out/opt/java" \
  || die "jlink failed; a JDK older than 24 needs its jmods (Debian: apt-get install openjdk-17-jdk-headless)"

# The shared libraries of these packages (libjvm is C++), as installed here: regular files and links
# under /lib, /lib64 and /usr/lib; not their docs, locale data or gconv modules.
for pkg in $pkgs; do
  dpkg-query -L "$pkg" | while read -r f; do
    case "$f" in
      /lib/*|/lib64/*|/usr/lib/*) ;;
      *) continue ;;
    esac
    case "$f" in
      */gconv/*|*/audit/*) continue ;;
    esac
    if [ -L "$f" ] || [ -f "$f" ]; then
      mkdir -p "$out$(dirname "$f")"
      cp -a "$f" "$out$f"
    fi
  done
done
# Debian 12 links /lib and /lib64 to usr/: keep that shape, so the loader's path in every ELF file holds
for d in lib lib64; do
  if [ -L "/$d" ] && [ ! -e "$out/$d" ]; then ln -s "$(readlink "/$d")" "$out/$d"; fi
done

# The C.UTF-8 locale (libc-bin's), which the image's LANG names: without it the JVM falls back to ASCII
# for standard output and file names, and an alert's "×" or "°C" prints as "?"
[ -d /usr/lib/locale/C.utf8 ] || die "no /usr/lib/locale/C.utf8 (Debian: apt-get install libc-bin)"
mkdir -p "$out/usr/lib/locale"
cp -a /usr/lib/locale/C.utf8 "$out/usr/lib/locale/"

printf 'root:x:0:0:root:/root:/sbin/nologin\ncellwatch:x:10001:10001:cellwatch:/var/lib/cellwatch:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\ncellwatch:x:10001:\n' > "$out/etc/group"
echo "$stamp" > "$out.built-from"
echo "build-runtime: $(du -sh "$out" | cut -f1) in $out (jlink from $java_home; $(dpkg-query -W -f='${Package} ${Version}, ' $pkgs | sed 's/, $//'))"
