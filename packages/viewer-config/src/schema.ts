import {
  DICOMJSON_NAMESPACE,
  DICOMLOCAL_NAMESPACE,
  DICOMWEB_NAMESPACE,
  DICOMWEBPROXY_NAMESPACE,
  MERGE_NAMESPACE,
} from './data-sources.js';

/**
 * JSON Schema (draft 2020-12 subset that ajv runs) of the serialisable part of OHIF's
 * window.config. Function-valued options accept anything here; `validateAppConfig`
 * checks that they are raw JS or functions.
 */
type Schema = Record<string, unknown>;

const str: Schema = { type: 'string' };
const bool: Schema = { type: 'boolean' };
const posInt: Schema = { type: 'integer', minimum: 1 };
const anyFn: Schema = {};

const dicomWebConfiguration: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'qidoRoot', 'wadoRoot'],
  properties: {
    name: { type: 'string', minLength: 1 },
    friendlyName: str,
    qidoRoot: { type: 'string', minLength: 1 },
    wadoRoot: { type: 'string', minLength: 1 },
    wadoUriRoot: { type: 'string', minLength: 1 },
    qidoSupportsIncludeField: bool,
    supportsReject: bool,
    supportsStow: bool,
    dicomUploadEnabled: bool,
    imageRendering: { enum: ['wadors', 'wadouri'] },
    thumbnailRendering: { enum: ['wadors', 'wadouri', 'thumbnail', 'thumbnailDirect', 'rendered'] },
    enableStudyLazyLoad: bool,
    supportsFuzzyMatching: bool,
    supportsWildcard: bool,
    staticWado: bool,
    singlepart: { type: ['boolean', 'string'] },
    bulkDataURI: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: bool,
        relativeResolution: { enum: ['studies', 'series'] },
        startsWith: str,
        prefixWith: str,
        transform: anyFn,
      },
    },
    omitQuotationForMultipartRequest: bool,
    acceptHeader: { type: 'array', items: str },
    requestTransferSyntaxUID: str,
    requestOptions: {
      type: 'object',
      additionalProperties: false,
      properties: {
        requestCredentials: { enum: ['omit', 'same-origin', 'include'] },
        auth: anyFn,
        headers: { type: 'object', additionalProperties: str },
      },
    },
    timeout: posInt,
    onConfiguration: anyFn,
  },
};

const namedConfiguration = (extra: Schema = {}, required: string[] = ['name']): Schema => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties: { name: { type: 'string', minLength: 1 }, friendlyName: str, ...extra },
});

const source = (namespace: string, configuration: Schema): Schema => ({
  if: { properties: { namespace: { const: namespace } }, required: ['namespace'] },
  then: { properties: { configuration }, required: ['configuration'] },
});

const dataSource: Schema = {
  type: 'object',
  required: ['namespace', 'sourceName'],
  properties: {
    namespace: { type: 'string', minLength: 1 },
    sourceName: { type: 'string', minLength: 1 },
    friendlyName: str,
    configuration: { type: 'object' },
  },
  additionalProperties: false,
  allOf: [
    source(DICOMWEB_NAMESPACE, dicomWebConfiguration),
    source(DICOMJSON_NAMESPACE, namedConfiguration()),
    source(DICOMLOCAL_NAMESPACE, namedConfiguration({}, [])),
    source(DICOMWEBPROXY_NAMESPACE, namedConfiguration()),
    source(
      MERGE_NAMESPACE,
      namedConfiguration(
        {
          seriesMerge: {
            type: 'object',
            additionalProperties: false,
            required: ['dataSourceNames'],
            properties: {
              dataSourceNames: { type: 'array', items: str },
              defaultDataSourceName: str,
            },
          },
        },
        ['name', 'seriesMerge'],
      ),
    ),
  ],
};

const plugin: Schema = {
  oneOf: [
    str,
    { type: 'object', required: ['packageName'], properties: { packageName: str, version: str } },
  ],
};

export const appConfigSchema: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://ohif-recipes.dev/schemas/app-config.json',
  title: 'OHIF window.config',
  type: 'object',
  required: ['dataSources'],
  properties: {
    routerBasename: str,
    extensions: { type: 'array', items: plugin },
    modes: { type: 'array', items: plugin },
    showStudyList: bool,
    defaultDataSourceName: { type: 'string', minLength: 1 },
    dataSources: { type: 'array', items: dataSource },
    customizationService: { type: ['array', 'object'] },
    maxNumberOfWebWorkers: posInt,
    maxNumRequests: {
      type: 'object',
      additionalProperties: false,
      properties: { interaction: posInt, thumbnail: posInt, prefetch: posInt },
    },
    studyPrefetcher: {
      type: 'object',
      additionalProperties: false,
      required: ['enabled'],
      properties: {
        enabled: bool,
        displaySetsCount: posInt,
        maxNumPrefetchRequests: posInt,
        order: { enum: ['closest', 'downward', 'upward'] },
      },
    },
    oidc: {
      type: 'array',
      items: {
        type: 'object',
        required: ['authority', 'client_id', 'redirect_uri'],
        properties: {
          authority: str,
          client_id: str,
          redirect_uri: str,
          response_type: str,
          scope: str,
          post_logout_redirect_uri: str,
          revoke_uri: str,
          automaticSilentRenew: bool,
          revokeAccessTokenOnSignout: bool,
          extraQueryParams: { type: 'object', additionalProperties: str },
        },
      },
    },
    investigationalUseDialog: {
      type: 'object',
      additionalProperties: false,
      required: ['option'],
      properties: { option: { enum: ['always', 'never', 'configure'] }, days: posInt },
    },
    whiteLabeling: { type: 'object' },
    httpErrorHandler: anyFn,
    hotkeys: {
      type: 'array',
      items: {
        type: 'object',
        required: ['commandName', 'keys'],
        properties: { commandName: str, keys: { type: 'array', items: str } },
      },
    },
    showWarningMessageForCrossOrigin: bool,
    showCPUFallbackMessage: bool,
    showLoadingIndicator: bool,
    showPatientInfo: { enum: ['visible', 'visibleCollapsed', 'disabled', 'visibleReadOnly'] },
    strictZSpacingForVolumeViewport: bool,
    groupEnabledModesFirst: bool,
    allowMultiSelectExport: bool,
    addWindowLevelActionMenu: bool,
    activateViewportBeforeInteraction: bool,
    autoPlayCine: bool,
    disableEditing: bool,
    experimentalStudyBrowserSort: bool,
    useSharedArrayBuffer: { enum: ['AUTO', 'TRUE', 'FALSE'] },
    useNorm16Texture: bool,
    preferSizeOverAccuracy: bool,
    useCPURendering: bool,
    dangerouslyUseDynamicConfig: {
      type: 'object',
      required: ['enabled'],
      properties: { enabled: bool },
    },
    defaultLanguage: str,
    onConfiguration: anyFn,
  },
};

/** Top-level options the schema knows; others pass (OHIF grows) unless they look like typos. */
export const KNOWN_TOP_LEVEL = Object.keys(appConfigSchema.properties as Schema);
