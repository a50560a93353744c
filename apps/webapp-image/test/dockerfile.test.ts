import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parse, type Directive } from '@ohif-recipes/nginx-dsl';
import { OHIF_SOURCES, synth } from '@ohif-recipes/recipes';

const SOURCES = Object.entries(OHIF_SOURCES) as Array<[keyof typeof OHIF_SOURCES, string]>;

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
    /** Both Dockerfiles: the prebuilt npm dist (default) and the source build. */
    const load = async (source: keyof typeof OHIF_SOURCES = 'npm') => {
      const files = await synth(spec);
      const text = files.get(OHIF_SOURCES[source]) as string;
      return {
        files,
        text,
        df: DockerfileParser.parse(text),
        nginx: parse(files.get('config/nginx.conf') as string),
      };
    };

    it.each(SOURCES)(
      '%s: parses; every stage copied from exists; no stage is chosen by a build argument',
      async (source) => {
        const { df } = await load(source);
        const stages = df
          .getFROMs()
          .map((f) => f.getBuildStage())
          .filter((s): s is string => !!s);
        expect(new Set(stages).size).toBe(stages.length);
        for (const copy of df.getCOPYs()) {
          const from = copy.getFromFlag()?.getValue();
          if (from) expect(stages, `COPY --from=${from}`).toContain(from);
        }
        // buildah and Docker's legacy builder cannot resolve `FROM stage-${ARG}`.
        for (const f of df.getFROMs()) expect(f.getImage() ?? '').not.toContain('${');
      },
    );

    it('the default Dockerfile needs no BuildKit feature and never touches OHIF sources', async () => {
      const { text } = await load('npm');
      expect(text).not.toContain('--mount=');
      expect(text).not.toContain('git clone');
      expect(text).toContain('npm pack --silent "@ohif/app@${OHIF_VERSION}"');
    });

    it.each(SOURCES)('%s: base images are pinned (a version tag, never latest)', async (source) => {
      const { df } = await load(source);
      const stages = new Set(df.getFROMs().map((f) => f.getBuildStage()));
      const bases = df.getFROMs().filter((f) => !stages.has(f.getImage() ?? ''));
      expect(bases.length).toBeGreaterThan(0);
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
      const { text } = await load('git');
      const git = text.slice(text.indexOf('AS ohif\n'));
      const install = git.indexOf('yarn install --frozen-lockfile');
      expect(git).toContain('--mount=type=cache,target=/usr/local/share/.cache/yarn');
      expect(install).toBeGreaterThan(git.indexOf('COPY --from=ohif-git-manifests'));
      expect(install).toBeLessThan(git.indexOf('COPY --from=ohif-git-checkout /src ./'));
      expect(git).toContain('ENV QUICK_BUILD=true');
    });
  },
);
