/**
 * The HTTP layer against a started server, over raw sockets (issue 13 #5): a refused large body
 * closes its connection honestly instead of announcing keep-alive, and requests whose headers or
 * body never finish are answered 408 and closed instead of holding the connection open.
 */
import net from 'node:net';
import type { ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../server/http/listen.ts';
import { TARGET, testApi } from '../helpers/api.ts';

let server: ServerType;
let port: number;

beforeAll(async () => {
  const { app } = await testApi();
  server = await listen(app, { port: 0, hostname: '127.0.0.1', HTTP_REQUEST_TIMEOUT_MS: 1_000, HTTP_HEADERS_TIMEOUT_MS: 1_000, HTTP_KEEP_ALIVE_TIMEOUT_MS: 5_000 });
  port = (server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

/** A raw connection that records what it receives and whether the server closed it. */
function connect() {
  const sock = net.connect(port, '127.0.0.1');
  let received = '';
  let closed = false;
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  sock.on('data', (d) => {
    received += d.toString('latin1');
    wake();
  });
  sock.on('error', () => {}); // the server may reset a connection whose body it refused
  sock.on('close', () => {
    closed = true;
    wake();
  });
  /** Waits until `done()` holds; the test's own timeout catches a connection that hangs. */
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise<void>((r) => waiters.push(r));
  };
  return { sock, received: () => received, closed: () => closed, until };
}

const statusLines = (text: string) => [...text.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));

describe(`a refused body closes its connection (${TARGET})`, () => {
  it('413 says Connection: close and closes; the next request on a new connection is answered', async () => {
    const c = connect();
    const len = 3 * 1024 * 1024;
    c.sock.write(`POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${len}\r\nConnection: keep-alive\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 0x78);
    for (let i = 0; i < len / chunk.length && !c.closed(); i++) c.sock.write(chunk);
    await c.until(() => /\r\n\r\n[^]*\}/.test(c.received()) || c.closed());
    const head = c.received().split('\r\n\r\n')[0]!;
    expect(statusLines(head)).toEqual([413]);
    expect(head).toMatch(/^connection: close$/im);
    expect(head).not.toMatch(/^keep-alive:/im);
    await c.until(() => c.closed()); // never a connection that announces keep-alive and then drops the next request

    const next = connect();
    next.sock.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    await next.until(() => next.closed());
    expect(statusLines(next.received())).toEqual([200]);
  });
});

describe(`slow and incomplete requests time out (${TARGET})`, () => {
  it('a body announced longer than it is: 408 and closed', async () => {
    const c = connect();
    c.sock.write('POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"username":');
    await c.until(() => c.closed());
    expect(statusLines(c.received())).toEqual([408]);
  });

  it('headers that never finish: closed', async () => {
    const c = connect();
    c.sock.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    await c.until(() => c.closed());
    expect(statusLines(c.received()).every((s) => s === 408)).toBe(true);
  });
});
