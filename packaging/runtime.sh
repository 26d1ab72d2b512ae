#!/usr/bin/env bash
# Builds the Java runtime the installers ship: exactly the JDK modules the application needs.
# JavaFX is not linked in: its modular jars ship beside the application (lib/app/javafx) and go on the
# module path, because Maven Central has the jars but not the jmods jlink would want.
# usage: packaging/runtime.sh JDK_HOME OUTPUT_DIR
set -euo pipefail
jdk="${1:?usage: runtime.sh JDK_HOME OUTPUT_DIR}"
out="${2:?usage: runtime.sh JDK_HOME OUTPUT_DIR}"

modules=(
  java.base
  java.desktop          # AWT imaging for JFreeChart, PNG export, JavaFX-Swing interop
  java.logging
  java.management jdk.management   # physical memory size for the model memory estimates
  java.naming java.net.http        # Hub downloads and remote scoring servers
  java.prefs
  java.sql              # Jackson's java.sql.Date support
  java.xml
  jdk.charsets jdk.localedata jdk.zipfs
  jdk.unsupported jdk.unsupported.desktop   # JavaFX uses sun.misc.Unsafe; javafx.swing the desktop hooks
  jdk.incubator.vector  # the engine's SIMD kernels; resolved by --add-modules in the launcher options
)

rm -rf "$out"
"$jdk/bin/jlink" \
  --add-modules "$(IFS=,; echo "${modules[*]}")" \
  --include-locales=en \
  --strip-debug --no-header-files --no-man-pages \
  --output "$out"
echo "runtime: $out ($(du -sh "$out" | cut -f1))"
