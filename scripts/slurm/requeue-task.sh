#!/bin/bash
# Reruns one task of the array after it failed or was killed, and re-arms the merge.
#   scripts/slurm/requeue-task.sh ARRAY_JOB_ID TASK MERGE_JOB_ID N
# Why the second step: once a task has failed, Slurm (22.05) marks the merge's afterok dependency
# as never satisfiable and keeps it so after the requeue; an afterok on the whole array stays
# failed even when the task then succeeds. Naming every task instead re-tests each one.
set -euo pipefail
if [ $# -ne 4 ]; then
  echo "requeue-task.sh: give the array job id, the task index, the merge job id and the task count: $0 ARRAY TASK MERGE N" >&2
  exit 2
fi
array=$1 task=$2 merge=$3 n=$4
scontrol requeue "${array}_${task}"
deps=()
for ((i = 0; i < n; i++)); do deps+=("${array}_${i}"); done
scontrol update JobId="$merge" Dependency="afterok:$(IFS=:; echo "${deps[*]}")"
