import type { Directive } from '../types.js';
import { simple } from './core.js';

export interface TlsOptions {
  certificate: string;
  certificateKey: string;
  /** Mozilla's "intermediate" (TLS 1.2 + 1.3) or "modern" (TLS 1.3 only) profile. */
  profile?: 'intermediate' | 'modern';
}

const INTERMEDIATE_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'DHE-RSA-AES128-GCM-SHA256',
  'DHE-RSA-AES256-GCM-SHA384',
].join(':');

export function tls(opts: TlsOptions): Directive[] {
  const modern = opts.profile === 'modern';
  const out = [
    simple('ssl_certificate', opts.certificate),
    simple('ssl_certificate_key', opts.certificateKey),
    simple('ssl_protocols', ...(modern ? ['TLSv1.3'] : ['TLSv1.2', 'TLSv1.3'])),
    simple('ssl_session_timeout', '1d'),
    simple('ssl_session_cache', 'shared:OhifTLS:10m'),
    simple('ssl_session_tickets', 'off'),
    simple('ssl_prefer_server_ciphers', 'off'),
  ];
  if (!modern) out.splice(3, 0, simple('ssl_ciphers', INTERMEDIATE_CIPHERS));
  return out;
}
