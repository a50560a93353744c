// The headers every app response carries (security, cross-origin isolation, HSTS).
import { type Directive } from '@ohif-recipes/nginx-dsl';
import { addHeaders } from '@ohif-recipes/nginx-dsl/builders';
import type { RouteModel } from '../../model/route-model.js';

/**
 * Headers every response of the app carries. nginx drops inherited add_header in any
 * block that sets its own, so each such block repeats these (lint checks it).
 * COOP/COEP make the page cross-origin isolated: OHIF needs SharedArrayBuffer.
 */
export const APP_HEADERS: Record<string, string> = {
  // What OHIF needs and no more: its own scripts (plus the inline PUBLIC_URL one, eval in
  // some decoders, wasm codecs), blob: workers, data:/blob: images; nothing cross-origin.
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' blob:",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' data: blob:",
    "media-src 'self' data: blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; '),
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy':
    'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'SAMEORIGIN',
};

/** HSTS, sent only over HTTPS: a browser that saw it never tries plain HTTP again. */
export const HSTS = 'max-age=63072000; includeSubDomains';

/** The app headers for the model (HSTS only with TLS). */
export const appHeaders = (model: RouteModel): Directive[] =>
  addHeaders(
    model.listen.ssl ? { ...APP_HEADERS, 'Strict-Transport-Security': HSTS } : APP_HEADERS,
  );
