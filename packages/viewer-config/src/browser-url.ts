/**
 * Why `value` cannot be used by a browser as a DICOMweb root, or undefined if it can.
 * Roots must be same-origin paths (`/pacs/dicom-web`) or absolute http(s) URLs of a host a
 * browser can resolve; OHIF appends `/studies...`, so no trailing slash.
 */
export function browserRootProblem(value: string): { message: string; fix: string } | undefined {
  if (/\s/.test(value))
    return {
      message: 'contains white space',
      fix: 'remove the white space (percent-encode it if it is really part of the path)',
    };
  if (value.startsWith('//'))
    return {
      message: 'is protocol-relative',
      fix: 'write the scheme: https://host/path, or use a same-origin path such as /pacs/dicom-web',
    };
  if (value.startsWith('/')) return checkPath(value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return {
      message: `"${value}" is neither a same-origin path nor an absolute URL`,
      fix: 'use a path starting with "/" (such as /pacs/dicom-web) or an http(s) URL',
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      message: `uses the ${url.protocol} scheme`,
      fix: 'use an http(s) URL or a same-origin path',
    };
  }
  if (url.username || url.password)
    return {
      message: 'embeds credentials in the URL',
      fix: 'remove user:password@ and use requestOptions or the proxy for authentication',
    };
  if (url.search || url.hash)
    return { message: 'has a query or fragment', fix: 'remove everything from "?" or "#"' };
  const host = url.hostname;
  const isIp = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');
  if (!isIp && host !== 'localhost' && !host.includes('.')) {
    return {
      message: `host "${host}" is a bare name (a compose service name?) that the browser cannot resolve`,
      fix: 'route it through the proxy with a same-origin path such as /pacs/dicom-web, or use the public host name',
    };
  }
  return value.endsWith('/') && url.pathname !== '/'
    ? { message: 'ends with "/"', fix: 'remove the trailing slash (OHIF appends "/studies...")' }
    : undefined;
}

function checkPath(value: string): { message: string; fix: string } | undefined {
  if (/[?#]/.test(value))
    return { message: 'has a query or fragment', fix: 'remove everything from "?" or "#"' };
  if (value.length > 1 && value.endsWith('/'))
    return {
      message: 'ends with "/"',
      fix: 'remove the trailing slash (OHIF appends "/studies...")',
    };
  return undefined;
}
