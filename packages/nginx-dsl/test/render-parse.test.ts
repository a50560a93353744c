import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NginxDslError, parse, render, tokenize, type Config } from '../src/index.js';
import { config, hostileString, UNREPRESENTABLE } from './arbitraries.js';

const RUNS = Number(process.env.FC_RUNS ?? 3000);

describe('render', () => {
  it('formats blocks, quotes only what needs it and keeps arg order', () => {
    const c: Config = [
      {
        directive: 'http',
        args: [],
        block: [
          {
            directive: 'server',
            args: [],
            block: [
              { directive: 'listen', args: ['80'] },
              { directive: 'return', args: ['200', 'a b;{}#"\\'] },
            ],
          },
        ],
      },
    ];
    expect(render(c)).toBe(
      'http {\n    server {\n        listen 80;\n        return 200 "a b;{}#\\"\\\\";\n    }\n}\n',
    );
  });

  it('writes if conditions in parentheses, quoted args kept apart from them', () => {
    const c: Config = [
      {
        directive: 'if',
        args: ['$request_method', '=', 'P O'],
        block: [{ directive: 'return', args: ['405'] }],
      },
    ];
    expect(render(c)).toBe('if ($request_method = "P O" ) {\n    return 405;\n}\n');
    expect(parse(render(c))).toEqual(c);
  });

  it('keeps regex backslashes readable and exact', () => {
    const c: Config = [{ directive: 'location', args: ['~', '\\.(js|css)$'], block: [] }];
    expect(render(c)).toBe('location ~ \\.(js|css)$ {\n}\n');
    expect(parse(render(c))).toEqual(c);
  });

  it('rejects NUL and other control characters with the directive path', () => {
    const c: Config = [
      {
        directive: 'http',
        args: [],
        block: [
          {
            directive: 'server',
            args: [],
            block: [{ directive: 'return', args: ['200', 'a\u0000b'] }],
          },
        ],
      },
    ];
    expect(() => render(c)).toThrowError(NginxDslError);
    expect(() => render(c)).toThrow(
      'http > server[0] > return: argument 2 contains a NUL character',
    );
    expect(() => render([{ directive: 'return', args: ['200', '\u001b[0m'] }])).toThrow(
      'control character U+001B',
    );
  });

  it('rejects CR/LF in header values, where they would split the response', () => {
    expect(() =>
      render([{ directive: 'add_header', args: ['X', 'a\r\nSet-Cookie: x=1'] }]),
    ).toThrow('split the HTTP header');
    // Elsewhere (a response body) a line break is a legitimate value, written as an escape.
    expect(render([{ directive: 'return', args: ['200', 'a\nb'] }])).toBe('return 200 "a\\nb";\n');
  });

  it('rejects comments that could end themselves', () => {
    expect(() => render([{ directive: '#', args: [], comment: 'x\nserver_tokens on;' }])).toThrow(
      'line break',
    );
    expect(render([{ directive: 'listen', args: ['80'], comment: ' main' }])).toBe(
      'listen 80; # main\n',
    );
  });

  it('rejects tokens nginx cannot buffer', () => {
    expect(() => render([{ directive: 'return', args: ['200', 'x'.repeat(5000)] }])).toThrow(
      'reads at most 4000',
    );
  });

  it('collects every problem before throwing', () => {
    try {
      render([
        { directive: 'a', args: ['\u0000'] },
        { directive: 'b', args: ['\u0001'] },
      ]);
      expect.unreachable();
    } catch (e) {
      expect((e as NginxDslError).problems.map((p) => p.path)).toEqual(['a', 'b']);
    }
  });
});

