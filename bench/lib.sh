# Shared by the bench scripts (source it): a scratch directory, background processes stopped on
# exit in reverse order, loopback ports, and a one-member etcd.
#
#   bench_init NAME          work=/tmp/rhizome-NAME.XXXXXX, pids=(), cleanup on EXIT
#                            (calls bench_extra_cleanup first, if the script defines it)
#   free_port / wait_port P  a free loopback port / wait until something listens on P
#   start_etcd               starts etcd in $work/etcd; sets etcd_port
#   as_postgres CMD...       runs CMD as the postgres user when root (PostgreSQL refuses root)
#   start_postgres I S       PostgreSQL ($pgbin) in $work/pg, initdb options I, server options S;
#                            sets pg_port and pg_pid; stopped on exit
#   start_pgbouncer P U W C N  PgBouncer in front of the PostgreSQL on port P, session pooling,
#                            user U with password W (SCRAM), C clients, N server connections
#                            per database; sets pb_port and pb_pid
#   proc_cost PID...         "ticks switches" of processes and their children, from /proc
#   jit_ticks PID...         CPU ticks of the JVMs' JIT compiler threads, from /proc
#   cpu_idle_state           how idle vCPUs wait: cpuidle driver and haltpoll's poll time

bench_init() {
  work=$(mktemp -d "/tmp/rhizome-$1.XXXXXX")
  pids=()
  trap bench_cleanup EXIT
}

bench_cleanup() {
  if declare -F bench_extra_cleanup >/dev/null; then bench_extra_cleanup; fi
  if [ -f "$work/pg/postmaster.pid" ]; then
    as_postgres "$pgbin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null || true
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  rm -rf "$work"
}

# The kernel's free-port draws repeat often, so ports handed out before (listed in $work/ports)
# are drawn again: two servers of one run must not be given the same port.
free_port() {
  local p
  while :; do
    p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    if ! grep -qx "$p" "$work/ports" 2>/dev/null; then
      echo "$p" >>"$work/ports"
      echo "$p"
      return
    fi
  done
}

wait_port() {
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on $1 (logs in $work)" >&2
  exit 1
}

start_etcd() {
  etcd_port=$(free_port)
  local peer_port
  peer_port=$(free_port)
  etcd --name bench --data-dir "$work/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "bench=http://127.0.0.1:$peer_port" >"$work/etcd.log" 2>&1 &
  pids+=($!)
  wait_port "$etcd_port"
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  pg_port=$(free_port)
  mkdir -p "$work/pg" && touch "$work/pg.log"
  [ "$(id -u)" -ne 0 ] || chown postgres "$work/pg" "$work/pg.log"
  # shellcheck disable=SC2086 # each argument is a list of options
  as_postgres "$pgbin/initdb" -D "$work/pg" -U postgres $1 >/dev/null
  as_postgres "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
    -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 $2" start >/dev/null
  pg_pid=$(head -1 "$work/pg/postmaster.pid")
}

# PgBouncer keeps a database's server connections open between clients (session pooling) and
# signs in to PostgreSQL with the client's password.
start_pgbouncer() {
  pb_port=$(free_port)
  mkdir -p "$work/pb" # PgBouncer writes its log and pid file here, as postgres when run by root
  cat >"$work/pb/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$1
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $pb_port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $work/pb/userlist.txt
pool_mode = session
max_client_conn = $4
default_pool_size = $5
server_idle_timeout = 60
logfile = $work/pb/pgbouncer.log
pidfile = $work/pb/pgbouncer.pid
INI
  echo "\"$2\" \"$3\"" >"$work/pb/userlist.txt"
  chmod 644 "$work/pb/pgbouncer.ini" "$work/pb/userlist.txt"
  [ "$(id -u)" -ne 0 ] || chown postgres "$work/pb"
  as_postgres pgbouncer "$work/pb/pgbouncer.ini" >/dev/null 2>&1 &
  pids+=($!)
  wait_port "$pb_port"
  # PgBouncer itself, not the shell or runuser that started it: its CPU is measured, and it stops
  # before them on exit.
  pb_pid=$(cat "$work/pb/pgbouncer.pid")
  pids+=("$pb_pid")
}

# CPU ticks and context switches of the given processes and their children: "ticks switches".
# Ticks count user + system time of every thread, and of children already reaped (PostgreSQL's
# backends of a finished pgbench end up there); switches count the living threads' voluntary and
# involuntary switches (reaped children's are lost, so PostgreSQL's are not reported).
proc_cost() {
  local ticks=0 switches=0 p t all
  all="$* $(for p in "$@"; do pgrep -P "$p"; done | tr '\n' ' ')"
  for p in $all; do
    # A backend may end between pgrep and here: skip a process whose stat is gone.
    t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$p/stat" 2>/dev/null) || continue
    [ -n "$t" ] || continue
    ticks=$((ticks + t))
    for t in /proc/"$p"/task/*/status; do
      switches=$((switches + $(awk '/ctxt_switches/ {s += $2} END {print s + 0}' "$t" 2>/dev/null || echo 0)))
    done
  done
  echo "$ticks $switches"
}

# CPU ticks of the JIT compiler threads (C1 and C2) of the given JVMs: a JVM still compiling
# spends a share of the machine's two cores on it, and is not at its steady speed yet.
jit_ticks() {
  local ticks=0 p t
  for p in "$@"; do
    for t in /proc/"$p"/task/*; do
      grep -q "CompilerThre" "$t/comm" 2>/dev/null || continue
      ticks=$((ticks + $(awk '{print $14 + $15}' "$t/stat" 2>/dev/null || echo 0)))
    done
  done
  echo "$ticks"
}

# How the machine's idle CPUs wait for work: the cpuidle driver and, under KVM's haltpoll driver,
# how long an idle vCPU polls before it halts. Where waking a halted vCPU is slow, that setting
# moved 1-client PostgreSQL and Rhizome alike by up to 4x (docs/operations.md, "Idle vCPUs"), so
# every run records it.
cpu_idle_state() {
  local driver poll
  driver=$(cat /sys/devices/system/cpu/cpuidle/current_driver 2>/dev/null || echo unknown)
  poll=$(cat /sys/module/haltpoll/parameters/guest_halt_poll_ns 2>/dev/null || true)
  echo "cpuidle ${driver}${poll:+, guest_halt_poll_ns $poll}"
}
