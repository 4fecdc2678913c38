#!/bin/bash
# Queues the grid as an n-task job array and its merge as a job that starts once every task has
# succeeded (--dependency=afterok). Prints "ARRAY_JOB_ID MERGE_JOB_ID".
#   scripts/slurm/submit.sh N OUT_ROOT [grid flags...]      e.g. submit.sh 16 /shared/wtanet --full
# Extra sbatch options (partition, account, log folder) go in SBATCH_* environment variables
# or in the two .sbatch files; logs default to OUT_ROOT/logs.
set -euo pipefail
if [ $# -lt 2 ] || ! [[ $1 =~ ^[1-9][0-9]*$ ]]; then
  echo "submit.sh: give the number of shards and the output root: $0 N OUT_ROOT [grid flags]" >&2
  exit 2
fi
n=$1
out_root=$(realpath -m "$2")
shift 2
here=$(dirname "$(realpath "$0")")
mkdir -p "${out_root}/logs"
# sbatch expands %j, %a, ... in --output: a literal % in the folder is written %%.
logs="${out_root//%/%%}/logs"
array=$(sbatch --parsable --array="0-$((n - 1))" --output="${logs}/shard-%a.log" \
  "${here}/reproduce-array.sbatch" "$out_root" "$@")
array=${array%%;*} # --parsable prints "id;cluster" on multi-cluster setups
merge=$(sbatch --parsable --dependency="afterok:${array}" --output="${logs}/merge.log" \
  "${here}/merge.sbatch" "$out_root" "$n")
merge=${merge%%;*}
echo "$array $merge"