describe('parse', () => {
  it('reads real-world syntax: quotes, escapes, comments, if, regex, map, include', () => {
    const text = `# top comment
user www-data;
http {
    include /etc/nginx/mime.types; # mime
    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
        "~*^foo" "a b";
    }
    server {
        listen 80 default_server;
        location ~* \\.(png|jpg)$ {
            if ($request_method !~ ^(GET|HEAD)$) {
                return 405;
            }
            add_header X-A 'it\\'s' always;
        }
        location /${'$'}{x} { return 200 "\\t"; }
    }
}
`;
    const c = parse(text);
    expect(c[0]).toEqual({ directive: '#', args: [], comment: ' top comment' });
    const http = c[2]?.block ?? [];
    expect(http[0]).toEqual({
      directive: 'include',
      args: ['/etc/nginx/mime.types'],
      comment: ' mime',
    });
    expect(http[1]?.block?.[1]).toEqual({ directive: '', args: ['close'] });
    expect(http[1]?.block?.[2]).toEqual({ directive: '~*^foo', args: ['a b'] });
    const loc = http[2]?.block?.[1];
    expect(loc?.args).toEqual(['~*', '\\.(png|jpg)$']);
    expect(loc?.block?.[0]?.args).toEqual(['$request_method', '!~', '^(GET|HEAD)$']);
    expect(loc?.block?.[1]?.args).toEqual(['X-A', "it's", 'always']);
    const last = http[2]?.block?.[2];
    expect(last?.args).toEqual(['/${x}']);
    expect(last?.block?.[0]?.args).toEqual(['200', '\t']);
  });

  it('reports syntax errors with line numbers', () => {
    expect(() => parse('http {\n  server {\n')).toThrow('expecting "}"');
    expect(() => parse('a;\nb "x\n')).toThrow('line 2: unterminated double quote');
    expect(() => parse('a;\n}\n')).toThrow('line 2: unexpected "}"');
    expect(() => parse('a "b"c;')).toThrow('unexpected "c" after a quoted string');
    expect(() => parse('a b')).toThrow('unexpected end of file');
  });
});

describe('round trip (property-based)', () => {
  it(`parse(render(c)) deep-equals c for arbitrary configs (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(config, (c) => {
        expect(parse(render(c))).toEqual(c);
      }),
      { numRuns: RUNS },
    );
  });

  it('render is idempotent through parse', () => {
    fc.assert(
      fc.property(config, (c) => {
        const once = render(c);
        expect(render(parse(once))).toBe(once);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it(`a hostile value never adds, ends or opens a directive (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(hostileString, hostileString, (a, b) => {
        const c: Config = [
          {
            directive: 'location',
            args: ['/x'],
            block: [
              { directive: 'return', args: ['200', a] },
              { directive: 'add_header', args: ['X-Canary', 'ok', 'always'] },
            ],
          },
          { directive: 'set', args: ['$v', b] },
        ];
        let text: string;
        try {
          text = render(c);
        } catch (e) {
          expect(e).toBeInstanceOf(NginxDslError);
          return;
        }
        const structure = tokenize(text).filter((t) => t.kind !== 'word');
        expect(structure.map((t) => t.kind)).toEqual(['{', ';', ';', '}', ';']);
        expect(parse(text)).toEqual(c);
      }),
      { numRuns: RUNS },
    );
  });

  it('every representable string renders; every other one throws NginxDslError', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const c: Config = [{ directive: 'return', args: ['200', s] }];
        if (UNREPRESENTABLE.test(s)) expect(() => render(c)).toThrowError(NginxDslError);
        else expect(parse(render(c))).toEqual(c);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('*_by_lua_block (OpenResty)', () => {
  const text = [
    'location /lua {',
    '    content_by_lua_block {',
    '        local s = "}" -- a } in a comment',
    "        ngx.say('{' .. s)",
    '        local t = [[ } ]]',
    '        if true then ngx.exit(200) end',
    '    }',
    '    access_by_lua_block { ngx.var.x = 1 }',
    '}',
    '',
  ].join('\n');

  it('keeps the Lua body as one opaque argument and writes it back verbatim', () => {
    const [loc] = parse(text);
    const [content, access] = loc?.block ?? [];
    expect(content?.directive).toBe('content_by_lua_block');
    expect(content?.args).toHaveLength(1);
    expect(content?.args[0]).toContain("ngx.say('{' .. s)");
    expect(access?.args).toEqual([' ngx.var.x = 1 ']);
    expect(render(parse(text))).toBe(text);
  });

  it('refuses a Lua block that never closes, and unbalanced code when rendering', () => {
    expect(() => parse('content_by_lua_block { ngx.say(1)')).toThrow('has no closing "}"');
    expect(() => render([{ directive: 'content_by_lua_block', args: [' } '] }])).toThrow(
      'unbalanced braces',
    );
  });
});
