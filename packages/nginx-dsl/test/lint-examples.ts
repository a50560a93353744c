/**
 * For each rule, each documented case: a config the rule must report and the fixed config it
 * must pass. Cases follow gixy's plugin documentation and the gaps measured against it.
 */
export interface Example {
  case: string;
  bad: string;
  good: string;
}

export const EXAMPLES: Record<string, Example[]> = {
  'add-header-redefinition': [
    {
      case: 'a location add_header drops the server headers',
      bad: 'server { add_header X-Frame-Options DENY always; location / { add_header Cache-Control no-cache; } }',
      good: 'server { add_header X-Frame-Options DENY always; location / { add_header X-Frame-Options DENY always; add_header Cache-Control no-cache; } }',
    },
    {
      case: 'an if block drops the location headers',
      bad: 'http { add_header X-Content-Type-Options nosniff; server { location / { if ($arg_x) { add_header X-A b; } } } }',
      good: 'http { add_header X-Content-Type-Options nosniff; server { location / { if ($arg_x) { add_header X-Content-Type-Options nosniff; add_header X-A b; } } } }',
    },
  ],
  'alias-traversal': [
    {
      case: 'alias with a trailing slash: /files../ reaches the parent',
      bad: 'server { location /files { alias /data/files/; } }',
      good: 'server { location /files/ { alias /data/files/; } }',
    },
    {
      case: 'neither has a slash: /files-secret/ reaches a sibling',
      bad: 'server { location /files { alias /srv/home; } }',
      good: 'server { location /files/ { alias /srv/home/; } }',
    },
    {
      case: '^~ prefix locations too',
      bad: 'server { location ^~ /static { alias /srv/static/; } }',
      good: 'server { location ^~ /static/ { alias /srv/static/; } }',
    },
  ],
  'header-splitting': [
    {
      case: '$uri in a redirect',
      bad: 'server { location / { return 302 https://$host$uri; } }',
      good: 'server { location / { return 302 https://$host$request_uri; } }',
    },
    {
      case: 'the one-argument return form',
      bad: 'server { location /r1 { return https://a$uri; } }',
      good: 'server { location /r1 { return https://a$request_uri; } }',
    },
    {
      case: 'a capture by a negated class that admits a line feed',
      bad: 'server { location ~ ^/c/([^/]*)$ { return 302 /b/$1; } }',
      good: 'server { location ~ ^/c/([^/\\r\\n]*)$ { return 302 /b/$1; } }',
    },
    {
      case: '\\W and \\D classes match a line feed',
      bad: 'server { location ~ ^/w/(\\W+)$ { add_header X-W $1; } location ~ ^/d/(\\D+)$ { add_header X-D $1; } }',
      good: 'server { location ~ ^/w/(\\w+)$ { add_header X-W $1; } location ~ ^/d/(\\d+)$ { add_header X-D $1; } }',
    },
    {
      case: 'a named capture',
      bad: 'server { location ~ /v1/((?<action>[^.]*)\\.json)?$ { add_header X-Action $action; } }',
      good: 'server { location ~ /v1/((?<action>[^.\\s]*)\\.json)?$ { add_header X-Action $action; } }',
    },
    {
      case: 'a named capture copied by set',
      bad: 'server { location ~ ^/r/(?<name>[^/]*)$ { set $w $name; return 302 https://x/$w; } }',
      good: 'server { location ~ ^/r/(?<name>[a-z]*)$ { set $w $name; return 302 https://x/$w; } }',
    },
    {
      case: '$uri copied by set',
      bad: 'server { location /o/ { set $v $uri; return 302 https://x$v; } }',
      good: 'server { location /o/ { set $v $request_uri; return 302 https://x$v; } }',
    },
    {
      case: 'a capture of an if regex',
      bad: 'server { location /q/ { if ($uri ~ ^/q/([^/]*)$) { return 302 https://x/$1; } } }',
      good: 'server { location /q/ { if ($uri ~ ^/q/([a-z]*)$) { return 302 https://x/$1; } } }',
    },
    {
      case: 'a map that passes the capture through',
      bad: 'http { map $uri $tail { ~^/m/(?<rest>[^/]+)$ $rest; default ""; } server { location /m/ { add_header X-M $tail; } } }',
      good: 'http { map $uri $tail { ~^/m/(?<rest>[a-z]+)$ $rest; default ""; } server { location /m/ { add_header X-M $tail; } } }',
    },
    {
      case: 'a redirecting rewrite with $uri',
      bad: 'server { location /g { rewrite ^ https://x$uri redirect; } }',
      good: 'server { location /g { rewrite ^ https://x$request_uri redirect; } }',
    },
    {
      case: 'a header sent upstream',
      bad: 'server { location ~ ^/j/([^/]*)$ { proxy_set_header X-J $1; proxy_pass http://u; } }',
      good: 'server { location ~ ^/j/([^/\\s]*)$ { proxy_set_header X-J $1; proxy_pass http://u; } }',
    },
    {
      case: 'the request line sent upstream (proxy_pass with $uri)',
      bad: 'server { location /h { proxy_pass http://u$uri; } }',
      good: 'server { location /h { proxy_pass http://u$request_uri; } }',
    },
  ],
  'ssrf-proxy-pass': [
    {
      case: 'the host from a query argument through set',
      bad: 'server { location /p/ { set $target $arg_host; proxy_pass http://$target/; } }',
      good: 'server { location /p/ { set $target orthanc; proxy_pass http://$target:8042/; } }',
    },
    {
      case: 'the whole URL from a query argument',
      bad: 'server { location /proxy/ { proxy_pass $arg_some; } }',
      good: 'server { location /proxy/ { proxy_pass http://backend$request_uri; } }',
    },
    {
      case: 'scheme and host from numbered captures through set',
      bad: 'server { location ~ /proxy/(.*)/(.*)/(.*)$ { set $s $1; set $h $2; set $p $3; proxy_pass $s://$h/$p; } }',
      good: 'server { location ~ /proxy/(.*)$ { set $p $1; proxy_pass http://backend/$p; } }',
    },
    {
      case: 'a named capture',
      bad: 'server { location ~ ^/n/(?<h>[^/]+)/ { proxy_pass http://$h; } }',
      good: 'server { location ~ ^/n/(?<rest>/.*)$ { proxy_pass http://backend$rest; } }',
    },
    {
      case: 'a map that passes the header through',
      bad: 'http { map $http_x_backend $b { default $http_x_backend; } server { location / { proxy_pass http://$b; } } }',
      good: 'http { map $http_x_backend $b { a 10.0.0.1; default 10.0.0.2; } server { location / { proxy_pass http://$b; } } }',
    },
    {
      case: 'an if capture',
      bad: 'server { location / { if ($http_x ~ (.+)) { proxy_pass http://$1; } } }',
      good: 'server { location / { if ($http_x ~ (.+)) { return 403; } proxy_pass http://backend; } }',
    },
    {
      case: 'grpc_pass and fastcgi_pass',
      bad: 'server { location /g { grpc_pass grpc://$arg_h; } location /f { fastcgi_pass $http_x:9000; } }',
      good: 'server { location /g { grpc_pass grpc://backend; } location /f { fastcgi_pass 127.0.0.1:9000; } }',
    },
    {
      case: 'internal locations are reached only by internal redirects',
      bad: 'server { location /x { proxy_pass http://$arg_h; } }',
      good: 'server { location /x { internal; proxy_pass http://$arg_h; } }',
    },
  ],
  'if-in-location': [
    {
      case: 'an if holding add_header',
      bad: 'server { location / { if ($x) { add_header X-A b; } } }',
      good: 'server { location / { if ($x) { return 403; } } }',
    },
  ],
  'server-tokens': [
    {
      case: 'server_tokens on',
      bad: 'http { server { server_tokens on; } }',
      good: 'http { server_tokens off; server { } }',
    },
    {
      case: 'server_tokens build',
      bad: 'http { server_tokens build; server { } }',
      good: 'http { server_tokens off; server { } }',
    },
    {
      case: 'left at its default',
      bad: 'http { server { } }',
      good: 'http { server { server_tokens off; } }',
    },
  ],
  'cors-wildcard': [
    {
      case: 'a wildcard',
      bad: 'server { location / { add_header Access-Control-Allow-Origin *; } }',
      good: 'server { location / { add_header Access-Control-Allow-Origin https://viewer.example.org; } }',
    },
    {
      case: 'the Origin echoed (also as ${http_origin})',
      bad: 'server { location / { add_header Access-Control-Allow-Origin ${http_origin}; } }',
      good: 'server { location / { if ($http_origin ~ ^https://viewer\\.example\\.org$) { add_header Access-Control-Allow-Origin $http_origin; } } }',
    },
    {
      case: 'a map that echoes any origin',
      bad: 'http { map $http_origin $cors { default $http_origin; } server { location / { add_header Access-Control-Allow-Origin $cors; } } }',
      good: 'http { map $http_origin $cors { ~^https://viewer\\.example\\.org$ $http_origin; default ""; } server { location / { add_header Access-Control-Allow-Origin $cors; } } }',
    },
    {
      case: 'a map whose regex accepts look-alike origins',
      bad: 'http { map $http_origin $cors { ~example\\.org $http_origin; } server { location / { add_header Access-Control-Allow-Origin $cors; } } }',
      good: 'http { map $http_origin $cors { https://example.org $http_origin; } server { location / { add_header Access-Control-Allow-Origin $cors; } } }',
    },
    {
      case: 'set from the Origin outside a check',
      bad: 'server { location / { set $o $http_origin; add_header Access-Control-Allow-Origin $o; } }',
      good: 'server { location / { set $o https://viewer.example.org; add_header Access-Control-Allow-Origin $o; } }',
    },
  ],
  'missing-body-size': [
    {
      case: 'a proxied upload route at the 1 MB default',
      bad: 'server { location /pacs/ { proxy_pass http://orthanc:8042/; } }',
      good: 'server { client_max_body_size 500m; location /pacs/ { proxy_pass http://orthanc:8042/; } }',
    },
    {
      case: 'read-only routes need no limit',
      bad: 'server { location /pacs/ { limit_except GET POST { deny all; } proxy_pass http://o/; } }',
      good: 'server { location /pacs/ { limit_except GET { deny all; } proxy_pass http://o/; } }',
    },
  ],
  'add-header-multiline': [
    {
      case: 'a folded add_header value',
      bad: 'server { add_header Content-Security-Policy "default-src \'none\';\n    img-src data:;"; }',
      good: 'server { add_header Content-Security-Policy "default-src \'none\'; img-src data:;"; }',
    },
    {
      case: 'a folded more_set_headers value',
      bad: 'server { more_set_headers -s 404 "X-A: one\n\ttwo"; }',
      good: 'server { more_set_headers -s 404 "X-A: one two"; }',
    },
  ],
  'add-header-content-type': [
    {
      case: 'Content-Type with add_header',
      bad: 'server { location /t { add_header Content-Type text/plain; return 200 x; } }',
      good: 'server { location /t { default_type text/plain; return 200 x; } }',
    },
    {
      case: "replacing the upstream's type is fine once it is hidden",
      bad: 'server { location /u { proxy_pass http://u; add_header Content-Type text/plain; } }',
      good: 'server { location /u { proxy_pass http://u; proxy_hide_header Content-Type; add_header Content-Type text/plain; } }',
    },
  ],
  'allow-without-deny': [
    {
      case: 'allow with no deny',
      bad: 'server { location /admin { allow 10.0.0.0/8; } }',
      good: 'server { location /admin { allow 10.0.0.0/8; deny all; } }',
    },
    {
      case: 'satisfy any needs authentication to mean anything',
      bad: 'server { location /admin { satisfy any; allow 10.0.0.0/8; } }',
      good: 'server { location /admin { satisfy any; allow 10.0.0.0/8; auth_basic on; auth_basic_user_file h; } }',
    },
  ],
  'host-spoofing': [
    {
      case: '$http_host',
      bad: 'server { location / { proxy_set_header Host $http_host; proxy_pass http://u; } }',
      good: 'server { location / { proxy_set_header Host $host; proxy_pass http://u; } }',
    },
    {
      case: 'a query argument, also through set',
      bad: 'server { location / { set $h $arg_host; proxy_set_header Host $h; proxy_pass http://u; } }',
      good: 'server { location / { set $h upstream.internal; proxy_set_header Host $h; proxy_pass http://u; } }',
    },
  ],
  origins: [
    {
      case: 'an Origin check not anchored at the end',
      bad: 'server { if ($http_origin ~ ^https://example\\.com) { add_header Access-Control-Allow-Origin $http_origin; } }',
      good: 'server { if ($http_origin ~ ^https://example\\.com$) { add_header Access-Control-Allow-Origin $http_origin; } }',
    },
    {
      case: 'an unescaped dot',
      bad: 'server { if ($http_origin ~* ^https://www.example\\.com$) { set $cors 1; } }',
      good: 'server { if ($http_origin ~* ^https://www\\.example\\.com$) { set $cors 1; } }',
    },
    {
      case: 'a subdomain check without the dot boundary',
      bad: 'server { if ($http_origin ~ ^https://.*example\\.com$) { set $cors 1; } }',
      good: 'server { if ($http_origin ~ ^https://([a-z0-9-]+\\.)*example\\.com$) { set $cors 1; } }',
    },
    {
      case: 'a Referer check not anchored at the start',
      bad: 'server { if ($http_referer !~ "https?://([^/]+\\.)?example\\.com/") { return 403; } }',
      good: 'server { if ($http_referer !~ "^https?://([^/]+\\.)?example\\.com/") { return 403; } }',
    },
    {
      case: 'regex keys of a map on the Origin',
      bad: 'http { map $http_origin $ok { ~example\\.com 1; default 0; } }',
      good: 'http { map $http_origin $ok { ~^https://example\\.com$ 1; default 0; } }',
    },
  ],
  'resolver-external': [
    {
      case: 'a public resolver',
      bad: 'http { resolver 8.8.8.8 1.1.1.1 valid=30s; }',
      good: 'http { resolver 127.0.0.11 valid=30s; }',
    },
    {
      case: 'a public IPv6 resolver with a port',
      bad: 'http { resolver [2001:4860:4860::8888]:53; }',
      good: 'http { resolver [::1]:5353 10.96.0.10; }',
    },
  ],
  'return-bypasses-allow-deny': [
    {
      case: 'return under allow/deny',
      bad: 'server { location /admin { allow 10.0.0.0/8; deny all; return 200 admin; } }',
      good: 'server { location /admin { allow 10.0.0.0/8; deny all; try_files /admin.html =404; } }',
    },
    {
      case: 'an inherited restriction',
      bad: 'server { deny all; location /status { return 200 ok; } }',
      good: 'server { deny all; location /status { stub_status; } }',
    },
    {
      case: 'authentication is bypassed too; redirects and errors are fine',
      bad: 'server { auth_basic on; auth_basic_user_file h; location /info { return 200 "build 42"; } }',
      good: 'server { auth_basic on; auth_basic_user_file h; location /info { return 301 /about/; } location /x { return 404; } }',
    },
  ],
  'proxy-set-header-redefinition': [
    {
      case: 'a location proxy_set_header drops the server ones',
      bad: 'server { proxy_set_header X-Forwarded-Proto $scheme; location / { proxy_set_header X-Real-IP $remote_addr; proxy_pass http://u; } }',
      good: 'server { proxy_set_header X-Forwarded-Proto $scheme; location / { proxy_set_header X-Forwarded-Proto $scheme; proxy_set_header X-Real-IP $remote_addr; proxy_pass http://u; } }',
    },
  ],
  'status-page-exposed': [
    {
      case: 'stub_status open to all',
      bad: 'server { location = /nginx_status { stub_status; } }',
      good: 'server { location = /nginx_status { stub_status; allow 127.0.0.1; deny all; } }',
    },
    {
      case: 'an allow list without deny all',
      bad: 'server { location = /s { stub_status; allow 127.0.0.1; } }',
      good: 'server { listen unix:/run/nginx-status.sock; location = /s { stub_status; } }',
    },
  ],
  'filesystem-root-exposure': [
    {
      case: 'root /',
      bad: 'server { root /; }',
      good: 'server { root /var/www/html; }',
    },
    {
      case: 'alias / (also spelled /./)',
      bad: 'server { location /files/ { alias /./; } }',
      good: 'server { location /files/ { alias /srv/files/; } }',
    },
  ],
  'weak-ssl-tls': [
    {
      case: 'TLS 1.0 and 1.1 enabled',
      bad: 'server { ssl_protocols TLSv1 TLSv1.1 TLSv1.2; }',
      good: 'server { ssl_protocols TLSv1.2 TLSv1.3; }',
    },
  ],
  'valid-referers': [
    {
      case: 'none accepted',
      bad: 'server { location /img/ { valid_referers none server_names *.example.com; if ($invalid_referer) { return 403; } } }',
      good: 'server { location /img/ { valid_referers server_names *.example.com; if ($invalid_referer) { return 403; } } }',
    },
  ],
};
