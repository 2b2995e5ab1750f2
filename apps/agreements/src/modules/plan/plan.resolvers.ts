import { actorOf, scopeCondition } from '@opora/service-kit';
import { uuidField } from '@opora/service-kit';
import { InputError, parseInput } from '@opora/subgraph-server';

import type { AgreementsContext } from '../../agreements-service';
import type { Resolvers } from '../../generated/resolvers-types';
import { allowedAt, readable, requireAccess, requireReadableFilter } from '../../shared/access';
import { placeOfAgreement } from '../agreement/agreement.place';
import type { ActivityPlanEntity, PlanItemSnapshot } from './plan.entity';
import {
  addPlanItemInput,
  cancelPlanItemInput,
  changePlanItemInput,
  draftPlanInput,
  markPlanItemDoneInput,
  planItemRefInput,
  planRefInput,
  plansFilter,
  returnPlanInput,
} from './plan.inputs';
import { placeOfPlan, territoryOfPlan } from './plan.place';

type Ctx = AgreementsContext;

/** The people responsible are personal data: shown where the caller may read them. */
const personal = (ctx: Ctx, plan: ActivityPlanEntity | null, value: string | null) =>
  plan && allowedAt(ctx, 'readPersonalData', placeOfPlan(plan)) ? value : null;

const withResponsible = (ctx: Ctx, plan: ActivityPlanEntity | null) => (item: PlanItemSnapshot) => ({
  ...item,
  responsible: personal(ctx, plan, item.responsible),
});

async function planOfItem(ctx: Ctx, itemId: string) {
  const item = await ctx.loaders.plan.itemById.load(itemId);
  return item && ctx.loaders.plan.byId.load(item.planId);
}

