// Shared pieces of the benchmark suite (bench/suite.ts): the service as a child process, the HTTP
// client, CPU pinning, a seeded shuffle and latency statistics.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'undici';
import { freePort } from '../src/db/embedded-postgres.js';

// ── arguments ──

export function numArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a number, got "${process.argv[i + 1]}"`);
  return v;
}

export function strArg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

export const flag = (name: string) => process.argv.includes(`--${name}`);

// ── statistics ──

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const round = (v: number, digits = 2) => (Number.isFinite(v) ? +v.toFixed(digits) : null);

export interface Stats {
  n: number;
  p50ms: number | null;
  p99ms: number | null;
  maxms: number | null;
}

export function stats(samples: number[]): Stats {
  const s = Float64Array.from(samples).sort();
  return { n: s.length, p50ms: round(percentile(s, 50)), p99ms: round(percentile(s, 99)), maxms: round(s[s.length - 1]) };
}

export const median = (xs: number[]) => percentile(Float64Array.from(xs).sort(), 50);

// ── order ──

/** mulberry32: a small seeded generator, so a run's random order can be repeated (--seed). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(a: T[], random: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Runs `fn` over the items with `concurrency` workers; returns the wall time in ms. */
export async function runPool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
  return performance.now() - started;
}

// ── CPU pinning ──

export interface Pinning {
  client: string;
  service: string;
  postgres: string;
  note?: string;
}

const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * On two or more cores with `taskset`: this process (the load client, all its threads) goes to
 * core 0 and the service will go to core 1. PostgreSQL was started before and keeps every core.
 * Elsewhere nothing is pinned and the result says so.
 */
export function pinClient(cores: number): Pinning {
  if (flag('no-pin')) return { client: 'any', service: 'any', postgres: 'any', note: '--no-pin' };
  if (!hasTaskset || cores < 2 || process.platform !== 'linux') {
    return { client: 'any', service: 'any', postgres: 'any', note: hasTaskset ? 'one core: nothing pinned' : 'taskset not available: nothing pinned' };
  }
  execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  return { client: 'core 0', service: `core${cores > 2 ? `s 1-${cores - 1}` : ' 1'}`, postgres: 'any core (not pinned)' };
}

// ── CPU accounting ──

/** CPU time (ms) of a process from /proc (Linux), or null. */
function procCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS; // utime + stime
  } catch {
    return null;
  }
}
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface CpuSnapshot {
  at: number;
  service: number | null;
  /** CPU (ms) of each PostgreSQL process by pid. */
  postgres: Map<number, number> | null;
  client: number;
}

/**
 * CPU used by the service, by PostgreSQL and by this client between two snapshots. PostgreSQL is
 * every process named `postgres` on the machine: another, idle cluster adds next to nothing, a busy
 * one would inflate the figure.
 */
export class CpuMeter {
  constructor(private readonly servicePid: number | undefined) {}

  snapshot(): CpuSnapshot {
    let postgres: Map<number, number> | null = null;
    if (process.platform === 'linux') {
      postgres = new Map();
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
        } catch {
          continue;
        }
        const ms = procCpuMs(Number(entry));
        if (ms !== null) postgres.set(Number(entry), ms);
      }
    }
    const c = process.cpuUsage();
    return { at: performance.now(), service: this.servicePid ? procCpuMs(this.servicePid) : null, postgres, client: (c.user + c.system) / 1000 };
  }

  /**
   * Per request (ms of CPU) and as cores busy over the interval. A PostgreSQL process that exited
   * meanwhile is missing from the end snapshot: its last share is not counted (the service keeps
   * its connections while busy, so this is rare).
   */
  static between(a: CpuSnapshot, b: CpuSnapshot, requests: number) {
    const wall = b.at - a.at;
    let pg: number | null = null;
    if (a.postgres && b.postgres) {
      pg = 0;
      for (const [pid, ms] of b.postgres) pg += ms - (a.postgres.get(pid) ?? 0);
    }
    const service = a.service === null || b.service === null ? null : b.service - a.service;
    const client = b.client - a.client;
    const per = (x: number | null) => (x === null || !requests ? null : round(x / requests, 2));
    const cores = (x: number | null) => (x === null ? null : round(x / wall, 2));
    return {
      serviceCpuMsPerRequest: per(service),
      postgresCpuMsPerRequest: per(pg),
      clientCpuMsPerRequest: per(client),
      serviceCores: cores(service),
      postgresCores: cores(pg),
      clientCores: cores(client),
    };
  }
}

// ── the service ──

export interface Service {
  origin: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the built service (`node dist/src/main.js`) on a free loopback port against `databaseUrl`,
 * pinned with taskset when `pinned`, and waits for /readyz. Its logs go nowhere (LOG_LEVEL still
 * applies: formatting them is part of what a request costs).
 */
export async function startService(databaseUrl: string, opts: { pinned: boolean; cores: number; logLevel: string }): Promise<Service> {
  const main = path.resolve(__dirname, '../src/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run "npm run build" first`);
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: opts.logLevel,
    NODE_ENV: 'production',
    ADMIN_TOKEN: `bench_${randomBytes(24).toString('base64url')}`,
    OIDC_ISSUER: '',
    OIDC_AUDIENCE: '',
    OIDC_JWKS_URL: '',
  };
  // e.g. SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the service.
  const node = [process.execPath, ...(process.env.SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean), main];
  const [cmd, args] = opts.pinned ? ['taskset', ['-c', opts.cores > 2 ? `1-${opts.cores - 1}` : '1', ...node]] : [node[0], node.slice(1)];
  // SERVICE_LOG=<file> keeps the service's log lines (otherwise discarded).
  const logFile = process.env.SERVICE_LOG ? openSync(process.env.SERVICE_LOG, 'w') : 'ignore';
  const child = spawn(cmd, args as string[], { env, stdio: ['ignore', logFile, 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`\nthe service exited unexpectedly (code ${code}, signal ${signal}):\n${stderr}`);
      process.exitCode = 1;
    }
  });
  let stopping = false;
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`the service did not start:\n${stderr}`);
    try {
      const res = await fetch(`${origin}/readyz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service was not ready within 60 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin,
    child,
    async stop() {
      if (exited) return;
      stopping = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

// ── the client ──

export interface Response {
  status: number;
  text: string;
  ms: number;
}

/**
 * A keep-alive connection pool (undici) with one connection per concurrent worker. Each call times
 * the full round trip: request written, status line, headers and the whole body read.
 */
export class Client {
  readonly pool: Pool;

  constructor(origin: string, connections: number) {
    this.pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 120_000, headersTimeout: 300_000, bodyTimeout: 300_000 });
  }

  async request(method: 'GET' | 'POST' | 'PATCH', path: string, headers: Record<string, string>, body?: string): Promise<Response> {
    const t0 = performance.now();
    const res = await this.pool.request({ method, path, headers, body });
    const text = await res.body.text();
    return { status: res.statusCode, text, ms: performance.now() - t0 };
  }

  /** Reads the body without keeping it (large exports); returns its size in bytes. */
  async download(path: string, headers: Record<string, string>): Promise<{ status: number; bytes: number; ms: number }> {
    const t0 = performance.now();
    const res = await this.pool.request({ method: 'GET', path, headers });
    let bytes = 0;
    for await (const chunk of res.body) bytes += (chunk as Buffer).byteLength;
    return { status: res.statusCode, bytes, ms: performance.now() - t0 };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
