# Sourced by ./pipeline and .ci/run: makes JAVA_HOME a JDK 25 (the current LTS, which the build requires), taking the
# first of JAVA_HOME, the java on the PATH, and the usual install places (Linux packages, macOS, SDKMAN!) that is
# Java 25 or newer. Prints one sentence and fails when there is none.

# A JVM's own settings: `java -XshowSettings:properties -version` prints them, whatever JAVA_TOOL_OPTIONS adds and
# whatever symlinks (Debian's alternatives, macOS's /usr/bin/java stub, Homebrew) lead to the JDK. Empty when the
# candidate does not run (the macOS stub without a JDK exits non-zero).
java_setting() { { "$1" -XshowSettings:properties -version 2>&1 || true; } | sed -nE "s/^ *$2 = (.*)$/\1/p" | head -n 1; }

find_java25() {
  local candidate major home
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)" \
      /usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java \
      "$HOME"/.sdkman/candidates/java/*/bin/java; do
    [[ -n $candidate && -x $candidate ]] || continue
    major="$(java_setting "$candidate" java.specification.version)"
    if [[ $major =~ ^[0-9]+$ && $major -ge 25 ]]; then
      home="$(java_setting "$candidate" java.home)"
      [[ -n $home ]] || continue
      export JAVA_HOME="$home"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "payrecon needs Java 25 (the current LTS) and found none: install a JDK 25 (e.g. Temurin 25 from adoptium.net, or 'sdk install java 25-tem') or point JAVA_HOME at one." >&2
  return 1
}
