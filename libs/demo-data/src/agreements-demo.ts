import type { Principal } from '@opora/auth';

import type { Execute } from './load-seed-documents';
import { loadSeedDocument } from './load-seed-documents';
import { pavlovskyOrder129, priozerskyDirective364 } from './seed-documents';

/** An Execute acting as a given person (the demo signs a token for each role it plays). */
export type ExecuteAs = (principal: Principal) => Execute;

export interface AgreementsDemo {
  pavlovsky: { leaderId: string; partnerId: string; agreementId: string; leaderStatusId: string };
  priozersky: { siteId: string; centreId: string; planId: string };
}

/**
 * The 002 leader school is not named by the order: the demo's two schools say so in their names
 * instead of inventing a real school.
 */
const pavlovskySchools = {
  leader: 'Школа-лидер Павловского района (демонстрационная запись)',
  partner: 'Школа с низкими образовательными результатами Павловского района (демонстрационная запись)',
};

async function poll<T>(attempt: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * The agreements part of the demo, entered through the gateway as the people who do it: the
 * Pavlovsky authority names a leader school and a ШНОР (order 129), the leader concludes an
 * agreement with it (002 §4.2); the Priozersky site's head submits the 2021–2023 plan, the Centre
 * of information technologies returns it with comments, the head corrects it, the centre agrees
 * it (000 §3.4, §3.5). Looks up before it writes: running it again adds nothing.
 */
export async function loadAgreementsDemo(executeAs: ExecuteAs, admin: Execute): Promise<AgreementsDemo> {
  return {
    pavlovsky: await pavlovskyAgreement(executeAs, admin),
    priozersky: await priozerskyPlan(executeAs, admin),
  };
}

async function pavlovskyAgreement(
  executeAs: ExecuteAs,
  admin: Execute,
): Promise<AgreementsDemo['pavlovsky']> {
  const doc = await loadSeedDocument(admin, pavlovskyOrder129);
  const school = async (fullName: string): Promise<string> => {
    const { organizations } = await admin<{
      organizations: { edges: { node: { id: string; fullName: string } }[] };
    }>(
      `query($filter: OrganizationsFilter) { organizations(filter: $filter, first: 20) { edges { node { id fullName } } } }`,
      { filter: { municipalityId: doc.municipalityId } },
    );
    const found = organizations.edges.find((e) => e.node.fullName === fullName);
    if (found) return found.node.id;
    return (
      await admin<{ registerOrganization: { id: string } }>(
        `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`,
        { input: { municipalityId: doc.municipalityId, kind: 'SCHOOL', fullName } },
      )
    ).registerOrganization.id;
  };
  const leaderId = await school(pavlovskySchools.leader);
  const partnerId = await school(pavlovskySchools.partner);
  const status = async (organizationId: string, kind: string, validFrom: string, validTo: string | null) => {
    const { organization } = await admin<{ organization: { statusHistory: { id: string; kind: string }[] } }>(
      `query($id: UUID!) { organization(id: $id) { statusHistory { id kind } } }`,
      { id: organizationId },
    );
    const held = organization.statusHistory.find((s) => s.kind === kind);
    if (held) return held.id;
    return (
      await admin<{ assignStatus: { id: string } }>(
        `mutation($input: AssignStatusInput!) { assignStatus(input: $input) { id } }`,
        {
          input: {
            organizationId,
            kind,
            theme: 'Повышение качества образования в ШНОР и ШССУ (002)',
            grounds: ['Приказ управления образованием от 04.03.2021 № 129 (002 §1.3)'],
            assigningOrderId: doc.orders['129'],
            validFrom,
            validTo,
          },
        },
      )
    ).assignStatus.id;
  };
  const leaderStatusId = await status(leaderId, 'LEADER_SCHOOL', '2021-03-04', null);
  await status(partnerId, 'LOW_RESULTS', '2021-01-01', '2023-12-31');

  const leaderStaff = executeAs({
    subject: 'demo-pavlovsky-leader',
    name: 'Директор школы-лидера (демо)',
    role: 'SCHOOL_STAFF',
    regionCode: pavlovskyOrder129.region.code,
    municipalityId: doc.municipalityId,
    organizationId: leaderId,
  });
  const existing = await leaderStaff<{ organization: { agreements: { id: string }[] } | null }>(
    `query($id: UUID!) { organization(id: $id) { agreements(side: LEADER) { id } } }`,
    { id: leaderId },
  );
  const already = existing.organization?.agreements[0]?.id;
  if (already) return { leaderId, partnerId, agreementId: already, leaderStatusId };
  // The agreements service learns of the schools and statuses from the registry's events.
  const { draftAgreement } = await poll(() =>
    leaderStaff<{ draftAgreement: { id: string } }>(
      `mutation($input: DraftAgreementInput!) { draftAgreement(input: $input) { id } }`,
      {
        input: {
          number: '1/2021',
          signedOn: '2021-09-01',
          validFrom: '2021-09-01',
          validTo: '2023-05-31',
          leaderOrganizationId: leaderId,
          partnerOrganizationIds: [partnerId],
          directions: ['MANAGEMENT', 'ASSESSMENT_ANALYSIS', 'SUBJECT_TEACHING', 'MENTORING'],
          subjects: ['Математика', 'Русский язык'],
          goals: 'Повышение качества образования в школе с низкими образовательными результатами (002 §4.1)',
          leaderResponsible: 'Заместитель директора по УВР школы-лидера (демо)',
          partnerResponsible: 'Заместитель директора по УВР поддерживаемой школы (демо)',
        },
      },
    ),
  );
  await leaderStaff(`mutation($id: UUID!) { concludeAgreement(input: { id: $id }) { id } }`, {
    id: draftAgreement.id,
  });
  return { leaderId, partnerId, agreementId: draftAgreement.id, leaderStatusId };
}

async function priozerskyPlan(executeAs: ExecuteAs, admin: Execute): Promise<AgreementsDemo['priozersky']> {
  const doc = await loadSeedDocument(admin, priozerskyDirective364);
  const siteId = doc.organizations.school4;
  const centreId = doc.organizations.cit;
  const { organization } = await admin<{ organization: { statusHistory: { id: string; kind: string }[] } }>(
    `query($id: UUID!) { organization(id: $id) { statusHistory { id kind } } }`,
    { id: siteId },
  );
  const siteStatusId = organization.statusHistory.find((s) => s.kind === 'TRAINING_SITE')!.id;
  const regionCode = priozerskyDirective364.region.code;
  const head = executeAs({
    subject: 'demo-priozersky-site-head',
    name: 'Руководитель МСП (демо)',
    role: 'SCHOOL_STAFF',
    regionCode,
    municipalityId: doc.municipalityId,
    organizationId: siteId,
  });
  const centre = executeAs({
    subject: 'demo-priozersky-cit',
    name: 'Информационно-методический отдел ЦИТ (демо)',
    role: 'METHODOLOGIST',
    regionCode,
    municipalityId: doc.municipalityId,
    organizationId: centreId,
  });
  const existing = await head<{ organization: { plans: { id: string }[] } | null }>(
    `query($id: UUID!) { organization(id: $id) { plans { id } } }`,
    { id: siteId },
  );
  if (existing.organization?.plans[0]) return { siteId, centreId, planId: existing.organization.plans[0].id };

  const { draftPlan } = await poll(() =>
    head<{ draftPlan: { id: string } }>(
      `mutation($input: DraftPlanInput!) { draftPlan(input: $input) { id } }`,
      {
        input: {
          ownerKind: 'TRAINING_SITE_STATUS',
          ownerId: siteStatusId,
          title: 'План деятельности муниципальной стажировочной площадки на 2021–2023 годы',
          periodFrom: '2021-03-11',
          periodTo: '2023-05-31',
        },
      },
    ),
  );
  const planId = draftPlan.id;
  const add = (item: Record<string, unknown>) =>
    head<{ addPlanItem: { id: string } }>(
      `mutation($input: AddPlanItemInput!) { addPlanItem(input: $input) { id } }`,
      {
        input: { planId, ...item },
      },
    );
  const seminar = await add({
    activityKind: 'DESIGN_SEMINAR',
    topic: 'Проектировочный семинар «Программа перехода школы в эффективный режим работы»',
    audience: 'Руководители и заместители руководителей ШНОР',
    plannedOn: '2021-10-01',
    plannedMonthOnly: true,
    frequency: 'один раз',
    durationHours: 3,
    responsible: 'Кондакова И.П.',
  });
  await add({
    activityKind: 'INDIVIDUAL_CONSULTATION',
    topic: 'Индивидуальные консультации учителей математики ШНОР',
    audience: 'Учителя математики ШНОР',
    plannedOn: '2021-11-01',
    plannedMonthOnly: true,
    frequency: 'ежемесячно',
    durationHours: 1,
  });
  await add({
    activityKind: 'ROUND_TABLE',
    topic: 'Круглый стол «Итоги сетевого наставничества»',
    audience: 'Педагоги школ-участниц проекта',
    plannedOn: '2023-05-15',
    durationHours: 2,
  });
  await head(`mutation($id: UUID!) { submitPlan(input: { planId: $id }) { id } }`, { id: planId });
  await centre(
    `mutation($id: UUID!, $c: String!) { returnPlan(input: { planId: $id, comments: $c }) { id } }`,
    {
      id: planId,
      c: 'Указать продолжительность семинара с учётом практической части (4 часа) и уточнить участников',
    },
  );
  await head(`mutation($input: ChangePlanItemInput!) { changePlanItem(input: $input) { id } }`, {
    input: {
      itemId: seminar.addPlanItem.id,
      activityKind: 'DESIGN_SEMINAR',
      topic: 'Проектировочный семинар «Программа перехода школы в эффективный режим работы»',
      audience: 'Руководители, заместители руководителей и руководители методических объединений ШНОР',
      plannedOn: '2021-10-01',
      plannedMonthOnly: true,
      frequency: 'один раз',
      durationHours: 4,
      responsible: 'Кондакова И.П.',
    },
  });
  await head(`mutation($id: UUID!) { submitPlan(input: { planId: $id }) { id } }`, { id: planId });
  await centre(`mutation($id: UUID!) { agreePlan(input: { planId: $id }) { id } }`, { id: planId });
  return { siteId, centreId, planId };
}
