import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { createLogger } from '@opora/logger';

import { composeFeatures, defineFeature, featureParts } from '..';
import type { BaseContext, FeatureDeps, FeatureModule } from '..';

/** A fake database for pure composition: the loaders count what they fetch. */
interface Shelf {
  fetched: string[];
}

const shelfParts = featureParts({
  name: 'shelf',
  services: (deps: FeatureDeps & { shelf: Shelf }) => ({ count: () => deps.shelf.fetched.length }),
  loaders: (deps: FeatureDeps & { shelf: Shelf }) => ({
    book: new DataLoader<string, string>(async (ids) => {
      deps.shelf.fetched.push(...ids);
      return ids.map((id) => `книга ${id}`);
    }),
  }),
});

const shelfModule: FeatureModule<typeof shelfParts> = defineFeature(shelfParts, {
  Query: { book: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.shelf.book.load(args.id) },
  // Reads through the loader as a mutation's access check does, before its write.
  Mutation: {
    renameBook: async (_: unknown, __: unknown, ctx: Context) => {
      await ctx.loaders.shelf.book.load('1');
      return ctx.services.shelf.count();
    },
  },
});

/** A feature with SDL and resolvers only, whose name is two words. */
const readingRoomParts = featureParts({ name: 'readingRoom' });
const readingRoomModule: FeatureModule<typeof readingRoomParts> = defineFeature(readingRoomParts, {
  Query: { seats: () => 10 },
});

const features = [shelfModule, readingRoomModule] as const;
type Context = ReturnType<ReturnType<typeof composeFeatures<typeof features>>['createContext']>;

const base = (): BaseContext => ({
  requestId: 'r1',
  logger: createLogger({ service: 'test', level: 'fatal' }),
  principal: { subject: 'u1', role: 'ANALYST', regionCode: '47' },
});

describe('feature modules', () => {
  let root: string;
  const deps = () => ({ dataSource: {} as DataSource, shelf: { fetched: [] as string[] } });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'opora-features-'));
    writeFileSync(join(root, 'schema-root.graphql'), 'type Query\ntype Mutation');
    mkdirSync(join(root, 'shelf'));
    writeFileSync(join(root, 'shelf', 'shelf.graphql'), 'extend type Query { book(id: ID!): String }');
    writeFileSync(join(root, 'shelf', 'shelf-admin.graphql'), 'extend type Mutation { renameBook: Boolean }');
    mkdirSync(join(root, 'reading-room'));
    writeFileSync(join(root, 'reading-room', 'reading-room.graphql'), 'extend type Query { seats: Int }');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("takes each feature's SDL from its own folder, the root files first", () => {
    const { modules } = composeFeatures(features, { sdlDir: root });
    expect(modules.map((m) => m.typeDefs)).toEqual([
      'type Query\ntype Mutation',
      'extend type Mutation { renameBook: Boolean }',
      'extend type Query { book(id: ID!): String }',
      'extend type Query { seats: Int }',
    ]);
    expect(Object.keys(modules[0].resolvers)).toEqual([]);
    expect(Object.keys(modules[1].resolvers)).toEqual(['Query', 'Mutation']);
    expect(Object.keys(modules[3].resolvers)).toEqual(['Query']);
  });

  it("creates every feature's services and loaders under its name, new for each request", async () => {
    const { createContext } = composeFeatures(features, { sdlDir: root });
    const shared = deps();
    const first = createContext(base(), shared);
    const second = createContext(base(), shared);

    expect(first.loaders.shelf.book).not.toBe(second.loaders.shelf.book);
    await first.loaders.shelf.book.load('1');
    await first.loaders.shelf.book.load('1');
    await second.loaders.shelf.book.load('1');
    expect(shared.shelf.fetched).toEqual(['1', '1']);
    expect(first.services.shelf.count()).toBe(2);
    // A feature without services holds none; its (empty) loaders are still its own.
    expect(Object.keys(first.services)).toEqual(['shelf']);
    expect(first.loaders.readingRoom).toEqual({});
    expect(first.requestId).toBe('r1');
  });

  it("empties the request's loaders once a mutation has written, not while it runs", async () => {
    const { modules, createContext } = composeFeatures(features, { sdlDir: root });
    const shared = deps();
    const ctx = createContext(base(), shared);
    await ctx.loaders.shelf.book.load('1');
    const renameBook = (modules[1].resolvers.Mutation as Record<string, (...args: unknown[]) => unknown>)
      .renameBook;

    await expect(renameBook({}, {}, ctx, {})).resolves.toBe(1);
    await ctx.loaders.shelf.book.load('1');
    expect(shared.shelf.fetched).toEqual(['1', '1']);
  });

  it('refuses two features of one name, and two features of one SDL folder', () => {
    expect(() => composeFeatures([shelfModule, shelfModule], { sdlDir: root })).toThrow(
      'Два модуля с именем «shelf»',
    );
    const aliasParts = featureParts({ name: 'shelfCopy', folder: 'shelf' });
    const alias: FeatureModule<typeof aliasParts> = defineFeature(aliasParts, {});
    expect(() => composeFeatures([shelfModule, alias], { sdlDir: root })).toThrow(
      'Два модуля с одной папкой SDL',
    );
  });

  it('refuses an SDL folder that no feature claims, and a feature without its SDL folder', () => {
    expect(() => composeFeatures([shelfModule], { sdlDir: root })).toThrow(/reading-room.*не принадлежит/);
    rmSync(join(root, 'reading-room'), { recursive: true });
    expect(() => composeFeatures(features, { sdlDir: root })).toThrow(/«readingRoom» нет SDL/);
  });

  it('types the context from the parts: an unknown feature does not compile', () => {
    const ctx = composeFeatures(features, { sdlDir: root }).createContext(base(), deps());
    // @ts-expect-error no feature is called "catalogue"
    expect(ctx.loaders.catalogue).toBeUndefined();
    // @ts-expect-error the reading room has no services
    expect(ctx.services.readingRoom).toBeUndefined();
  });
});
