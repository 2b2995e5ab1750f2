# syntax=docker/dockerfile:1
#
# The deployable form of Opora (docs/decisions.md §78): every app's built JavaScript (dist/) and the
# production dependencies, nothing else — no source, no tsx. docker-compose.yml (`npm run compose`)
# runs one container per app from this image with `node dist/apps/<app>/main.js` (the gateway:
# dist/apps/gateway/src/main.js). tools/__tests__/deployable-form.spec.ts starts those command
# lines from a folder holding only dist/ and the production packages, as this image does.

# Build: every app bundled by its Nx build target (esbuild, packages left external), with what the
# apps read at run time copied next to the bundles: each subgraph's .graphql files, the gateway's
# supergraph, its playground and docs/operations.
FROM node:20-bookworm-slim AS build
WORKDIR /opora
ENV NX_DAEMON=false NX_NO_CLOUD=true
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npx nx run-many -t build

# Run: production dependencies only (`dependencies` of package.json; a spec checks that every
# package the bundles import is there) and the build output. Migrations are bundled: each service
# applies its pending migrations when it starts.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /opora
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /opora/dist ./dist
# Access-token keys are mounted read-only at /opora/.data/keys (docker-compose.yml); the apps
# write nothing to disk.
USER node
CMD ["node", "dist/apps/gateway/src/main.js"]
