# Records the JDK's AOT cache for a Berth jar (JDK 25 and newer). The launcher and
# bench/run source this file after setting JAVA_HOME.
#
# An AOT cache holds the classes a training run loaded and linked, and the profiles of the methods
# it ran, so a later start skips most class loading from the jar. `berth train` is that training
# run: a throwaway instance on a temporary directory, driven through a push, pulls, the API and
# the web pages. The JDK checks the cache against the jar and ignores a stale one, so a cache
# never changes behaviour, only start-up time.

AOT_MIN_JAVA=25

# Records the AOT cache $2 for the jar $1 when $3, the major version of the JDK at JAVA_HOME,
# supports it and the cache is missing or older than the jar. Logs to $2.log. Returns 0 even when
# recording fails, removing the cache then.
ensure_aot_cache() {
  local jar=$1 cache=$2 major=$3
  [[ $major -ge $AOT_MIN_JAVA ]] || return 0
  [[ -f $cache && ! $jar -nt $cache ]] && return 0
  echo "berth: recording the JDK's AOT cache $cache for faster starts (once per build)" >&2
  rm -f "$cache"
  if ! "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:AOTCacheOutput="$cache" \
    -jar "$jar" train >"$cache.log" 2>&1; then
    echo "berth: the AOT training run failed, see $cache.log; starting without the cache" >&2
    rm -f "$cache"
  fi
  return 0
}
