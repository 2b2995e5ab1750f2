import { randomUUID } from 'node:crypto';

import { actions, authorize, visibleScope } from '../policy';
import type { Action, Target } from '../policy';
import type { Principal } from '../principal';

/**
 * The pure-logic matrix: every role (the methodologist both region-wide and bound to a
 * municipality) × every action × every kind of target, own and foreign. The expected table is
 * written out by hand (not derived from the code under test): one row per role and action, one
 * column per target, `+` allowed, `-` forbidden.
 */
const M = randomUUID();
const otherM = randomUUID();
const O = randomUUID();
const foreignM = randomUUID();

const targets: Record<string, Target> = {
  ownRegion: { regionCode: '47' },
  ownMunicipality: { regionCode: '47', municipalityId: M },
  otherMunicipality: { regionCode: '47', municipalityId: otherM },
  ownOrganization: { regionCode: '47', municipalityId: M, organizationId: O },
  otherOrgSameMunicipality: { regionCode: '47', municipalityId: M, organizationId: randomUUID() },
  otherOrgOtherMunicipality: { regionCode: '47', municipalityId: otherM, organizationId: randomUUID() },
  foreignRegion: { regionCode: '23' },
  foreignMunicipality: { regionCode: '23', municipalityId: foreignM },
  foreignOrganization: { regionCode: '23', municipalityId: foreignM, organizationId: randomUUID() },
};
const columns = Object.keys(targets);

const principals: Record<string, Principal> = {
  PLATFORM_ADMIN: { subject: 'p', role: 'PLATFORM_ADMIN', regionCode: null },
  REGION_ADMIN: { subject: 'r', role: 'REGION_ADMIN', regionCode: '47' },
  MUNICIPAL_OPERATOR: { subject: 'm', role: 'MUNICIPAL_OPERATOR', regionCode: '47', municipalityId: M },
  SCHOOL_STAFF: {
    subject: 's',
    role: 'SCHOOL_STAFF',
    regionCode: '47',
    municipalityId: M,
    organizationId: O,
  },
  'METHODOLOGIST (region)': { subject: 'x', role: 'METHODOLOGIST', regionCode: '47' },
  'METHODOLOGIST (municipality)': {
    subject: 'y',
    role: 'METHODOLOGIST',
    regionCode: '47',
    municipalityId: M,
  },
  ANALYST: { subject: 'a', role: 'ANALYST', regionCode: '47' },
};

const none = '---------';
const all = '+++++++++';
const region = '++++++---';
//                              region, M, otherM, O, otherO(M), otherO(otherM), foreign R, M, O
const expected: Record<string, Record<Action, string>> = {
  PLATFORM_ADMIN: {
    read: all,
    write: all,
    approve: none,
    readPersonalData: none,
    readAggregates: all,
    administer: all,
  },
  REGION_ADMIN: {
    read: region,
    write: region,
    approve: region,
    readPersonalData: region,
    readAggregates: region,
    administer: none,
  },
  MUNICIPAL_OPERATOR: {
    read: '++-++----',
    write: '-+-++----',
    approve: none,
    readPersonalData: '-+-++----',
    readAggregates: '++-++----',
    administer: none,
  },
  SCHOOL_STAFF: {
    read: '++-+-----',
    write: '---+-----',
    approve: none,
    readPersonalData: '---+-----',
    readAggregates: '-+-+-----',
    administer: none,
  },
  'METHODOLOGIST (region)': {
    read: region,
    write: none,
    approve: region,
    readPersonalData: region,
    readAggregates: region,
    administer: none,
  },
  'METHODOLOGIST (municipality)': {
    read: '++-++----',
    write: none,
    approve: '-+-++----',
    readPersonalData: '-+-++----',
    readAggregates: '++-++----',
    administer: none,
  },
  ANALYST: {
    read: region,
    write: none,
    approve: none,
    readPersonalData: none,
    readAggregates: region,
    administer: none,
  },
};

const cases = Object.keys(principals).flatMap((who) =>
  actions.flatMap((action) =>
    columns.map((column, i) => [who, action, column, expected[who][action][i] === '+'] as const),
  ),
);

describe('authorize: role × action × own/foreign scope', () => {
  it('covers every role, action and target kind', () => {
    expect(cases).toHaveLength(7 * actions.length * columns.length);
  });

  it.each(cases)('%s %s on %s → allowed: %s', (who, action, column, allowed) => {
    const decision = authorize(principals[who], action, targets[column]);
    expect(decision.allowed).toBe(allowed);
    if (!decision.allowed) {
      expect(decision.error.code).toBe('FORBIDDEN');
      expect(decision.error.httpStatus).toBe(403);
      expect(decision.error.message).toMatch(/[а-яё]/i);
    }
  });

  it('names the foreign region in its message', () => {
    const decision = authorize(principals.ANALYST, 'read', targets.foreignRegion);
    expect(decision).toMatchObject({ allowed: false });
    if (!decision.allowed) expect(decision.error.message).toContain('23');
  });
});

describe('visibleScope: the filter of list queries', () => {
  it.each([
    ['PLATFORM_ADMIN', {}],
    ['REGION_ADMIN', { regionCode: '47' }],
    ['ANALYST', { regionCode: '47' }],
    ['METHODOLOGIST (region)', { regionCode: '47' }],
    ['METHODOLOGIST (municipality)', { regionCode: '47', municipalityId: M }],
    ['MUNICIPAL_OPERATOR', { regionCode: '47', municipalityId: M }],
    ['SCHOOL_STAFF', { regionCode: '47', municipalityId: M, organizationId: O }],
  ])('%s sees %j', (who, scope) => {
    expect(visibleScope(principals[who])).toEqual(scope);
  });
});
