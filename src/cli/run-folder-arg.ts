import { chosenRunDir } from '../experiments/best-of-folder.js';

/**
 * The run folder a command reads for the folder the user named: a best-of folder (`wtanet train
 * --restarts N`) stands for its kept restart, said in one line on stderr.
 */
export function runFolderArg(given: string, command: string): string {
  const dir = chosenRunDir(given);
  if (dir !== given) console.error(`wtanet ${command}: ${given} is a best-of folder; reading its kept restart ${dir}`);
  return dir;
}
