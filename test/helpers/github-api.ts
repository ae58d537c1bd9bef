import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the part of GitHub's REST API the action's comment step uses (list, create and edit issue comments),
 * on 127.0.0.1 with a port of its own. Pages like GitHub (`per_page`, `page`, a `Link: <…>; rel="next"` header),
 * checks the bearer token, and can answer like a read-only token (403 on writes). `prefix` is the API's base path,
 * e.g. `/api/v3` on GitHub Enterprise Server.
 */
export interface FakeGitHub {
  /** The API's base URL, as GITHUB_API_URL. */
  url: string;
  comments: { id: number; issue: number; body: string; user: string }[];
  requests: { method: string; path: string; authorization: string | undefined; body: unknown }[];
  /** `ok`; `read-only`: writes answer 403 as for a token without pull-requests: write. */
  access: 'ok' | 'read-only';
  close(): Promise<void>;
}

export async function startFakeGitHub(options: {
  repo: string;
  token: string;
  prefix?: string;
  maxPerPage?: number;
}): Promise<FakeGitHub> {
  const prefix = options.prefix ?? '';
  const maxPerPage = options.maxPerPage ?? 100;
  let nextId = 1000;
  const state = {
    comments: [] as FakeGitHub['comments'],
    requests: [] as FakeGitHub['requests'],
    access: 'ok' as FakeGitHub['access'],
  };

  const send = (res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(data));
  };
  const readBody = (req: IncomingMessage) =>
    new Promise<unknown>((resolve) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (text += c));
      req.on('end', () => resolve(text === '' ? undefined : (JSON.parse(text) as unknown)));
    });

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      state.requests.push({
        method: req.method ?? '',
        path: `${url.pathname}${url.search}`,
        authorization: req.headers.authorization,
        body,
      });
      if (req.headers.authorization !== `Bearer ${options.token}`)
        return send(res, 401, { message: 'Bad credentials' });
      if (!url.pathname.startsWith(`${prefix}/repos/${options.repo}/`))
        return send(res, 404, { message: 'Not Found' });
      const rest = url.pathname.slice(`${prefix}/repos/${options.repo}`.length);
      const list = /^\/issues\/(\d+)\/comments$/.exec(rest);
      const one = /^\/issues\/comments\/(\d+)$/.exec(rest);
      const isWrite = req.method === 'POST' || req.method === 'PATCH';
      if (isWrite && state.access === 'read-only')
        return send(res, 403, { message: 'Resource not accessible by integration' });
      const view = (c: FakeGitHub['comments'][number]) => ({
        id: c.id,
        body: c.body,
        user: { login: c.user },
        html_url: `https://github.example/${options.repo}/pull/${c.issue}#issuecomment-${c.id}`,
      });
      if (list && req.method === 'GET') {
        const issue = Number(list[1]);
        const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), maxPerPage);
        const page = Number(url.searchParams.get('page') ?? 1);
        const all = state.comments.filter((c) => c.issue === issue);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const headers: Record<string, string> = {};
        if (page * perPage < all.length) {
          const next = new URL(url.toString());
          next.host = req.headers.host ?? '';
          next.searchParams.set('page', String(page + 1));
          next.searchParams.set('per_page', String(perPage));
          headers.link = `<${next.toString()}>; rel="next"`;
        }
        return send(res, 200, slice.map(view), headers);
      }
      if (list && req.method === 'POST') {
        const c = {
          id: (nextId += 1),
          issue: Number(list[1]),
          body: (body as { body: string }).body,
          user: 'github-actions[bot]',
        };
        state.comments.push(c);
        return send(res, 201, view(c));
      }
      if (one && req.method === 'PATCH') {
        const c = state.comments.find((x) => x.id === Number(one[1]));
        if (!c) return send(res, 404, { message: 'Not Found' });
        c.body = (body as { body: string }).body;
        return send(res, 200, view(c));
      }
      return send(res, 404, { message: 'Not Found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    get comments() {
      return state.comments;
    },
    get requests() {
      return state.requests;
    },
    get access() {
      return state.access;
    },
    set access(a) {
      state.access = a;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
