// The SCIM 2.0 adapter (RFC 7644) at /scim/v2: authenticates the identity provider, parses requests
// (quirks included) with the pure functions beside this file, calls the domain services, and maps
// results and errors back to SCIM. No database access of its own.
import express, { NextFunction, Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Principal } from '../domain/auth/credential.service.js';
import type { Group } from '../domain/group/group.entity.js';
import { groupEtag } from '../domain/group/group.service.js';
import { etagOf } from '../domain/person/person.service.js';
import type { PersonView } from '../domain/person/person.service.js';
import type { Services } from '../domain/services.js';
import { parseFilter } from './filter/scim-filter-parser.js';
import { compileFilter, FilterTarget, sortExpression } from './filter/scim-filter-sql.js';
import { canonicalResource, isPlainObject } from './scim-document.js';
import { MAX_RESULTS, resourceTypes, schemaDocuments, serviceProviderConfig } from './scim-discovery.js';
import { badRequest, errorBody, ScimError, toScimError } from './scim-errors.js';
import { GROUP_FILTER_TARGET } from './scim-group-filter.js';
import { groupBody, projectGroup, renderGroup, wantsMembers } from './scim-group-mapping.js';
import { groupPatchChanges } from './scim-group-patch.js';
import { applyPatch, parsePatchBody, PatchContext } from './scim-patch.js';
import { COMMON_ATTRIBUTES, LIST_RESPONSE, USER_EXTENSIONS, userSchema } from './scim-schemas.js';
import { USER_FILTER_TARGET } from './scim-user-filter.js';
import { loggableError } from '../http/logger.js';
import { parseAttributeList, projectResource, Projection, renderUser } from './scim-user-mapping.js';

const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

interface ScimLocals {
  principal: Principal;
  log: Logger;
}

const locals = (res: Response) => res.locals as unknown as ScimLocals;

function send(res: Response, status: number, body: unknown): void {
  res.status(status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));
}

function sendError(res: Response, err: ScimError): void {
  send(res, err.status, errorBody(err.status, err.message, err.scimType));
}

/** True when any string (or key) inside holds U+0000; JSON.stringify escapes it as \\u0000. */
const hasNul = (value: unknown): boolean => JSON.stringify(value).includes('\\u0000');

const ignoredAsWarnings = (paths: string[]) => paths.map((attribute) => ({ attribute, reason: 'unknown attribute, ignored' }));

function parseIntParam(value: unknown, name: string, min: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const s = String(value).trim();
  if (!/^-?\d+$/.test(s)) throw badRequest('invalidValue', `"${name}" must be an integer`);
  return Math.max(min, Number(s));
}

interface ListParams extends Projection {
  filter?: string;
  startIndex: number;
  count: number;
  sortBy?: string;
  sortOrder?: string;
}

function listParams(source: Record<string, unknown>): ListParams {
  const get = (name: string) => source[Object.keys(source).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name];
  const filter = get('filter');
  if (filter !== undefined && typeof filter !== 'string') throw badRequest('invalidFilter', '"filter" must be a single string');
  const sortOrder = get('sortOrder');
  if (sortOrder !== undefined && !/^(ascending|descending)$/i.test(String(sortOrder))) {
    throw badRequest('invalidValue', '"sortOrder" must be "ascending" or "descending"');
  }
  return {
    filter: filter && filter.trim() ? filter : undefined,
    // RFC 7644 §3.4.2.4: startIndex below 1 is treated as 1; count above the maximum is capped.
    startIndex: parseIntParam(get('startIndex'), 'startIndex', 1) ?? 1,
    count: Math.min(parseIntParam(get('count'), 'count', 0) ?? 100, MAX_RESULTS),
    sortBy: get('sortBy') ? String(get('sortBy')) : undefined,
    sortOrder: sortOrder ? String(sortOrder) : undefined,
    attributes: parseAttributeList(get('attributes')),
    excludedAttributes: parseAttributeList(get('excludedAttributes')),
  };
}

export interface ScimRouterDeps {
  services: Services;
  publicUrl: string;
}

