import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parse, type Directive } from '@ohif-recipes/nginx-dsl';
import { OHIF_SOURCES, synth } from '@ohif-recipes/recipes';

const SPECS = {
  'nginx-orthanc': { variant: 'nginx-orthanc' },
  'nginx-dcm4chee': { variant: 'nginx-dcm4chee' },
  'nginx-orthanc /ohif/': { variant: 'nginx-orthanc', publicUrl: 'https://pacs.example.org/ohif/' },
  'nginx-orthanc --auth basic --tls': {
    variant: 'nginx-orthanc',
    publicUrl: 'https://pacs.example.org/',
    auth: 'basic',
    tls: true,
  },
};

/** The servers of an nginx config: their listen port, whether it is TLS, and whether /healthz is there. */
function servers(conf: Directive[]): Array<{ port: number; ssl: boolean; healthz: boolean }> {
  const all = (ds: Directive[]): Directive[] =>
    ds.flatMap((d) => [d, ...(d.block ? all(d.block) : [])]);
  return all(conf)
    .filter((d) => d.directive === 'server' && d.block)
    .map((srv) => {
      const listen = srv.block?.find((d) => d.directive === 'listen');
      return {
        port: Number(listen?.args[0]),
        ssl: listen?.args.includes('ssl') ?? false,
        healthz:
          srv.block?.some((d) => d.directive === 'location' && d.args.join(' ') === '= /healthz') ??
          false,
      };
    });
}

describe.each(Object.entries(SPECS))(
  'viewer Dockerfile of %s, verified statically',
  (_name, spec) => {
    const load = async () => {
      const files = await synth(spec);
      const text = files.get('Dockerfile') as string;
      return {
        files,
        text,
        df: DockerfileParser.parse(text),
        nginx: parse(files.get('config/nginx.conf') as string),
      };
    };

    it('parses, and every stage it builds from or copies from exists', async () => {
      const { df } = await load();
      const stages = df
        .getFROMs()
        .map((f) => f.getBuildStage())
        .filter((s): s is string => !!s);
      expect(new Set(stages).size).toBe(stages.length);
      for (const copy of df.getCOPYs()) {
        const from = copy.getFromFlag()?.getValue();
        if (from)
          expect(stages.slice(0, stages.indexOf(from) + 1), `COPY --from=${from}`).toContain(from);
      }
      // `FROM ohif-${OHIF_SOURCE}` must name an earlier stage for every allowed value.
      const selector = df.getFROMs().find((f) => (f.getImage() ?? '').includes('${OHIF_SOURCE}'));
      expect(selector).toBeDefined();
      for (const v of OHIF_SOURCES)
        expect(stages).toContain(selector?.getImage()?.replace('${OHIF_SOURCE}', v));
      expect(df.getARGs().map((a) => a.getProperty()?.getName())).toEqual(
        expect.arrayContaining(['OHIF_VERSION', 'OHIF_SOURCE', 'OHIF_GIT_REF']),
      );
    });

    it('base images are pinned (a version tag, never latest)', async () => {
      const { df } = await load();
      const stages = new Set(df.getFROMs().map((f) => f.getBuildStage()));
      const bases = df
        .getFROMs()
        .filter((f) => !stages.has((f.getImage() ?? '').replace('${OHIF_SOURCE}', 'npm')));
      expect(bases.length).toBeGreaterThan(1);
      for (const f of bases) {
        expect(f.getImageTag(), f.getImage() ?? '').toMatch(/^\d+\.\d+(\.\d+)?[\w.-]*$/);
      }
    });

    it('runs nginx unprivileged; EXPOSE and HEALTHCHECK agree with nginx.conf', async () => {
      const { df, nginx } = await load();
      const final = df
        .getInstructions()
        .slice(df.getInstructions().indexOf(df.getFROMs().at(-1) as never));
      const kw = (k: string) =>
        final.filter((i) => i.getKeyword() === k).map((i) => i.getArgumentsContent());
      // Root only for installing openssl; the image ends as uid 101.
      expect(kw('USER').at(-1)).toBe('101');
      const srv = servers(nginx);
      expect(kw('EXPOSE')).toEqual([
        srv
          .map((x) => x.port)
          .sort()
          .join(' '),
      ]);
      for (const x of srv) expect(x.port).toBeGreaterThanOrEqual(1024);
      const plain = srv.find((x) => !x.ssl && x.healthz);
      expect(plain, 'a plain-HTTP server answering /healthz').toBeDefined();
      expect(kw('HEALTHCHECK')[0]).toContain(`http://127.0.0.1:${plain?.port}/healthz`);
    });

    it('COPYs only files the recipe ships; .dockerignore keeps heavy folders out; no secrets in layers', async () => {
      const { df, files } = await load();
      for (const copy of df.getCOPYs()) {
        if (copy.getFromFlag()) continue;
        const args = copy.getArguments().map((a) => a.getValue());
        for (const src of args.slice(0, -1)) expect(files.has(src), src).toBe(true);
      }
      const ignore = (files.get('.dockerignore') as string).split('\n');
      for (const heavy of ['volumes/', 'logs/', 'node_modules/', '.env', '.git'])
        expect(ignore).toContain(heavy);
      for (const i of df.getInstructions().filter((x) => ['ENV', 'ARG'].includes(x.getKeyword()))) {
        expect(i.getArgumentsContent()).not.toMatch(/PASS|SECRET|TOKEN|KEY/i);
      }
    });

    it('the source build caches package downloads and installs from the lockfile before copying sources', async () => {
      const { text } = await load();
      const git = text.slice(text.indexOf('AS ohif-git\n'));
      const install = git.indexOf('yarn install --frozen-lockfile');
      expect(git).toContain('--mount=type=cache,target=/usr/local/share/.cache/yarn');
      expect(install).toBeGreaterThan(git.indexOf('COPY --from=ohif-git-manifests'));
      expect(install).toBeLessThan(git.indexOf('COPY --from=ohif-git-checkout /src ./'));
      expect(git).toContain('ENV QUICK_BUILD=true');
    });
  },
);
