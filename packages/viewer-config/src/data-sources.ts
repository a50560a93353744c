import type { JsFunction } from './raw-js.js';

export const DICOMWEB_NAMESPACE = '@ohif/extension-default.dataSourcesModule.dicomweb';
export const DICOMJSON_NAMESPACE = '@ohif/extension-default.dataSourcesModule.dicomjson';
export const DICOMLOCAL_NAMESPACE = '@ohif/extension-default.dataSourcesModule.dicomlocal';
export const DICOMWEBPROXY_NAMESPACE = '@ohif/extension-default.dataSourcesModule.dicomwebproxy';
export const MERGE_NAMESPACE = '@ohif/extension-default.dataSourcesModule.merge';

/** How OHIF fetches pixel data and thumbnails. */
export type ImageRendering = 'wadors' | 'wadouri';
export type ThumbnailRendering =
  'wadors' | 'wadouri' | 'thumbnail' | 'thumbnailDirect' | 'rendered';

export interface BulkDataUriConfig {
  /** Whether to fetch bulk data by the BulkDataURI in metadata (Orthanc needs this on). */
  enabled?: boolean;
  /** Resolve relative BulkDataURIs against the study or the series URL. */
  relativeResolution?: 'studies' | 'series';
  /** Rewrite URIs that start with this prefix ... */
  startsWith?: string;
  /** ... to start with this one instead (fixes a PACS that reports an internal host). */
  prefixWith?: string;
  transform?: JsFunction;
}

export interface RequestOptions {
  /** `fetch` credentials mode: 'include' sends cookies and basic-auth to another origin. */
  requestCredentials?: 'omit' | 'same-origin' | 'include';
  /** Basic-auth "user:password" or a function returning the Authorization header. */
  auth?: string | JsFunction;
  headers?: Record<string, string>;
}

/** The `configuration` of OHIF's DICOMweb data source (extension-default). */
export interface DicomWebConfiguration {
  name: string;
  friendlyName?: string;
  /** QIDO-RS root, browser-facing: `/pacs/dicom-web` or `https://host/dicom-web`, no trailing slash. */
  qidoRoot: string;
  /** WADO-RS root, browser-facing. */
  wadoRoot: string;
  /** WADO-URI endpoint, browser-facing (needed for imageRendering 'wadouri'). */
  wadoUriRoot?: string;
  qidoSupportsIncludeField?: boolean;
  supportsReject?: boolean;
  supportsStow?: boolean;
  dicomUploadEnabled?: boolean;
  imageRendering?: ImageRendering;
  thumbnailRendering?: ThumbnailRendering;
  enableStudyLazyLoad?: boolean;
  supportsFuzzyMatching?: boolean;
  supportsWildcard?: boolean;
  /** The server is a static DICOMweb tree (no server-side queries); Orthanc works well with it. */
  staticWado?: boolean;
  /** Request these kinds of content single-part: true, or a list such as 'bulkdata,video,pdf'. */
  singlepart?: boolean | string;
  bulkDataURI?: BulkDataUriConfig;
  omitQuotationForMultipartRequest?: boolean;
  acceptHeader?: string[];
  requestTransferSyntaxUID?: string;
  requestOptions?: RequestOptions;
  /** Timeout of DICOMweb requests in milliseconds. */
  timeout?: number;
  onConfiguration?: JsFunction;
}

export interface DicomJsonConfiguration {
  name: string;
  friendlyName?: string;
}

export interface DicomLocalConfiguration {
  name?: string;
  friendlyName?: string;
}

export interface DicomWebProxyConfiguration {
  name: string;
  friendlyName?: string;
}

export interface MergeConfiguration {
  name: string;
  friendlyName?: string;
  seriesMerge: { dataSourceNames: string[]; defaultDataSourceName?: string };
}

interface DataSourceBase<N extends string, C> {
  namespace: N;
  sourceName: string;
  /** Shown in the data-source selector; OHIF also reads it from configuration. */
  friendlyName?: string;
  configuration: C;
}

export type DicomWebDataSource = DataSourceBase<typeof DICOMWEB_NAMESPACE, DicomWebConfiguration>;
export type DicomJsonDataSource = DataSourceBase<
  typeof DICOMJSON_NAMESPACE,
  DicomJsonConfiguration
>;
export type DicomLocalDataSource = DataSourceBase<
  typeof DICOMLOCAL_NAMESPACE,
  DicomLocalConfiguration
>;
export type DicomWebProxyDataSource = DataSourceBase<
  typeof DICOMWEBPROXY_NAMESPACE,
  DicomWebProxyConfiguration
>;
export type MergeDataSource = DataSourceBase<typeof MERGE_NAMESPACE, MergeConfiguration>;

export type BuiltInNamespace =
  | typeof DICOMWEB_NAMESPACE
  | typeof DICOMJSON_NAMESPACE
  | typeof DICOMLOCAL_NAMESPACE
  | typeof DICOMWEBPROXY_NAMESPACE
  | typeof MERGE_NAMESPACE;

declare const CUSTOM_NAMESPACE: unique symbol;

/**
 * The namespace of a third-party data source. It is branded (in the type system only) so
 * that a built-in namespace never matches it: otherwise a misspelled option of a built-in
 * source would still type-check as "custom".
 */
export type CustomNamespace = string & { readonly [CUSTOM_NAMESPACE]: true };

export interface CustomDataSource {
  namespace: CustomNamespace;
  sourceName: string;
  friendlyName?: string;
  configuration?: Record<string, unknown>;
}

/** The escape hatch for data sources OHIF does not ship; their options are not checked. */
export function customDataSource(
  source: Omit<CustomDataSource, 'namespace'> & { namespace: string },
): CustomDataSource {
  return source as CustomDataSource;
}

export type BuiltInDataSource =
  | DicomWebDataSource
  | DicomJsonDataSource
  | DicomLocalDataSource
  | DicomWebProxyDataSource
  | MergeDataSource;

export type DataSource = BuiltInDataSource | CustomDataSource;
