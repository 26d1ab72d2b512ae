#!/usr/bin/env bash
# Builds Inverse Scaling Studio's installer for the platform it runs on, readable top to bottom:
#   1. preconditions (a JDK 25 with jlink and jpackage, the built jar, the icons)
#   2. a staging folder: the jar, its libraries, JavaFX's modular jars apart, and app/ (samples, catalog,
#      demo models, licences)
#   3. a trimmed Java runtime (runtime.sh)
#   4. jpackage with the argfiles jpackage-common.txt + jpackage-<os>.txt
# usage: packaging/package.sh [app-image|deb|rpm|dmg|pkg|msi|exe]   (default: app-image)
# output: target/installer/
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
type="${1:-app-image}"

# 1. preconditions
jdk="$(app/bin/find-jdk 25)"
for tool in jlink jpackage; do
  [ -x "$jdk/bin/$tool" ] || { echo "package: $jdk has no $tool" >&2; exit 1; }
done
[ -f target/isstudio.jar ] || { echo "package: build first: mvn -DskipTests package" >&2; exit 1; }
case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=mac ;;
  MINGW*|MSYS*|CYGWIN*) os=windows ;;
  *) echo "package: unsupported OS $(uname -s)" >&2; exit 1 ;;
esac
for icon in icons/app-256.png icons/app.ico icons/app.icns; do
  [ -f "$icon" ] || { echo "package: missing $icon (run icons/render.sh)" >&2; exit 1; }
done
version="$(sed -n 's:.*<version>\([0-9][0-9.]*\)\(-SNAPSHOT\)\{0,1\}</version>.*:\1:p' pom.xml | head -1)"

# 2. staging: jpackage puts every jar of --input on the class path, so JavaFX lives in a subfolder
#    that the launcher options put on the module path instead.
work=target/package
staging="$work/input"
rm -rf "$work" target/installer
mkdir -p "$staging/javafx" target/installer
cp target/isstudio.jar "$staging/"
for f in target/lib/*.jar; do
  case "$(basename "$f")" in
    javafx-*-linux.jar|javafx-*-mac*.jar|javafx-*-win.jar) cp "$f" "$staging/javafx/" ;;
    javafx-*.jar) ;;
    *) cp "$f" "$staging/" ;;
  esac
done
mkdir -p "$staging/app"
for d in samples catalog models licenses; do
  [ -d "app/$d" ] && cp -r "app/$d" "$staging/app/"
done
# how the demo models were trained is documented in the repository, not shipped to users
rm -rf "$staging/app/models/demo/training"
for f in app/*.json app/*.md; do
  [ -f "$f" ] && cp "$f" "$staging/app/"
done

# 3. runtime
packaging/runtime.sh "$jdk" "$work/runtime"

# 4. jpackage: the argfiles use ${VARS}, filled in here
expand() {
  sed -e "s|\${APP_VERSION}|$version|g" -e "s|\${STAGING}|$staging|g" -e "s|\${RUNTIME}|$work/runtime|g" \
      -e "s|\${ICONS}|$root/icons|g" -e "s|\${PACKAGING}|$root/packaging|g" "$1"
}
expand packaging/jpackage-common.txt > "$work/common.args"
expand "packaging/jpackage-$os.txt" > "$work/os.args"
os_args=("@$work/os.args")
# file associations and menu entries belong to installers, not to a bare app image
if [ "$type" = app-image ]; then os_args=(--icon "$(grep -- '--icon' "$work/os.args" | cut -d' ' -f2-)"); fi

"$jdk/bin/jpackage" --type "$type" --dest target/installer "@$work/common.args" "${os_args[@]}"
echo "package: $(ls -d target/installer/*)"