export const planResolvers: Resolvers = {
  Query: {
    plan: async (_, args, ctx) =>
      readable(
        ctx,
        await ctx.loaders.plan.byId.load(parseInput(uuidField(), args.id, 'id')),
        territoryOfPlan,
      ),
    plans: async (_, args, ctx) => {
      const filter = parseInput(plansFilter, args.filter ?? {}, 'filter');
      await requireReadableFilter(ctx, [
        ...(filter.regionCode
          ? [{ field: 'filter.regionCode', place: { regionCode: filter.regionCode } }]
          : []),
        ...(filter.municipalityId
          ? [
              {
                field: 'filter.municipalityId',
                place: await ctx.loaders.agreement.municipalityPlace.load(filter.municipalityId),
              },
            ]
          : []),
        ...(filter.organizationId
          ? [
              {
                field: 'filter.organizationId',
                place: await ctx.loaders.agreement.place.load(filter.organizationId),
              },
            ]
          : []),
      ]);
      return ctx.services.plan.list(
        filter,
        args,
        scopeCondition(ctx.principal, {
          region: { codeColumn: 'p.region_code' },
          municipalityId: 'p.municipality_id',
        }),
      );
    },
  },
  Mutation: {
    draftPlan: async (_, args, ctx) => {
      const input = parseInput(draftPlanInput, args.input);
      if (input.ownerKind === 'AGREEMENT') {
        const agreement = await ctx.loaders.agreement.byId.load(input.ownerId);
        await requireAccess(ctx, 'write', agreement && placeOfAgreement(agreement));
      } else {
        const organizationId = await ctx.services.plan.organizationOfSiteStatus(input.ownerId);
        await requireAccess(
          ctx,
          'write',
          organizationId ? await ctx.loaders.agreement.place.load(organizationId) : null,
        );
      }
      return ctx.services.plan.draft(input, actorOf(ctx));
    },
    addPlanItem: async (_, args, ctx) => {
      const input = parseInput(addPlanItemInput, args.input);
      const plan = await ctx.loaders.plan.byId.load(input.planId);
      await requireAccess(ctx, 'write', plan && placeOfPlan(plan));
      return ctx.services.plan.addItem(input, actorOf(ctx));
    },
    changePlanItem: async (_, args, ctx) => {
      const input = parseInput(changePlanItemInput, args.input);
      const plan = await planOfItem(ctx, input.itemId);
      await requireAccess(ctx, 'write', plan && placeOfPlan(plan));
      return ctx.services.plan.changeItem(input, actorOf(ctx));
    },
    removePlanItem: async (_, args, ctx) => {
      const input = parseInput(planItemRefInput, args.input);
      const plan = await planOfItem(ctx, input.itemId);
      await requireAccess(ctx, 'write', plan && placeOfPlan(plan));
      return ctx.services.plan.removeItem(input.itemId, actorOf(ctx));
    },
    submitPlan: async (_, args, ctx) => {
      const input = parseInput(planRefInput, args.input);
      const plan = await ctx.loaders.plan.byId.load(input.planId);
      await requireAccess(ctx, 'write', plan && placeOfPlan(plan));
      return ctx.services.plan.submit(input.planId, ctx.principal, actorOf(ctx));
    },
    returnPlan: async (_, args, ctx) => {
      const input = parseInput(returnPlanInput, args.input);
      const plan = await ctx.loaders.plan.byId.load(input.planId);
      await requireAccess(ctx, 'approve', plan && territoryOfPlan(plan));
      return ctx.services.plan.return(input.planId, input.comments, ctx.principal, actorOf(ctx));
    },
    agreePlan: async (_, args, ctx) => {
      const input = parseInput(planRefInput, args.input);
      const plan = await ctx.loaders.plan.byId.load(input.planId);
      await requireAccess(ctx, 'approve', plan && territoryOfPlan(plan));
      return ctx.services.plan.agree(input.planId, ctx.principal, actorOf(ctx));
    },
    revisePlan: async (_, args, ctx) => {
      const input = parseInput(planRefInput, args.input);
      const plan = await ctx.loaders.plan.byId.load(input.planId);
      await requireAccess(ctx, 'write', plan && placeOfPlan(plan));
      return ctx.services.plan.revise(input.planId, actorOf(ctx));
    },
    markPlanItemDone: async (_, args, ctx) => {
      const input = parseInput(markPlanItemDoneInput, args.input);
      const plan = await planOfItem(ctx, input.itemId);
      await requireAccess(ctx, 'write', plan && placeOfPlan(plan));
      return ctx.services.plan.markDone(input.itemId, input.doneOn, actorOf(ctx));
    },
    cancelPlanItem: async (_, args, ctx) => {
      const input = parseInput(cancelPlanItemInput, args.input);
      const plan = await planOfItem(ctx, input.itemId);
      await requireAccess(ctx, 'write', plan && placeOfPlan(plan));
      return ctx.services.plan.cancelItem(input.itemId, input.reason, actorOf(ctx));
    },
  },
  ActivityPlan: {
    __resolveReference: async (ref, ctx) => {
      const plan = await ctx.loaders.plan.byId.load(String(ref.id));
      return plan && allowedAt(ctx, 'read', territoryOfPlan(plan)) ? plan : null;
    },
    organization: (plan) => ({ id: plan.organizationId }),
    items: (plan, _, ctx) => ctx.loaders.plan.itemsOfPlan.load(plan.id),
    versions: (plan, _, ctx) => ctx.loaders.plan.versionsOfPlan.load(plan.id),
    compare: async (plan, args, ctx) => {
      const versions = await ctx.loaders.plan.versionsOfPlan.load(plan.id);
      const of = (n: number, field: string) => {
        const found = versions.find((v) => v.version === n);
        if (!found) throw new InputError(`Редакция ${n} не подавалась`, field);
        return found.items;
      };
      const from = new Map(of(args.from, 'from').map((i) => [i.id, i]));
      const to = new Map(of(args.to, 'to').map((i) => [i.id, i]));
      const shown = withResponsible(ctx, plan);
      return {
        added: [...to.values()].filter((i) => !from.has(i.id)).map(shown),
        removed: [...from.values()].filter((i) => !to.has(i.id)).map(shown),
        changed: [...to.values()]
          .filter((i) => from.has(i.id) && JSON.stringify(from.get(i.id)) !== JSON.stringify(i))
          .map(shown),
      };
    },
  },
  PlanVersion: {
    decidedBy: (version) =>
      version.decidedByOrganizationId ? { id: version.decidedByOrganizationId } : null,
    items: async (version, _, ctx) =>
      version.items.map(withResponsible(ctx, await ctx.loaders.plan.byId.load(version.planId))),
  },
  PlanItem: {
    __resolveReference: async (ref, ctx) => {
      const item = await ctx.loaders.plan.itemById.load(String(ref.id));
      const plan = item && (await ctx.loaders.plan.byId.load(item.planId));
      return item && plan && allowedAt(ctx, 'read', territoryOfPlan(plan)) ? item : null;
    },
    plan: async (item, _, ctx) => (await ctx.loaders.plan.byId.load(item.planId))!,
    responsible: async (item, _, ctx) =>
      personal(ctx, await ctx.loaders.plan.byId.load(item.planId), item.responsible),
  },
  PartnershipAgreement: {
    plans: (agreement, _, ctx) => ctx.loaders.plan.ofOwner.load(agreement.id),
  },
  Organization: {
    plans: async (organization, _, ctx) =>
      (await ctx.loaders.plan.ofOrganization.load(organization.id)).filter((plan) =>
        allowedAt(ctx, 'read', territoryOfPlan(plan)),
      ),
  },
};
