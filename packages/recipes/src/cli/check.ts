import { resolve } from 'node:path';
import { checkRecipe } from '../check/doctor.js';
import { parseCommand } from './args.js';
import { UsageError } from './options.js';

export const CHECK_USAGE = `usage: ohif-recipes check DIR

Checks a recipe folder made by generate: generated files as written (the manifest), what
ohif-recipes.json gives with this version, .env complete and private, mounted certificates,
lint and nginx -t of config/nginx.conf (with the compose service names), and
docker compose config. Exit 0: all well; 1: problems, each with its fix; 2: cannot check.`;

export async function check(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand('check', {}, args);
  if (values.help) {
    process.stdout.write(`${CHECK_USAGE}\n`);
    return 0;
  }
  const [dir, ...extra] = positionals;
  if (!dir || extra.length > 0)
    throw new UsageError('check: name one recipe folder; fix: ohif-recipes check ./my-recipe');
  const outcomes = await checkRecipe(resolve(dir));
  const width = Math.max(...outcomes.map((o) => o.check.length));
  let count = 0;
  for (const o of outcomes) {
    const head = (status: string) => `${status.padEnd(5)} ${o.check.padEnd(width)}  `;
    if (o.skipped) process.stdout.write(`${head('skip')}${o.skipped}\n`);
    else if (o.problems.length === 0) process.stdout.write(`${head('ok')}${o.summary}\n`);
    for (const p of o.problems) {
      count++;
      process.stdout.write(`${head('FAIL')}${p.path}: ${p.message}; fix: ${p.fix}\n`);
    }
  }
  process.stdout.write(
    count
      ? `ohif-recipes: check: ${count} problem(s) in ${resolve(dir)}\n`
      : `ohif-recipes: check: ${resolve(dir)} is in order\n`,
  );
  return count ? 1 : 0;
}
