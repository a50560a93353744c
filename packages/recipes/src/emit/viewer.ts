import { DICOMWEB_NAMESPACE, type AppConfig } from '@ohif-recipes/viewer-config';
import type { RouteModel } from '../model/route-model.js';

/** The OHIF window.config for the route model: roots come from the same model as nginx's locations. */
export function appConfig(model: RouteModel): AppConfig {
  const { dicomweb, dataSource } = model;
  return {
    routerBasename: model.viewer.routerBasename,
    showStudyList: true,
    extensions: [],
    modes: [],
    customizationService: {},
    maxNumberOfWebWorkers: 3,
    showWarningMessageForCrossOrigin: true,
    showCPUFallbackMessage: true,
    showLoadingIndicator: true,
    strictZSpacingForVolumeViewport: true,
    useSharedArrayBuffer: 'AUTO',
    maxNumRequests: { interaction: 100, thumbnail: 75, prefetch: 25 },
    investigationalUseDialog: { option: 'never' },
    defaultDataSourceName: dataSource.name,
    dataSources: [
      {
        namespace: DICOMWEB_NAMESPACE,
        sourceName: dataSource.name,
        configuration: {
          friendlyName: `${dataSource.name} (${model.publicUrl.href})`,
          name: dataSource.name,
          qidoRoot: dicomweb.qidoRoot,
          wadoRoot: dicomweb.wadoRoot,
          ...(dicomweb.wadoUriRoot ? { wadoUriRoot: dicomweb.wadoUriRoot } : {}),
          ...dataSource.options,
          bulkDataURI: { enabled: true, ...(dicomweb.bulkDataRewrite ?? {}) },
        },
      },
    ],
  };
}
