export { freePort, waitForPort } from './ports.js';
export { startProcess, type Started } from './process.js';
export { tempDir } from './tmp.js';
export {
  isolatedHttp,
  isolatedMain,
  nginxTest,
  startNginx,
  NGINX_BIN,
  type RunningNginx,
  type NginxTestResult,
} from './nginx.js';
export { startOrthanc, waitForHttp, ORTHANC_BIN, type RunningOrthanc } from './orthanc.js';
export {
  BASE_IMAGE,
  CONTAINERS_DIR,
  containerEnv,
  ensureStandIns,
  qualified,
  removeLeftovers,
  run,
  startPodmanService,
  type PodmanService,
} from './containers.js';
export { browserBundle } from './bundle.js';
export { kubectlBin, kustomize, schemaProblems, type KubeObject } from './kubernetes.js';
