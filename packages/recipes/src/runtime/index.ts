/** The native runner (`ohif-recipes up`): starts and stops real servers on loopback. */
export {
  startNative,
  stopRecorded,
  defaultStateDir,
  NativeError,
  type NativeOptions,
  type NativeStack,
} from './native.js';
export { ensureOhifDist, prepareWebRoot, defaultCacheDir, runPrepareDist } from './ohif-dist.js';
export { nativePrerequisites, type Prerequisite } from './prereqs.js';
