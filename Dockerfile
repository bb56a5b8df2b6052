# syntax=docker/dockerfile:1
# Masthead on Node 24 LTS: build in one stage, install production dependencies in another, run as
# the unprivileged `node` user with the data (SQLite file, media, backups) in the /data volume.

# Production dependencies only. --ignore-scripts skips our own "prepare" (tsc is a dev dependency);
# the native modules are then built for this image's Node explicitly.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts \
  && npm rebuild better-sqlite3 sharp

# The compiled JavaScript (the compiler needs no native module, so no scripts run here).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc -p tsconfig.build.json

FROM node:24-bookworm-slim
# The server's malloc gives freed memory back to the system (decision 0063), as `npm start` sets it.
ENV NODE_ENV=production \
  GLIBC_TUNABLES=glibc.malloc.trim_threshold=131072 \
  HOST=0.0.0.0 \
  PORT=2368 \
  DATABASE_URL=sqlite:/data/masthead.db \
  MEDIA_DIR=/data/media \
  BACKUP_DIR=/data/backups
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY public ./public
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 2368
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||2368)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM drains: in-flight requests finish, acknowledged votes are committed, then the process exits.
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=64", "bin/masthead.js", "start"]
