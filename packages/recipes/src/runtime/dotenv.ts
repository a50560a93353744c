// Reading a recipe's .env (and .env.example) as docker compose does: KEY=value lines, a value
// in one pair of quotes taken without them, the last line of a key winning.

/** Each variable of dotenv text: its value and the (0-based) line that sets it. */
export function envVariables(text: string): Map<string, { value: string; line: number }> {
  const out = new Map<string, { value: string; line: number }>();
  text.split('\n').forEach((l, line) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(l);
    if (m)
      out.set(m[1] as string, {
        value: (m[2] as string).trim().replace(/^(['"])(.*)\1$/, '$2'),
        line,
      });
  });
  return out;
}
