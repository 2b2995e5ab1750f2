import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { DataSource } from 'typeorm';

import type { BaseContext } from './request-context';
import { readSdlFiles } from './sdl';
import type { SubgraphModule } from './start-subgraph';

/** What a feature's part factories receive by default: the service's database. */
export interface FeatureDeps {
  dataSource: DataSource;
}

/** A request-scoped loader: emptied after every mutation (see composeFeatures). */
export interface Forgettable {
  clearAll(): unknown;
}

export type LoaderSet = Record<string, Forgettable>;

/**
 * What a feature puts into the request context, created anew for every request:
 * `ctx.services.<name>` and `ctx.loaders.<name>`. Declared apart from the resolvers, because the
 * context type the resolvers are generated against is built from these (docs/decisions.md §47).
 */
export interface FeatureParts<
  Name extends string = string,
  Deps = FeatureDeps,
  Services = unknown,
  Loaders extends LoaderSet = LoaderSet,
> {
  /** Its key in the context; its SDL folder is the kebab-case of it (`organizationImport` → `organization-import`). */
  readonly name: Name;
  /** Its SDL folder under the service's SDL root, when not the kebab-case of the name. */
  readonly folder?: string;
  readonly services: (deps: Deps) => Services;
  readonly loaders: (deps: Deps) => Loaders;
}

/**
 * A feature's parts, typed from its factories. A feature without services or loaders leaves the
 * factory out; the context then holds nothing (services) or an empty set (loaders) for it.
 */
export function featureParts<
  Name extends string,
  Services = undefined,
  Loaders extends LoaderSet = Record<never, never>,
  Deps = FeatureDeps,
>(parts: {
  name: Name;
  folder?: string;
  services?: (deps: Deps) => Services;
  loaders?: (deps: Deps) => Loaders;
}): FeatureParts<Name, Deps, Services, Loaders> {
  return {
    name: parts.name,
    ...(parts.folder !== undefined && { folder: parts.folder }),
    services: parts.services ?? (() => undefined as Services),
    loaders: parts.loaders ?? (() => ({}) as Loaders),
  };
}

/**
 * One feature of a subgraph, in the spirit of Hive's `createModule`: its SDL (the `.graphql` files
 * of its folder), its resolvers (typed by the app's generated `Resolvers`), its services and its
 * request-scoped loaders.
 */
export type FeatureModule<Parts extends FeatureParts<string, never, unknown, LoaderSet>> = Parts & {
  readonly resolvers: SubgraphModule['resolvers'];
};

/**
 * Joins a feature's parts and its resolvers. Annotate the exported constant with
 * `FeatureModule<typeof parts>`: its type then never depends on the resolvers, which are typed
 * against the context built from it (without the annotation the compiler reports the cycle).
 */
export function defineFeature<Parts extends FeatureParts<string, never, unknown, LoaderSet>>(
  parts: Parts,
  resolvers: SubgraphModule['resolvers'],
): FeatureModule<Parts> {
  return { ...parts, resolvers };
}

type AnyFeature = FeatureParts<string, never, unknown, LoaderSet>;

type ServicesOf<F> = F extends FeatureParts<string, never, infer S, LoaderSet> ? S : never;
type LoadersOf<F> = F extends FeatureParts<string, never, unknown, infer L> ? L : never;
type DepsOf<F> = F extends { services: (deps: infer D) => unknown } ? D : never;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never;

/** The request context of a service made of these features (what its generated types name). */
export type FeatureContext<Features extends readonly AnyFeature[]> = BaseContext & {
  services: {
    [F in Features[number] as ServicesOf<F> extends undefined ? never : F['name']]: ServicesOf<F>;
  };
  loaders: { [F in Features[number] as F['name']]: LoadersOf<F> };
};

/** What the features' factories need together (the database, and whatever a feature adds). */
export type FeaturesDeps<Features extends readonly AnyFeature[]> = UnionToIntersection<
  DepsOf<Features[number]>
>;

