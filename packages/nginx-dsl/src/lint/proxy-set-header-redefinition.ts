import { redefinitionRule } from './add-header-redefinition.js';

/** A location's own proxy_set_header drops the server's: Host, X-Forwarded-* go missing upstream. */
export const proxySetHeaderRedefinition = redefinitionRule({
  id: 'proxy-set-header-redefinition',
  directive: 'proxy_set_header',
  description:
    'a block with its own proxy_set_header drops the proxy_set_header directives it would inherit',
  what: ' sent upstream',
  severity: () => 'medium',
});
