import { DICOMWEB_NAMESPACE, type AppConfig } from '@ohif-recipes/viewer-config';
import type { RouteModel } from '../model/route-model.js';
import type { PacsModule } from '../pacs/types.js';

/** The OHIF window.config for the route model: roots come from the same model as nginx's locations. */
export function appConfig(model: RouteModel, pacs: PacsModule): AppConfig {
  const { dicomweb } = model;
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
    defaultDataSourceName: pacs.kind,
    dataSources: [
      {
        namespace: DICOMWEB_NAMESPACE,
        sourceName: pacs.kind,
        configuration: {
          friendlyName: `${pacs.kind} (${model.publicUrl.href})`,
          name: pacs.kind,
          qidoRoot: dicomweb.qidoRoot,
          wadoRoot: dicomweb.wadoRoot,
          ...(dicomweb.wadoUriRoot ? { wadoUriRoot: dicomweb.wadoUriRoot } : {}),
          ...pacs.dataSource,
          bulkDataURI: { enabled: true, ...(dicomweb.bulkDataRewrite ?? {}) },
        },
      },
    ],
  };
}
