#!/usr/bin/env bash
# A throwaway single-node Slurm cluster on localhost (munged + slurmctld + slurmd), so CI can run
# a sweep as a real job array (test/plan/slurm.test.ts). Debian's slurm-wlm and munge, no systemd,
# no accounting, no cgroups, loopback only. Everything but the packages lives under
# $BATCHSIM_SLURM_DIR (default ${TMPDIR:-/tmp}/batchsim-slurm); nothing is written to /etc/slurm.
# See docs/slurm.md.
#
#   bash scripts/slurm-local.sh install   apt-get install slurm-wlm munge (skipped when present)
#   bash scripts/slurm-local.sh start     fresh config + daemons, wait for the node to be idle
#                                         (a running cluster of this script is stopped first)
#   bash scripts/slurm-local.sh stop      cancel jobs, wait for an empty queue, stop slurmd,
#                                         slurmctld, munged by PID
#   bash scripts/slurm-local.sh status    daemons, sinfo, squeue
#   bash scripts/slurm-local.sh env       print the 'export SLURM_CONF=...' line clients need
#
# Knobs: BATCHSIM_SLURM_DIR; BATCHSIM_SLURM_PORTS="6817 6818" (slurmctld, slurmd);
# BATCHSIM_SLURM_TIMEOUT=60 (seconds for each wait). Exit codes: 0 ok, 1 failed, 2 usage.
set -uo pipefail

DIR=${BATCHSIM_SLURM_DIR:-${TMPDIR:-/tmp}/batchsim-slurm}
read -r CTLD_PORT SLURMD_PORT <<<"${BATCHSIM_SLURM_PORTS:-6817 6818}"
WAIT=${BATCHSIM_SLURM_TIMEOUT:-60}
CONF=$DIR/slurm.conf
MUNGE=$DIR/munge # socket directory: must be 0755 or munged refuses to start
LOG=$DIR/log
export SLURM_CONF=$CONF PATH=$PATH:/usr/sbin:/sbin # munged, slurmctld, slurmd live in /usr/sbin
case $DIR in /?*) ;; *) echo "slurm-local: BATCHSIM_SLURM_DIR must be an absolute path, got '$DIR'" >&2; exit 2 ;; esac

