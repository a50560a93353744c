import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AppConfigError,
  DICOMJSON_NAMESPACE,
  MERGE_NAMESPACE,
  rawJs,
  formatProblem,
} from '../src/index.js';
import * as atRunTime from '../src/validation.js';
import * as standalone from '../src/validation-standalone.js';
import { GENERATED, standaloneSource } from '../scripts/standalone.js';
import { baseConfig, orthancSource } from './fixtures.js';

it('the standalone validator is generated from the current schema', () => {
  expect(
    readFileSync(GENERATED, 'utf8'),
    'run: npx tsx packages/viewer-config/scripts/standalone.ts',
  ).toBe(standaloneSource());
});

// The same checks, with the schema compiled at run time and ahead of time.
describe.each([
  ['ajv at run time', atRunTime],
  ['standalone', standalone],
])('validateAppConfig (%s)', (_how, { validateAppConfig, assertValidAppConfig }) => {
  const messages = (v: unknown) => validateAppConfig(v).map(formatProblem);

  it('accepts a good config', () => {
    expect(validateAppConfig(baseConfig())).toEqual([]);
    expect(
      validateAppConfig(
        baseConfig({
          dataSources: [
            orthancSource({
              qidoRoot: 'https://pacs.example.org/dicom-web',
              wadoRoot: 'http://127.0.0.1:8042/dicom-web',
            }),
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('rejects a non-object', () => {
    expect(messages([])).toEqual([
      '(config): must be an object (fix: write the app config as window.config = { ... })',
    ]);
  });

  it('defaultDataSourceName must name a data source', () => {
    expect(messages(baseConfig({ defaultDataSourceName: 'dicomweb' }))).toEqual([
      'defaultDataSourceName: "dicomweb" names no data source (fix: use one of: orthanc)',
    ]);
  });

  it('sourceNames are unique', () => {
    expect(messages(baseConfig({ dataSources: [orthancSource(), orthancSource()] }))).toEqual([
      'dataSources[1].sourceName: "orthanc" is already used by dataSources[0] (fix: give every data source a unique sourceName)',
    ]);
  });

  it('a compose service name as a browser-facing root is an error with a hint', () => {
    expect(
      messages(
        baseConfig({ dataSources: [orthancSource({ qidoRoot: 'http://orthanc:8042/dicom-web' })] }),
      ),
    ).toEqual([
      'dataSources[0].configuration.qidoRoot: host "orthanc" is a bare name (a compose service name?) that the browser cannot resolve (fix: route it through the proxy with a same-origin path such as /pacs/dicom-web, or use the public host name)',
    ]);
  });

  it.each([
    [
      'pacs/dicom-web',
      '"pacs/dicom-web" is neither a same-origin path nor an absolute URL (fix: use a path starting with "/" (such as /pacs/dicom-web) or an http(s) URL)',
    ],
    [
      '/pacs/dicom-web/',
      'ends with "/" (fix: remove the trailing slash (OHIF appends "/studies..."))',
    ],
    [
      '//pacs.example.org/dicom-web',
      'is protocol-relative (fix: write the scheme: https://host/path, or use a same-origin path such as /pacs/dicom-web)',
    ],
    [
      'ftp://pacs.example.org/x',
      'uses the ftp: scheme (fix: use an http(s) URL or a same-origin path)',
    ],
    [
      'https://u:p@pacs.example.org/x',
      'embeds credentials in the URL (fix: remove user:password@ and use requestOptions or the proxy for authentication)',
    ],
    ['/pacs/dicom-web?x=1', 'has a query or fragment (fix: remove everything from "?" or "#")'],
    [
      '/pacs/dicom web',
      'contains white space (fix: remove the white space (percent-encode it if it is really part of the path))',
    ],
  ])('wadoRoot %s', (root, message) => {
    expect(messages(baseConfig({ dataSources: [orthancSource({ wadoRoot: root })] }))).toEqual([
      `dataSources[0].configuration.wadoRoot: ${message}`,
    ]);
  });

  it('routerBasename starts with "/" and has no trailing slash', () => {
    expect(messages(baseConfig({ routerBasename: '/ohif/' }))).toEqual([
      'routerBasename: must not end with "/" (fix: use "/ohif")',
    ]);
    expect(messages(baseConfig({ routerBasename: 'ohif' }))).toEqual([
      'routerBasename: must start with "/" (fix: use "/ohif")',
    ]);
  });

  it('a misspelled dicomweb option is named with a suggestion', () => {
    const c = baseConfig();
    (c.dataSources[0]!.configuration as Record<string, unknown>).qidoSupportIncludeField = true;
    expect(messages(c)).toEqual([
      'dataSources[0].configuration.qidoSupportIncludeField: is not a known option here (fix: did you mean "qidoSupportsIncludeField"?)',
    ]);
  });

  it('required options, enums and types', () => {
    const c = {
      dataSources: [
        {
          namespace: orthancSource().namespace,
          sourceName: 'o',
          configuration: {
            name: 'o',
            qidoRoot: '/q',
            imageRendering: 'jpeg',
            supportsWildcard: 'yes',
          },
        },
      ],
    };
    expect(messages(c)).toEqual([
      'dataSources[0].configuration.wadoRoot: is required (fix: add it)',
      'dataSources[0].configuration.imageRendering: must be one of "wadors", "wadouri" (fix: use one of "wadors", "wadouri")',
      'dataSources[0].configuration.supportsWildcard: must be boolean (fix: give it a value of type boolean)',
    ]);
    expect(messages({})).toEqual(['dataSources: is required (fix: add it)']);
  });

  it('wadouri rendering needs wadoUriRoot', () => {
    const s = orthancSource({ imageRendering: 'wadouri' });
    delete s.configuration.wadoUriRoot;
    expect(messages(baseConfig({ dataSources: [s] }))).toEqual([
      'dataSources[0].configuration.wadoUriRoot: is required when imageRendering is "wadouri" (fix: set wadoUriRoot, or use imageRendering "wadors")',
    ]);
  });

  it('a top-level key close to an OHIF option is a typo', () => {
    expect(messages({ ...baseConfig(), showStudylist: true })).toEqual([
      'showStudylist: is not an OHIF option (fix: did you mean "showStudyList"?)',
    ]);
    // Options this package does not know pass: OHIF adds new ones each release.
    expect(messages({ ...baseConfig(), someNewOhifFlag: true })).toEqual([]);
  });

  it('function-valued options must be functions or raw JS', () => {
    expect(messages({ ...baseConfig(), httpErrorHandler: 'console.log' })).toEqual([
      "httpErrorHandler: must be a function (fix: wrap the code in rawJs('(...) => ...'))",
    ]);
    expect(messages(baseConfig({ httpErrorHandler: rawJs('(e) => e') }))).toEqual([]);
  });

  it('data source namespaces: each built-in configuration is checked, custom ones are not', () => {
    const c = baseConfig({
      dataSources: [
        orthancSource(),
        {
          namespace: DICOMJSON_NAMESPACE,
          sourceName: 'json',
          configuration: { name: 'json', qidoRoot: '/x' } as never,
        },
        { namespace: '@acme/ds' as never, sourceName: 'acme', configuration: { anything: 1 } },
        {
          namespace: MERGE_NAMESPACE,
          sourceName: 'merged',
          configuration: { name: 'm', seriesMerge: { dataSourceNames: ['orthanc', 'nope'] } },
        },
      ],
    });
    expect(messages(c)).toEqual([
      'dataSources[1].configuration.qidoRoot: is not a known option here (fix: remove it)',
      'dataSources[3].configuration.seriesMerge.dataSourceNames[1]: "nope" names no data source (fix: use one of: orthanc, json, acme, merged)',
    ]);
  });

  it('numbers: maxNumRequests are positive integers', () => {
    expect(messages(baseConfig({ maxNumRequests: { interaction: 0 } }))).toEqual([
      'maxNumRequests.interaction: must be at least 1 (fix: use a value >= 1)',
    ]);
  });

  it("says what is wrong in its own words, never the schema library's", () => {
    const c = { ...baseConfig(), routerBasename: '/', defaultDataSourceName: '' };
    const text = validateAppConfig(c).map(formatProblem).join('\n');
    expect(text).toContain('defaultDataSourceName: must not be empty (fix: give it a value)');
    expect(text).not.toMatch(/must NOT|fewer than|must be equal to/);
  });

  it('assertValidAppConfig throws every issue at once', () => {
    expect(() =>
      assertValidAppConfig(baseConfig({ routerBasename: 'x/', defaultDataSourceName: 'y' })),
    ).toThrowError(AppConfigError);
    try {
      assertValidAppConfig(baseConfig({ routerBasename: 'x/', defaultDataSourceName: 'y' }));
    } catch (e) {
      expect((e as AppConfigError).problems).toHaveLength(2);
    }
  });
});