export function scimRouter({ services, publicUrl }: ScimRouterDeps): Router {
  const baseUrl = `${publicUrl}/scim/v2`;
  const router = Router({ caseSensitive: false });
  const patchContext = (id: string): PatchContext => ({ core: userSchema, extensions: USER_EXTENSIONS, common: COMMON_ATTRIBUTES, id });

  // Any body is parsed as JSON: Entra sends application/scim+json, Okta's test suite application/json.
  router.use(express.json({ type: () => true, limit: '1mb' }));

  // PostgreSQL text and jsonb cannot hold NUL characters: refuse them up front with a clear error.
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (req.body !== undefined && hasNul(req.body)) return sendError(res, badRequest('invalidValue', 'Strings may not contain the NUL character (\\u0000)'));
    next();
  });

  // Authentication: a live SCIM token of a workspace whose SCIM is enabled.
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      const header = req.get('authorization') ?? '';
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const unauthorized = (detail: string) => {
        res.set('WWW-Authenticate', 'Bearer realm="scim"');
        send(res, 401, errorBody(401, detail));
      };
      if (!m) return unauthorized('Authentication required: send the SCIM secret token as "Authorization: Bearer <token>"');
      const principal = await services.credentials.authenticate(m[1]);
      if (!principal || principal.kind !== 'scim') return unauthorized('The bearer token is not a valid SCIM token (unknown or revoked)');
      if (!principal.scimEnabled) return unauthorized('SCIM provisioning is disabled for this workspace; an admin can enable it');
      locals(res).principal = principal;
      res.locals.log = (res.locals.log as Logger).child({ workspace: principal.workspaceSlug });
      next();
    } catch (err) {
      next(err);
    }
  });

  const wrap =
    (fn: (req: Request, res: Response) => Promise<void> | void) =>
    async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      try {
        await fn(req, res);
      } catch (err) {
        next(err);
      }
    };

  // The domain hands back each person with their manager's summary (read in the same statement).
  const sendPerson = (res: Response, status: number, { person, managers }: PersonView, projection: Projection = {}) => {
    res.set('ETag', etagOf(person));
    if (status === 201) res.set('Location', `${baseUrl}/Users/${person.id}`);
    send(res, status, projectResource(renderUser(person, { baseUrl, managers }), projection));
  };

  /** Filter, sort and paging of a list request, as SQL for the target's table. */
  const listQuery = (target: FilterTarget, params: ListParams) => {
    const ast = params.filter ? parseFilter(params.filter) : undefined;
    if (ast && hasNul(ast)) throw badRequest('invalidFilter', 'Filter values may not contain the NUL character (\\u0000)');
    return {
      where: ast ? compileFilter(target, ast) : undefined,
      orderBy: params.sortBy ? sortExpression(target, params.sortBy) : undefined,
      descending: params.sortOrder?.toLowerCase() === 'descending',
      offset: params.startIndex - 1,
      limit: params.count,
    };
  };

  const sendList = (res: Response, params: ListParams, total: number, resources: unknown[]) =>
    send(res, 200, {
      schemas: [LIST_RESPONSE],
      totalResults: total,
      startIndex: params.startIndex,
      itemsPerPage: resources.length,
      Resources: resources,
    });

  const list = async (res: Response, params: ListParams) => {
    const { total, people, managers } = await services.people.list(locals(res).principal.workspaceId, listQuery(USER_FILTER_TARGET, params));
    sendList(res, params, total, people.map((p) => projectResource(renderUser(p, { baseUrl, managers }), params)));
  };

  // Members are loaded (one query for the whole page) only when the response shows them.
  const renderGroups = async (res: Response, groups: Group[], projection: Projection) => {
    const members = wantsMembers(projection) ? await services.groups.memberSummaries(locals(res).principal.workspaceId, groups.map((g) => g.id)) : undefined;
    return groups.map((g) => projectGroup(renderGroup(g, members?.get(g.id), baseUrl), projection));
  };

  const sendGroup = async (res: Response, status: number, group: Group, projection: Projection = {}) => {
    res.set('ETag', groupEtag(group));
    if (status === 201) res.set('Location', `${baseUrl}/Groups/${group.id}`);
    send(res, status, (await renderGroups(res, [group], projection))[0]);
  };

  const listGroups = async (res: Response, params: ListParams) => {
    const { total, groups } = await services.groups.list(locals(res).principal.workspaceId, listQuery(GROUP_FILTER_TARGET, params));
    sendList(res, params, total, await renderGroups(res, groups, params));
  };

  const actor = (res: Response) => ({ credentialId: locals(res).principal.credentialId });
  const ifMatch = (req: Request) => req.get('if-match') ?? undefined;

  // Tenant URL itself (Entra may be given `…/scim/v2?aadOptscim062020`): say what lives here.
  router.get('/', (_req, res) => send(res, 200, serviceProviderConfig(baseUrl)));
  router.get('/ServiceProviderConfig', (_req, res) => send(res, 200, serviceProviderConfig(baseUrl)));
  router.get('/ResourceTypes', (_req, res) => {
    const types = resourceTypes(baseUrl);
    send(res, 200, { schemas: [LIST_RESPONSE], totalResults: types.length, startIndex: 1, itemsPerPage: types.length, Resources: types });
  });
  router.get('/ResourceTypes/:name', (req, res) => {
    const t = resourceTypes(baseUrl).find((r) => r.id.toLowerCase() === String(req.params.name).toLowerCase());
    if (!t) return send(res, 404, errorBody(404, `No resource type "${req.params.name}"`));
    send(res, 200, t);
  });
  router.get('/Schemas', (_req, res) => {
    const docs = schemaDocuments(baseUrl);
    send(res, 200, { schemas: [LIST_RESPONSE], totalResults: docs.length, startIndex: 1, itemsPerPage: docs.length, Resources: docs });
  });
  router.get('/Schemas/:id', (req, res) => {
    const doc = schemaDocuments(baseUrl).find((s) => s.id.toLowerCase() === String(req.params.id).toLowerCase());
    if (!doc) return send(res, 404, errorBody(404, `No schema "${req.params.id}"`));
    send(res, 200, doc);
  });

  router.get('/Users', wrap((req, res) => list(res, listParams(req.query as Record<string, unknown>))));
  router.post(
    '/Users/.search',
    wrap((req, res) => {
      if (!isPlainObject(req.body)) throw badRequest('invalidSyntax', 'The request body must be a SearchRequest object');
      return list(res, listParams(req.body));
    }),
  );

  router.post(
    '/Users',
    wrap(async (req, res) => {
      const { doc, ignored } = canonicalResource(userSchema, req.body, COMMON_ATTRIBUTES);
      const created = await services.people.create(locals(res).principal.workspaceId, doc, actor(res), {
        warnings: ignoredAsWarnings(ignored),
      });
      sendPerson(res, 201, created);
    }),
  );

  router.get(
    '/Users/:id',
    wrap(async (req, res) => {
      const found = await services.people.get(locals(res).principal.workspaceId, String(req.params.id));
      const projection = listParams(req.query as Record<string, unknown>);
      sendPerson(res, 200, found, projection);
    }),
  );

  router.put(
    '/Users/:id',
    wrap(async (req, res) => {
      const { doc, ignored } = canonicalResource(userSchema, req.body, COMMON_ATTRIBUTES);
      const replaced = await services.people.replace(locals(res).principal.workspaceId, String(req.params.id), doc, actor(res), {
        ifMatch: ifMatch(req),
        warnings: ignoredAsWarnings(ignored),
      });
      sendPerson(res, 200, replaced);
    }),
  );

  router.patch(
    '/Users/:id',
    wrap(async (req, res) => {
      const ops = parsePatchBody(req.body);
      const id = String(req.params.id);
      const updated = await services.people.update(
        locals(res).principal.workspaceId,
        id,
        (current) => {
          const { doc, ignored } = applyPatch(patchContext(id), current, ops);
          return { doc, warnings: ignoredAsWarnings(ignored) };
        },
        actor(res),
        { ifMatch: ifMatch(req) },
      );
      sendPerson(res, 200, updated);
    }),
  );

  router.delete(
    '/Users/:id',
    wrap(async (req, res) => {
      await services.people.delete(locals(res).principal.workspaceId, String(req.params.id), actor(res), { ifMatch: ifMatch(req) });
      res.status(204).end();
    }),
  );

  router.get('/Groups', wrap((req, res) => listGroups(res, listParams(req.query as Record<string, unknown>))));
  router.post(
    '/Groups/.search',
    wrap((req, res) => {
      if (!isPlainObject(req.body)) throw badRequest('invalidSyntax', 'The request body must be a SearchRequest object');
      return listGroups(res, listParams(req.body));
    }),
  );

  router.post(
    '/Groups',
    wrap(async (req, res) => {
      const { input, ignored } = groupBody(req.body);
      const { group } = await services.groups.create(locals(res).principal.workspaceId, input, actor(res), { warnings: ignoredAsWarnings(ignored) });
      await sendGroup(res, 201, group);
    }),
  );

  router.get(
    '/Groups/:id',
    wrap(async (req, res) => {
      const group = await services.groups.get(locals(res).principal.workspaceId, String(req.params.id));
      await sendGroup(res, 200, group, listParams(req.query as Record<string, unknown>));
    }),
  );

  router.put(
    '/Groups/:id',
    wrap(async (req, res) => {
      const { input, ignored } = groupBody(req.body);
      const { group } = await services.groups.replace(locals(res).principal.workspaceId, String(req.params.id), input, actor(res), {
        ifMatch: ifMatch(req),
        warnings: ignoredAsWarnings(ignored),
      });
      await sendGroup(res, 200, group);
    }),
  );

  // 204 without a body, as Entra expects (a 50,000-member group is not echoed back per change).
  router.patch(
    '/Groups/:id',
    wrap(async (req, res) => {
      const id = String(req.params.id);
      const { changes, ignored } = groupPatchChanges(parsePatchBody(req.body), { id });
      const { group } = await services.groups.update(locals(res).principal.workspaceId, id, changes, actor(res), {
        ifMatch: ifMatch(req),
        warnings: ignoredAsWarnings(ignored),
      });
      res.set('ETag', groupEtag(group));
      res.status(204).end();
    }),
  );

  router.delete(
    '/Groups/:id',
    wrap(async (req, res) => {
      await services.groups.delete(locals(res).principal.workspaceId, String(req.params.id), actor(res), { ifMatch: ifMatch(req) });
      res.status(204).end();
    }),
  );

  router.all('/Bulk', (_req, res) => send(res, 501, errorBody(501, 'Bulk operations are not supported (see /ServiceProviderConfig)')));
  router.use((req, res) => send(res, 404, errorBody(404, `No SCIM endpoint ${req.method} ${req.path}`)));

  // One place maps errors to SCIM responses; refusals of writes go to the provisioning log.
  router.use(async (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const log = res.locals.log as Logger;
    let mapped = toScimError(err);
    const bodyError = err as { type?: string; status?: number };
    if (bodyError?.type === 'entity.parse.failed') {
      mapped = { status: 400, body: errorBody(400, 'The request body is not valid JSON', 'invalidSyntax'), unexpected: false };
    } else if (bodyError?.type === 'entity.too.large') {
      mapped = { status: 413, body: errorBody(413, 'The request body is larger than 1 MB', 'tooMany'), unexpected: false };
    } else if (bodyError?.type && bodyError.status && bodyError.status < 500) {
      mapped = { status: bodyError.status, body: errorBody(bodyError.status, 'The request body could not be read', 'invalidSyntax'), unexpected: false };
    }
    if (mapped.unexpected) log.error({ err: loggableError(err) }, 'unexpected error in SCIM request');
    // Refusals of writes are logged before answering, so the log is complete once the client has its answer.
    const principal = locals(res).principal;
    if (principal && req.method !== 'GET' && !req.path.endsWith('/.search') && mapped.status !== 404) {
      const [, resource, id] = /^\/(Users|Groups)(?:\/([^/]+))?$/i.exec(req.path) ?? [];
      const externalId = isPlainObject(req.body) && typeof req.body.externalId === 'string' ? req.body.externalId.slice(0, 256) : null;
      await services.provisioningLog
        .record({
          workspaceId: principal.workspaceId,
          credentialId: principal.credentialId,
          operation: ({ POST: 'create', PUT: 'replace', PATCH: 'patch', DELETE: 'delete' } as Record<string, string>)[req.method] ?? req.method.toLowerCase(),
          resourceType: resource?.toLowerCase() === 'groups' ? 'Group' : 'User',
          resourceId: id && /^[0-9a-f-]{36}$/i.test(id) ? id : null,
          externalId,
          outcome: 'refused',
          status: mapped.status,
          scimType: mapped.body.scimType ?? null,
          detail: mapped.body.detail,
        })
        .catch((e: unknown) => log.error({ err: loggableError(e) }, 'could not record a refused provisioning call'));
    }
    send(res, mapped.status, mapped.body);
  });

  return router;
}
