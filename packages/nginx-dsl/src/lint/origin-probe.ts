import { toJsRegExp } from './regex.js';

/** Domains written in a regex (`example\.com`), each with the spelling the regex used. */
function domainsIn(source: string): Array<{ domain: string; written: string }> {
  const found = source.match(/[A-Za-z0-9-]+(?:(?:\\\.|\.)[A-Za-z0-9-]+)+/g) ?? [];
  return found
    .map((written) => ({ written, domain: written.replace(/\\\./g, '.').toLowerCase() }))
    .filter((d) => /[a-z]/.test(d.domain.split('.').pop() ?? ''));
}

const ATTACKER = 'evil.test';

/** Host names an attacker can register that a sloppy check may take for `domain`. */
function lookalikes(domain: string, written: string): string[] {
  const hosts = [`${domain}.${ATTACKER}`, `evil${domain}`, `evil-${domain}`];
  // Each unescaped "." in the regex matches any character: `wwwXexample.com`.
  written.split('').forEach((ch, i) => {
    if (ch === '.' && written[i - 1] !== '\\') {
      const spelled = written.slice(0, i).replace(/\\\./g, '.') + 'x' + written.slice(i + 1);
      hosts.push(spelled.replace(/\\\./g, '.').toLowerCase());
    }
  });
  return hosts;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Attacker-controlled origins (or referrers) that a validation regex accepts as trusted,
 * found by probing the regex with look-alikes of each domain it names. An Origin is
 * scheme://host[:port] as browsers send it; a Referer is a whole URL, so its probes also put
 * the trusted name in the path or query of an attacker's page.
 */
export function regexBypasses(
  regex: string,
  caseless: boolean,
  header: 'origin' | 'referer',
): string[] {
  const re = toJsRegExp(regex, caseless);
  if (!re) return [];
  const out = new Set<string>();
  for (const { domain, written } of domainsIn(regex)) {
    const trusted = (url: string): boolean => {
      const host = hostOf(url);
      return host === domain || (host?.endsWith(`.${domain}`) ?? false);
    };
    const probes: string[] = [];
    for (const scheme of ['https', 'http']) {
      for (const host of lookalikes(domain, written)) {
        probes.push(`${scheme}://${host}`);
        if (header === 'referer') probes.push(`${scheme}://${host}/`);
      }
      if (header === 'referer') {
        for (const path of [
          `/${domain}`,
          `/?${scheme}://${domain}/`,
          `/.${domain}/`,
          `/${scheme}://${domain}/`,
        ])
          probes.push(`${scheme}://${ATTACKER}${path}`);
      }
    }
    for (const p of probes) if (re.test(p) && !trusted(p)) out.add(p);
  }
  return [...out];
}
