# Selects a JDK for the scripts in scripts/. Scripts source this file and define MIN_JAVA, log and
# die first.

# Prints the major Java version of the JDK at $1, or nothing when $1 has no working java.
java_major() {
  local version
  version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = //p') || return 0
  printf '%s' "${version#1.}"
}

# Sets JAVA_HOME to $JAVA_HOME when it is >= MIN_JAVA, else to the newest such JDK in /usr/lib/jvm.
select_jdk() {
  local major
  if [[ -n ${JAVA_HOME:-} && -x ${JAVA_HOME}/bin/javac ]]; then
    major=$(java_major "$JAVA_HOME")
    if [[ -n $major && $major -ge $MIN_JAVA ]]; then
      return
    fi
    log "JAVA_HOME=$JAVA_HOME is Java ${major:-unknown}; looking in /usr/lib/jvm for >= $MIN_JAVA"
  fi

  local best_home="" best_major=0 home
  for home in /usr/lib/jvm/*/; do
    home=${home%/}
    [[ -x $home/bin/javac && ! -L $home ]] || continue
    major=$(java_major "$home")
    if [[ -n $major && $major -gt $best_major ]]; then
      best_home=$home
      best_major=$major
    fi
  done
  [[ $best_major -ge $MIN_JAVA ]] ||
    die "no JDK >= $MIN_JAVA found; set JAVA_HOME or install one under /usr/lib/jvm"
  JAVA_HOME=$best_home
}
