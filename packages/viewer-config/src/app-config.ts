import type { DataSource } from './data-sources.js';
import type { JsFunction } from './raw-js.js';

export interface MaxNumRequests {
  interaction?: number;
  thumbnail?: number;
  prefetch?: number;
}

export interface StudyPrefetcher {
  enabled: boolean;
  displaySetsCount?: number;
  maxNumPrefetchRequests?: number;
  order?: 'closest' | 'downward' | 'upward';
}

export interface OidcClient {
  authority: string;
  client_id: string;
  redirect_uri: string;
  response_type?: string;
  scope?: string;
  post_logout_redirect_uri?: string;
  revoke_uri?: string;
  automaticSilentRenew?: boolean;
  revokeAccessTokenOnSignout?: boolean;
  extraQueryParams?: Record<string, string>;
}

export interface InvestigationalUseDialog {
  option: 'always' | 'never' | 'configure';
  /** With 'configure': show the dialog again after this many days. */
  days?: number;
}

export interface Hotkey {
  commandName: string;
  commandOptions?: Record<string, unknown>;
  context?: string;
  label?: string;
  keys: string[];
  isEditable?: boolean;
}

/** A mode or extension from another npm package, as OHIF's pluginConfig lists them. */
export type PluginReference =
  string | { packageName: string; version?: string; [key: string]: unknown };

/** OHIF 3.x `window.config`. */
export interface AppConfig {
  /** Path the viewer is served under: `/` or `/ohif` (no trailing slash). */
  routerBasename?: string;
  extensions?: PluginReference[];
  modes?: PluginReference[];
  showStudyList?: boolean;
  defaultDataSourceName?: string;
  dataSources: DataSource[];
  customizationService?: Array<string | Record<string, unknown>> | Record<string, unknown>;
  maxNumberOfWebWorkers?: number;
  maxNumRequests?: MaxNumRequests;
  studyPrefetcher?: StudyPrefetcher;
  oidc?: OidcClient[];
  investigationalUseDialog?: InvestigationalUseDialog;
  whiteLabeling?: { createLogoComponentFn?: JsFunction };
  httpErrorHandler?: JsFunction;
  hotkeys?: Hotkey[];
  showWarningMessageForCrossOrigin?: boolean;
  showCPUFallbackMessage?: boolean;
  showLoadingIndicator?: boolean;
  showPatientInfo?: 'visible' | 'visibleCollapsed' | 'disabled' | 'visibleReadOnly';
  strictZSpacingForVolumeViewport?: boolean;
  groupEnabledModesFirst?: boolean;
  allowMultiSelectExport?: boolean;
  addWindowLevelActionMenu?: boolean;
  activateViewportBeforeInteraction?: boolean;
  autoPlayCine?: boolean;
  disableEditing?: boolean;
  experimentalStudyBrowserSort?: boolean;
  /** 'AUTO' uses SharedArrayBuffer when the page is cross-origin isolated (COOP/COEP). */
  useSharedArrayBuffer?: 'AUTO' | 'TRUE' | 'FALSE';
  useNorm16Texture?: boolean;
  preferSizeOverAccuracy?: boolean;
  useCPURendering?: boolean;
  dangerouslyUseDynamicConfig?: { enabled: boolean; regex: string | RegExp };
  defaultLanguage?: string;
  onConfiguration?: JsFunction;
}
