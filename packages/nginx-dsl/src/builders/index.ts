// `@ohif-recipes/nginx-dsl/builders`: typed builders for the directives recipes write.
export * from './core.js';
export * from './http.js';
export * from './headers.js';
export * from './proxy.js';
export * from './compression.js';
export * from './auth.js';
export * from './ssl.js';
