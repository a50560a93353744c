export { makeSeries, newUid, SAMPLE_CT, PYDICOM_FILES, type Series } from './dicom.js';
export { makeCtSeries } from './ct.js';
export { stow, stowBody, cStore } from './dicomweb.js';
export {
  launchBrowser,
  launchProfile,
  watchProblems,
  largestCanvasStats,
  CHROMIUM,
  type PageProblems,
  type CanvasStats,
} from './browser.js';
export { fetchFor } from './http.js';
