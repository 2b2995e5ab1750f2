import type { EntityManager } from 'typeorm';
import type { organizationFields } from '@opora/event-contracts';
import { announceAll } from '@opora/service-kit';
import type { Actor, Announcement } from '@opora/service-kit';

import type { OrganizationEntity } from '../organization/organization.entity';
import { organizationEventData, organizationSearchKey } from '../organization/organization.service';
import type { RegionEntity } from '../region/region.entity';

type OrganizationState = Omit<OrganizationEntity, 'createdAt' | 'updatedAt' | 'searchKey' | 'authorityLevel'>;

/** One organization's change decided by the import: a new one, or an existing one with new values. */
export type OrganizationChange =
  | { action: 'CREATED'; organization: OrganizationState }
  | { action: 'UPDATED'; organization: OrganizationState; changed: (typeof organizationFields)[number][] };

/**
 * Writes of a bulk import, collected and sent in chunks: organizations inserted and updated from
 * arrays (`unnest`, one statement per chunk of ROWS_PER_STATEMENT) and their events in one outbox
 * statement, all in the caller's transaction. 5,000 rows take a few dozen statements, not 15,000.
 */
export class OrganizationWriteBatch {
  private inserts: OrganizationState[] = [];
  private updates: OrganizationState[] = [];
  private events: Announcement[] = [];
  private audit: { organizationId: string; action: 'REGISTERED' | 'CORRECTED'; changes: unknown }[] = [];

  constructor(
    private readonly manager: EntityManager,
    readonly region: RegionEntity,
    private readonly actor: Actor,
  ) {}

  insert(organization: OrganizationState): void {
    this.inserts.push(organization);
  }

  update(organization: OrganizationState): void {
    this.updates.push(organization);
  }

  /** An event of the import, announced with the import's actor (its request id) at the next flush. */
  event(event: Announcement): void {
    this.events.push(event);
  }

  /** An audit-trail line for one organization (actor: the import, with the request id). */
  trace(organizationId: string, action: 'REGISTERED' | 'CORRECTED', changes: unknown): void {
    this.audit.push({ organizationId, action, changes });
  }

  /** Sends what is collected when a chunk is full; call `flush` at the end. */
  async flushWhenFull(): Promise<void> {
    if (this.inserts.length + this.updates.length >= ROWS_PER_STATEMENT) await this.flush();
  }

  async flush(): Promise<void> {
    const [inserts, updates, events, audit] = [this.inserts, this.updates, this.events, this.audit];
    [this.inserts, this.updates, this.events, this.audit] = [[], [], [], []];
    if (inserts.length)
      await this.manager.query(
        `insert into organization (${COLUMNS.join(', ')}, authority_level)
         select v.*, case when v.kind = 'EDUCATION_AUTHORITY' then 'MUNICIPAL' end
           from unnest(${COLUMN_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})
             as v (${COLUMNS.join(', ')})`,
        columnArrays(inserts),
      );
    if (updates.length)
      await this.manager.query(
        `update organization o set ${COLUMNS.slice(1)
          .map((column) => `${column} = v.${column}`)
          .join(', ')}, updated_at = now(),
           authority_level = case when v.kind = 'EDUCATION_AUTHORITY' then coalesce(o.authority_level, 'MUNICIPAL') end
         from unnest(${COLUMN_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})
           as v (${COLUMNS.join(', ')})
         where o.id = v.id`,
        columnArrays(updates),
      );
    await announceAll(this.manager, this.actor, events);
    if (audit.length)
      await this.manager.query(
        `insert into audit_entry (organization_id, entity_type, entity_id, action, actor, actor_role, request_id, reason, changes)
         select v.id, 'ORGANIZATION', v.id, v.action, $5, $6, $3, 'Импорт из файла', v.changes
           from unnest($1::uuid[], $2::text[], $4::jsonb[]) as v (id, action, changes)`,
        [
          audit.map((a) => a.organizationId),
          audit.map((a) => a.action),
          this.actor.requestId ?? null,
          audit.map((a) => JSON.stringify(a.changes)),
          this.actor.subject,
          this.actor.role,
        ],
      );
  }
}

/** Rows per INSERT/UPDATE statement: 10 arrays of 1,000 values stay far below PostgreSQL's limits. */
const ROWS_PER_STATEMENT = 1000;

const COLUMNS = [
  'id',
  'municipality_id',
  'region_id',
  'kind',
  'full_name',
  'short_name',
  'inn',
  'ogrn',
  'address',
  'locality',
  'head_name',
  'search_key',
];
const COLUMN_TYPES = [
  'uuid',
  'uuid',
  'uuid',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
];

function columnArrays(rows: OrganizationState[]): unknown[] {
  return [
    rows.map((o) => o.id),
    rows.map((o) => o.municipalityId),
    rows.map((o) => o.regionId),
    rows.map((o) => o.kind),
    rows.map((o) => o.fullName),
    rows.map((o) => o.shortName),
    rows.map((o) => o.inn),
    rows.map((o) => o.ogrn),
    rows.map((o) => o.address),
    rows.map((o) => o.locality),
    rows.map((o) => o.headName),
    rows.map((o) => organizationSearchKey(o)),
  ];
}

/**
 * Writes one organization of an import and the event announcing it, in the import's transaction:
 * the one place where a single organization's change is recorded (an audit-trail entry belongs
 * here too). `registry.organization.created` for a new one, `registry.organization.updated` with
 * the changed fields for an existing one.
 */
export function upsertOrganizationRow(batch: OrganizationWriteBatch, change: OrganizationChange): void {
  const { organization } = change;
  const data = organizationEventData(organization);
  if (change.action === 'CREATED') {
    batch.insert(organization);
    batch.event({
      type: 'registry.organization.created',
      subject: organization.id,
      regionCode: batch.region.code,
      data,
    });
    batch.trace(organization.id, 'REGISTERED', data);
  } else {
    batch.update(organization);
    batch.event({
      type: 'registry.organization.updated',
      subject: organization.id,
      regionCode: batch.region.code,
      data: { ...data, changed: change.changed },
    });
    batch.trace(
      organization.id,
      'CORRECTED',
      Object.fromEntries(change.changed.map((field) => [field, { to: organization[field] }])),
    );
  }
}
