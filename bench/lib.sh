# Shared by the bench scripts (source it): a scratch directory, background processes stopped on
# exit in reverse order, loopback ports, and a one-member etcd.
#
#   bench_init NAME          work=/tmp/rhizome-NAME.XXXXXX, pids=(), cleanup on EXIT
#                            (calls bench_extra_cleanup first, if the script defines it)
#   free_port / wait_port P  a free loopback port / wait until something listens on P
#   start_etcd               starts etcd in $work/etcd; sets etcd_port
#   proc_cost PID...         "ticks switches" of processes and their children, from /proc
#   jit_ticks PID...         CPU ticks of the JVMs' JIT compiler threads, from /proc

bench_init() {
  work=$(mktemp -d "/tmp/rhizome-$1.XXXXXX")
  pids=()
  trap bench_cleanup EXIT
}

bench_cleanup() {
  if declare -F bench_extra_cleanup >/dev/null; then bench_extra_cleanup; fi
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
