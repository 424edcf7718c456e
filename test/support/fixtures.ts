// The recorded identity-provider requests in ../shared/fixtures/idp-requests (read-only data).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface RecordedExchange {
  file: string;
  idp: 'entra' | 'okta';
  name: string;
  method: string;
  path: string;
  statusCode: number;
  request?: Record<string, unknown>;
  response?: Record<string, unknown>;
}

export const FIXTURES_DIR = path.resolve(__dirname, '../../../shared/fixtures/idp-requests');

export function loadFixtures(): RecordedExchange[] {
  const out: RecordedExchange[] = [];
  for (const idp of ['entra', 'okta'] as const) {
    for (const file of readdirSync(path.join(FIXTURES_DIR, idp)).filter((f) => f.endsWith('.json')).sort()) {
      const data = JSON.parse(readFileSync(path.join(FIXTURES_DIR, idp, file), 'utf8'));
      out.push({ file: `${idp}/${file}`, idp, name: file.replace(/\.json$/, ''), ...data });
    }
  }
  return out;
}

export function fixture(file: string): RecordedExchange {
  const f = loadFixtures().find((x) => x.file === file);
  if (!f) throw new Error(`no fixture ${file}`);
  return f;
}