export interface ComposedFeatures<Features extends readonly AnyFeature[]> {
  /** For `ServiceDefinition.modules`: the root SDL files, then each feature's SDL with its resolvers. */
  modules: SubgraphModule[];
  /** For `ServiceDefinition.createContext`: every feature's services and loaders, new for each request. */
  createContext: (base: BaseContext, deps: FeaturesDeps<Features>) => FeatureContext<Features>;
}

/**
 * A service's features as the server takes them. The SDL root holds the root files
 * (`schema-root.graphql`) and one folder per feature: a folder no feature claims, a feature
 * without its folder, or two features of one name are refused at start. Every mutation empties
 * the request's loaders once it has written, so its answer reads the new state, not what the
 * access check loaded before the write (docs/decisions.md §47).
 */
export function composeFeatures<const Features extends readonly FeatureModule<AnyFeature>[]>(
  features: Features,
  options: { sdlDir: string },
): ComposedFeatures<Features> {
  const seen = new Set<string>();
  for (const feature of features) {
    if (seen.has(feature.name)) throw new Error(`Два модуля с именем «${feature.name}»`);
    seen.add(feature.name);
  }
  const folders = new Map(features.map((feature) => [feature.folder ?? kebabCase(feature.name), feature]));
  if (folders.size < features.length) throw new Error('Два модуля с одной папкой SDL');
  for (const entry of readdirSync(options.sdlDir).sort()) {
    const path = join(options.sdlDir, entry);
    if (statSync(path).isDirectory() && !folders.has(entry) && readSdlFiles(path).length > 0)
      throw new Error(`SDL в ${path} не принадлежит ни одному модулю: добавьте модуль в список сервиса`);
  }
  // Root files (`type Query` and `type Mutation` described once) carry no resolvers.
  const modules: SubgraphModule[] = readdirSync(options.sdlDir)
    .sort()
    .filter((name) => name.endsWith('.graphql'))
    .map((name) => ({ typeDefs: readFileSync(join(options.sdlDir, name), 'utf8'), resolvers: {} }));
  for (const [folder, feature] of folders) {
    const files = existsAsFolder(join(options.sdlDir, folder))
      ? readSdlFiles(join(options.sdlDir, folder))
      : [];
    if (files.length === 0)
      throw new Error(
        `У модуля «${feature.name}» нет SDL: ожидались файлы .graphql в ${join(options.sdlDir, folder)}`,
      );
    files.forEach(({ sdl }, i) =>
      // A feature's resolvers go with its first file; its other files carry only SDL.
      modules.push({ typeDefs: sdl, resolvers: i === 0 ? forgettingAfterWrites(feature.resolvers) : {} }),
    );
  }
  return {
    modules,
    createContext: (base, deps) => {
      const services: Record<string, unknown> = {};
      const loaders: Record<string, LoaderSet> = {};
      for (const feature of features) {
        const made = feature.services(deps as never);
        if (made !== undefined) services[feature.name] = made;
        loaders[feature.name] = feature.loaders(deps as never);
      }
      return { ...base, services, loaders } as FeatureContext<Features>;
    },
  };
}

/** Empties every loader of the request (all features': a write in one may change what another loaded). */
export function forgetLoaded(ctx: { loaders: Record<string, LoaderSet> }): void {
  for (const set of Object.values(ctx.loaders)) for (const loader of Object.values(set)) loader.clearAll();
}

type Resolvers = SubgraphModule['resolvers'];
type Resolve = (
  parent: unknown,
  args: unknown,
  ctx: { loaders: Record<string, LoaderSet> },
  info: unknown,
) => unknown;

function forgettingAfterWrites(resolvers: Resolvers): Resolvers {
  const mutations = resolvers.Mutation as Record<string, Resolve> | undefined;
  if (!mutations) return resolvers;
  return {
    ...resolvers,
    Mutation: Object.fromEntries(
      Object.entries(mutations).map(([name, resolve]) => [
        name,
        async (...[parent, args, ctx, info]: Parameters<Resolve>) => {
          const result = await resolve(parent, args, ctx, info);
          forgetLoaded(ctx);
          return result;
        },
      ]),
    ),
  };
}

const kebabCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

function existsAsFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