T0=$EPOCHREALTIME
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }'; }
say() { printf 'slurm-local: %s\n' "$*" >&2; }
fail() { say "ERROR: $*"; exit 1; }
logs() { local f; for f in "$LOG"/*.log; do [ -s "$f" ] && { echo "--- tail $f" >&2; tail -n 15 "$f" >&2; }; done; return 0; }

# until SECS WHAT CMD...: retry CMD every 0.2 s, at most SECS seconds.
until_ok() {
	local secs=$1 what=$2 t=$EPOCHREALTIME end=$((SECONDS + $1))
	shift 2
	until "$@" >/dev/null 2>&1; do
		[ "$SECONDS" -ge "$end" ] && { say "$what: not within ${secs}s"; return 1; }
		sleep 0.2
	done
	say "$what: ok after $(elapsed "$t")"
}

# pid NAME: the PID in our pidfile if that process is alive (not a zombie) and is NAME.
pid() {
	local p st
	p=$(tr -dc 0-9 2>/dev/null <"$DIR/run/$1.pid") && [ -n "$p" ] || return 1
	st=$(awk '/^State:/ { print $2 }' "/proc/$p/status" 2>/dev/null) && [ -n "$st" ] && [ "$st" != Z ] || return 1
	[ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$1" ] && echo "$p"
}

# Slurm clients retry for 60 s when SLURM_CONF is missing: only call them once the config exists.
munge_ok() { munge -n -S "$MUNGE/munge.socket" | unmunge -S "$MUNGE/munge.socket"; }
ctld_ok() { [ -f "$CONF" ] && [[ $(timeout 10 scontrol ping 2>/dev/null) == *"is UP"* ]]; }
node_idle() { [ -f "$CONF" ] && [ "$(timeout 10 sinfo -h -N -o %T 2>/dev/null | head -n1)" = idle ]; }
queue_empty() { local j; [ -f "$CONF" ] && j=$(timeout 10 squeue -h -o %A 2>/dev/null) && [ -z "$j" ]; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
root() { [ "$(id -u)" -eq 0 ] || fail "$1 needs root (apt-get and slurmd)"; }

installed() {
	local b
	for b in munged munge unmunge mungekey slurmctld slurmd sbatch sinfo squeue scontrol scancel; do
		command -v "$b" >/dev/null || return 1
	done
}

cmd_install() {
	if installed; then say "install: already installed ($(slurmctld -V), $(munged -V | awk '{ print $1 }'))"; return 0; fi
	root install
	command -v apt-get >/dev/null || fail "install: needs apt-get (Debian/Ubuntu)"
	mkdir -p "$DIR"
	local t=$EPOCHREALTIME apt=(timeout 600 apt-get -qq -o DPkg::Lock::Timeout=120)
	apt_install() { DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends slurm-wlm munge >>"$DIR/apt.log" 2>&1; }
	: >"$DIR/apt.log"
	if ! apt_install; then
		say "install: failed with the current package lists, running apt-get update first"
		"${apt[@]}" update >>"$DIR/apt.log" 2>&1 && apt_install || { tail -n 20 "$DIR/apt.log" >&2; fail "install: apt-get failed (log $DIR/apt.log)"; }
	fi
	installed || fail "install: packages installed but binaries missing"
	say "install: slurm-wlm + munge in $(elapsed "$t") ($(slurmctld -V))"
}

write_config() {
	# RealMemory above what slurmd sees puts the node in INVAL for ever: take the smaller one.
	local mem cpus=${BATCHSIM_SLURM_CPUS:-$(nproc)} d
	mem=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
	d=$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' | head -n1)
	[ -n "$d" ] && [ "$d" -lt "$mem" ] && mem=$d
	cat >"$CONF" <<EOF
# written by scripts/slurm-local.sh: single node, loopback only, no accounting, no cgroups
ClusterName=batchsim
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE/munge.socket
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd.pid
SlurmctldLogFile=$LOG/slurmctld.log
SlurmdLogFile=$LOG/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
SchedulerType=sched/backfill
# array tasks start at once; MinJobAge<=4 keeps sbatch --wait polling every 2 s (not 2, 8, 32 s)
SchedulerParameters=batch_sched_delay=0
MinJobAge=4
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MaxArraySize=100001
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=localhost NodeAddr=127.0.0.1 NodeHostname=localhost CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=ci Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
	say "start: config $CONF (CPUs=$cpus RealMemory=${mem}MB, ports $CTLD_PORT/$SLURMD_PORT)"
}

cmd_start() {
	root start
	installed || fail "start: slurm/munge not installed (bash $0 install)"
	local t=$EPOCHREALTIME p
	cmd_stop # start twice = a fresh cluster
	for p in "$CTLD_PORT" "$SLURMD_PORT"; do
		port_busy "$p" && fail "start: port $p on 127.0.0.1 is taken by another process (set BATCHSIM_SLURM_PORTS)"
	done
	rm -rf "$DIR/state" "$DIR/spool" "$DIR/run" "$MUNGE" "$LOG"
	mkdir -p "$DIR/state" "$DIR/spool" "$DIR/run" "$LOG" "$MUNGE"
	chmod 0755 "$DIR" "$MUNGE"
	write_config

	mungekey --create --force --keyfile="$MUNGE/munge.key" 2>>"$LOG/start.log" || fail "start: mungekey failed"
	chmod 0600 "$MUNGE/munge.key"
	munged --key-file="$MUNGE/munge.key" --socket="$MUNGE/munge.socket" --pid-file="$DIR/run/munged.pid" \
		--seed-file="$MUNGE/munged.seed" --log-file="$LOG/munged.log" </dev/null >>"$LOG/start.log" 2>&1 ||
		{ logs; fail "start: munged did not start"; }
	until_ok 15 "start: munged" munge_ok || { logs; fail "start: munged not answering"; }

	slurmctld -f "$CONF" </dev/null >>"$LOG/start.log" 2>&1 || { logs; fail "start: slurmctld did not start"; }
	until_ok "$WAIT" "start: slurmctld" ctld_ok || { logs; fail "start: slurmctld not answering"; }

	slurmd -f "$CONF" -N localhost </dev/null >>"$LOG/start.log" 2>&1 || { logs; fail "start: slurmd did not start"; }
	until_ok "$WAIT" "start: node idle" node_idle ||
		{ timeout 10 scontrol show node localhost >&2; logs; fail "start: the node never became idle"; }
	say "start: cluster up in $(elapsed "$t"); export SLURM_CONF=$CONF"
}

# kill_pid NAME PID: SIGTERM, up to 15 s, then SIGKILL.
kill_pid() {
	local t=$EPOCHREALTIME i
	kill -TERM "$2" 2>/dev/null || return 0
	for ((i = 0; i < 150; i++)); do
		pid "$1" >/dev/null || { say "stop: $1 (pid $2) gone after $(elapsed "$t")"; return 0; }
		sleep 0.1
	done
	say "stop: $1 (pid $2) ignored SIGTERM for 15s, killing it"
	kill -KILL "$2" 2>/dev/null
	sleep 0.2
}

cmd_stop() {
	root stop
	local t=$EPOCHREALTIME p any= jobs
	for p in slurmd slurmctld munged; do pid "$p" >/dev/null && any=1; done
	[ -n "$any" ] || { say "stop: nothing running"; return 0; }
	# Stopping slurmd does not kill running jobs: cancel them and wait for the queue to empty first.
	if pid slurmctld >/dev/null && ctld_ok; then
		jobs=$(timeout 10 squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ')
		if [ -n "${jobs// /}" ]; then
			say "stop: cancelling jobs $jobs"
			# shellcheck disable=SC2086
			timeout 10 scancel $jobs
			until_ok 30 "stop: queue empty" queue_empty || say "stop: jobs still queued, stopping anyway"
		fi
	fi
	for p in slurmd slurmctld munged; do
		local n
		n=$(pid "$p") && kill_pid "$p" "$n"
	done
	say "stop: done in $(elapsed "$t")"
}

cmd_status() {
	local p n
	say "dir $DIR"
	for p in munged slurmctld slurmd; do
		if n=$(pid "$p"); then say "$p running (pid $n)"; else say "$p not running"; fi
	done
	if pid slurmctld >/dev/null; then timeout 10 sinfo; timeout 10 squeue; fi
}

case ${1:-} in
install) cmd_install ;;
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
env) printf 'export SLURM_CONF=%q\n' "$CONF" ;;
*) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
