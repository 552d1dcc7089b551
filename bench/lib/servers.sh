# Starts and stops the servers of bench/run: Distribution, Berth and nginx, each on a free
# 127.0.0.1 port inside $WORK. bench/run sources this file after defining log, die, WORK,
# JAVA_HOME, STARTS, READY_TIMEOUT_SECONDS, BERTH_HEAP and JFR.

DISTRIBUTION_PID=""
BERTH_PID=""
NGINX_PID=""

# Prints a TCP port that nothing listens on now, from the range above the usual services.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    ss -Hltn "sport = :$port" | grep -q . || { printf '%s' "$port"; return; }
  done
  die "found no free port in 20000-49999"
}

now_millis() {
  date +%s%3N
}

# Waits until $1 returns 200, polling every 10 ms, and prints the milliseconds since $2. Fails
# when the process $3 exits or READY_TIMEOUT_SECONDS pass.
wait_for_200() {
  local url=$1 started=$2 pid=$3 deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
  while [[ $(curl -s -o /dev/null -w '%{http_code}' "$url" || true) != 200 ]]; do
    kill -0 "$pid" 2>/dev/null || return 1
    [[ $SECONDS -lt $deadline ]] || return 1
    sleep 0.01
  done
  printf '%s' $(($(now_millis) - started))
}

stop_process() {
  local pid=$1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid"
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}

# Starts Distribution STARTS times on the same storage, measuring each start-up to the first 200
# on /v2/, and leaves the last one running.
start_distribution() {
  local port config=$WORK/distribution.yml times=() started millis
  port=$(free_port)
  mkdir -p "$WORK/distribution"
  sed -e "s|@ADDRESS@|127.0.0.1:$port|" -e "s|@ROOT@|$WORK/distribution|" \
    "$BENCH_DIR/conf/distribution.yml" >"$config"
  DISTRIBUTION_URL=http://127.0.0.1:$port
  for start in $(seq 1 "$STARTS"); do
    started=$(now_millis)
    docker-registry serve "$config" >>"$WORK/distribution.log" 2>&1 </dev/null &
    DISTRIBUTION_PID=$!
    millis=$(wait_for_200 "$DISTRIBUTION_URL/v2/" "$started" "$DISTRIBUTION_PID") || {
      tail -n 20 "$WORK/distribution.log" >&2
      die "Distribution did not start on port $port"
    }
    times+=("$millis")
    [[ $start -lt $STARTS ]] && stop_process "$DISTRIBUTION_PID"
  done
  DISTRIBUTION_STARTUP_MS=$(IFS=,; printf '%s' "${times[*]}")
  log "Distribution serves $DISTRIBUTION_URL (pid $DISTRIBUTION_PID; start-up ms: $DISTRIBUTION_STARTUP_MS)"
}

# Starts Berth with its defaults (SQLite, authentication on) on the same data directory STARTS
# times without the JDK's AOT cache, then STARTS times with $WORK/berth.aot as ./berth starts it,
# and leaves the last one running. With authentication on, /v2/ returns 401 without a token, so
# start-up runs to the first 200 on /health/ready. The first start creates the database and
# hashes the admin password.
start_berth() {
  local port times=() plain_times=() started millis java_options phase
  port=$(free_port)
  BERTH_URL=http://127.0.0.1:$port
  BERTH_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  mkdir -p "$WORK/berth"
  for phase in plain aot; do
    for start in $(seq 1 "$STARTS"); do
      java_options=("$BERTH_HEAP" --enable-native-access=ALL-UNNAMED)
      if [[ $phase == aot && -f $WORK/berth.aot ]]; then
        java_options+=("-XX:AOTCache=$WORK/berth.aot")
      fi
      if [[ $JFR == true && $phase == aot && $start -eq $STARTS ]]; then
        java_options+=("-XX:StartFlightRecording=filename=$WORK/berth.jfr,settings=profile,dumponexit=true")
      fi
      started=$(now_millis)
      env BERTH_ADMIN_PASSWORD="$BERTH_PASSWORD" "$JAVA_HOME/bin/java" "${java_options[@]}" \
        -jar "$WORK/berth.jar" serve --listen "127.0.0.1:$port" --data "$WORK/berth" \
        >>"$WORK/berth.log" 2>&1 </dev/null &
      BERTH_PID=$!
      millis=$(wait_for_200 "$BERTH_URL/health/ready" "$started" "$BERTH_PID") || {
        tail -n 20 "$WORK/berth.log" >&2
        die "Berth did not start on port $port"
      }
      if [[ $phase == plain ]]; then
        plain_times+=("$millis")
      else
        times+=("$millis")
      fi
      [[ $phase == aot && $start -eq $STARTS ]] || stop_process "$BERTH_PID"
    done
  done
  BERTH_STARTUP_MS=$(IFS=,; printf '%s' "${times[*]}")
  BERTH_PLAIN_STARTUP_MS=$(IFS=,; printf '%s' "${plain_times[*]}")
  log "Berth serves $BERTH_URL (pid $BERTH_PID; start-up ms: $BERTH_STARTUP_MS; without the AOT cache: $BERTH_PLAIN_STARTUP_MS)"
}

# Starts nginx serving the file $1 at /blob. The file need not exist yet.
start_nginx() {
  local port config=$WORK/nginx.conf
  port=$(free_port)
  sed -e "s|@ADDRESS@|127.0.0.1:$port|" -e "s|@WORK@|$WORK|g" -e "s|@BLOB@|$1|" \
    "$BENCH_DIR/conf/nginx.conf" >"$config"
  nginx -c "$config" -e "$WORK/nginx-error.log" >>"$WORK/nginx.log" 2>&1 </dev/null &
  NGINX_PID=$!
  NGINX_URL=http://127.0.0.1:$port
  for _ in $(seq 1 100); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$NGINX_URL/blob" || true) =~ ^(200|404)$ ]] && {
      log "nginx serves $NGINX_URL/blob (pid $NGINX_PID)"
      return
    }
    sleep 0.05
  done
  cat "$WORK/nginx-error.log" >&2 || true
  die "nginx did not start on port $port"
}

stop_servers() {
  stop_process "$NGINX_PID"
  stop_process "$BERTH_PID"
  stop_process "$DISTRIBUTION_PID"
  NGINX_PID=""
  BERTH_PID=""
  DISTRIBUTION_PID=""
}
