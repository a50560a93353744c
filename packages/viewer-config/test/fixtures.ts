import { DICOMWEB_NAMESPACE, type AppConfig, type DicomWebDataSource } from '../src/index.js';

export function orthancSource(
  overrides: Partial<DicomWebDataSource['configuration']> = {},
): DicomWebDataSource {
  return {
    namespace: DICOMWEB_NAMESPACE,
    sourceName: 'orthanc',
    configuration: {
      name: 'orthanc',
      qidoRoot: '/pacs/dicom-web',
      wadoRoot: '/pacs/dicom-web',
      wadoUriRoot: '/pacs/wado',
      ...overrides,
    },
  };
}

export function baseConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    routerBasename: '/',
    defaultDataSourceName: 'orthanc',
    dataSources: [orthancSource()],
    ...overrides,
  };
}
