// A stand-in for a custom OHIF build's typed config. `tsc -p` on this folder must pass:
// the valid configs compile and every @ts-expect-error line is indeed an error.
import type { AppConfig, DataSource, DicomWebConfiguration } from '@ohif-recipes/viewer-config';
import { customDataSource, defineConfig, rawJs } from '@ohif-recipes/viewer-config';

const orthanc: DicomWebConfiguration = {
  name: 'orthanc',
  qidoRoot: '/pacs/dicom-web',
  wadoRoot: '/pacs/dicom-web',
  wadoUriRoot: '/pacs/wado',
  qidoSupportsIncludeField: false,
  imageRendering: 'wadors',
  thumbnailRendering: 'wadors',
  enableStudyLazyLoad: true,
  supportsFuzzyMatching: false,
  supportsWildcard: true,
  staticWado: true,
  singlepart: 'bulkdata,video',
  bulkDataURI: { enabled: true, relativeResolution: 'studies' },
  omitQuotationForMultipartRequest: true,
  acceptHeader: ['multipart/related; type=application/octet-stream; transfer-syntax=*'],
  dicomUploadEnabled: true,
};

export const config: AppConfig = defineConfig({
  routerBasename: '/ohif',
  showStudyList: true,
  extensions: [],
  modes: [],
  defaultDataSourceName: 'orthanc',
  maxNumRequests: { interaction: 100, thumbnail: 75, prefetch: 25 },
  studyPrefetcher: {
    enabled: true,
    displaySetsCount: 2,
    maxNumPrefetchRequests: 10,
    order: 'closest',
  },
  investigationalUseDialog: { option: 'never' },
  httpErrorHandler: rawJs('(error) => console.warn(error.status)'),
  dataSources: [
    {
      namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
      sourceName: 'orthanc',
      configuration: orthanc,
    },
    {
      namespace: '@ohif/extension-default.dataSourcesModule.dicomjson',
      sourceName: 'dicomjson',
      configuration: { name: 'json' },
    },
    {
      namespace: '@ohif/extension-default.dataSourcesModule.dicomlocal',
      sourceName: 'dicomlocal',
      configuration: {},
    },
    customDataSource({
      namespace: '@acme/extension.dataSourcesModule.s3',
      sourceName: 's3',
      configuration: { bucket: 'x' },
    }),
  ],
});

// A real function is fine in a custom build (toAppConfigJs insists on rawJs).
export const withFunction: AppConfig = {
  dataSources: [],
  httpErrorHandler: (error: unknown) => console.log(error),
};

const DICOMWEB = '@ohif/extension-default.dataSourcesModule.dicomweb' as const;
const roots = { name: 'x', qidoRoot: '/q', wadoRoot: '/w' };

// Each expected error sits on the line after its directive (prettier must not rewrap this file).
// @ts-expect-error a misspelled namespace is neither built in nor wrapped in customDataSource()
export const wrongNamespace: DataSource = { namespace: '@ohif/extension-default.dataSourcesModule.dicomwbe', sourceName: 'x', configuration: roots };

// @ts-expect-error qidoRot is not an option (qidoRoot is)
export const misspelledKey: DataSource = { namespace: DICOMWEB, sourceName: 'x', configuration: { name: 'x', qidoRot: '/q', qidoRoot: '/q', wadoRoot: '/w' } };

// @ts-expect-error imageRendering takes 'wadors' | 'wadouri'
export const wrongType: DicomWebConfiguration = { ...roots, imageRendering: 'jpeg' };

// @ts-expect-error showStudyList is a boolean
export const wrongBool: AppConfig = { dataSources: [], showStudyList: 'yes' };

// @ts-expect-error qidoRoot and wadoRoot are required
export const missingRoots: DicomWebConfiguration = { name: 'x' };

// @ts-expect-error dicomjson has no qidoRoot
export const wrongConfigForJson: DataSource = { namespace: '@ohif/extension-default.dataSourcesModule.dicomjson', sourceName: 'j', configuration: { name: 'j', qidoRoot: '/q' } };

// @ts-expect-error a data source needs a sourceName
export const noSourceName: DataSource = { namespace: DICOMWEB, configuration: roots };
