# Sourced by ./pipeline and .ci/run: makes JAVA_HOME a JDK 25 (the current LTS, which the build requires), taking the
# first of JAVA_HOME, the java on the PATH, and the usual install places (Linux packages, macOS, SDKMAN!) that is
# Java 25 or newer. Prints one sentence and fails when there is none.

java_major() { "$1" -version 2>&1 | sed -nE '1s/.*version "([0-9]+).*/\1/p'; }

find_java25() {
  local candidate major
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null)" \
      /usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java \
      "$HOME"/.sdkman/candidates/java/*/bin/java; do
    [[ -n $candidate && -x $candidate ]] || continue
    major="$(java_major "$candidate")"
    if [[ -n $major && $major -ge 25 ]]; then
      candidate="$(cd "$(dirname "$candidate")/.." && pwd -P)"
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "payrecon needs Java 25 (the current LTS) and found none: install a JDK 25 (e.g. Temurin 25 from adoptium.net, or 'sdk install java 25-tem') or point JAVA_HOME at one." >&2
  return 1
}
