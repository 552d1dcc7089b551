# Records the JDK's AOT cache for a Berth jar (JDK 25 and newer). The launcher and
# bench/run source this file after setting JAVA_HOME.
#
# An AOT cache contains the classes a training run loaded and linked, and the profiles of the methods
# it ran, so a later start skips most class loading from the jar. `berth train` is that training
# run: a throwaway instance on a temporary directory, driven through a push, pulls, the API and
# the web pages. The JDK checks the cache against the jar and ignores a stale one. A damaged cache
# can crash the JVM as it starts, so a cache is checked with -XX:+VerifySharedSpaces before its
# first use and again whenever the file changes ($cache.verified keeps the size and time checked).

AOT_MIN_JAVA=25

# Records the AOT cache $2 for the jar $1 when $3, the major version of the JDK at JAVA_HOME,
# supports it and the cache is missing, older than the jar or fails its check. Logs to $2.log.
# Returns 0 even when recording fails, leaving no cache then.
ensure_aot_cache() {
  local jar=$1 cache=$2 major=$3 recording
  [[ $major -ge $AOT_MIN_JAVA ]] || return 0
  if [[ -f $cache && ! $jar -nt $cache ]]; then
    [[ -f $cache.verified && $(cat "$cache.verified") == "$(aot_stamp "$cache")" ]] && return 0
    if verify_aot_cache "$jar" "$cache"; then
      aot_stamp "$cache" >"$cache.verified"
      return 0
    fi
    echo "berth: the AOT cache $cache failed its check; recording it again" >&2
  fi
  echo "berth: recording the JDK's AOT cache $cache for faster starts (once per build)" >&2
  rm -f "$cache" "$cache.verified"
  # A private name, moved into place when done, so a concurrent or interrupted recording never
  # leaves a partial cache where a start would load it.
  recording="$cache.$$.recording"
  if "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:AOTCacheOutput="$recording" \
    -jar "$jar" train >"$cache.log" 2>&1 && verify_aot_cache "$jar" "$recording"; then
    mv -f "$recording" "$cache"
    aot_stamp "$cache" >"$cache.verified"
  else
    echo "berth: the AOT training run failed, see $cache.log; starting without the cache" >&2
    rm -f "$recording" "$recording.config"
  fi
  return 0
}

# Prints the size and modification time of the file $1.
aot_stamp() {
  stat -c '%s %y' "$1"
}

# Returns whether the JVM maps the AOT cache $2 for the jar $1 and its checksums match.
verify_aot_cache() {
  local output
  output=$("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:AOTCache="$2" \
    -XX:+VerifySharedSpaces -Xlog:aot=error -jar "$1" --version 2>&1) || return 1
  [[ $output != *"[error"* ]]
}
