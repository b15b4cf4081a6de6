# syntax=docker/dockerfile:1
# Sportello container image. Build:   docker build -t sportello .
# With Chromium for the WhatsApp Web channel (WHATSAPP_ENABLED=true):
#                                     docker build --build-arg WITH_CHROMIUM=true -t sportello:whatsapp .
# Runs as the unprivileged `node` user; data (SQLite database, WhatsApp session) lives in the /data volume.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- dependencies: production packages only, then src/ compiled to dist/ (esbuild is one of them) --------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# better-sqlite3 downloads a prebuilt binary; the compiler is only the fallback when none matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# whatsapp-web.js pulls puppeteer, whose install script would download a browser: Debian's chromium is used.
ENV PUPPETEER_SKIP_DOWNLOAD=true \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY scripts ./scripts
COPY src ./src
RUN node scripts/build.mjs

# --- runtime --------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE}
ARG WITH_CHROMIUM=false
# tini reaps zombies (Chromium) and forwards SIGTERM so Sportello shuts down cleanly; sqlite3 is for backups.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini ca-certificates sqlite3 \
 && if [ "$WITH_CHROMIUM" = "true" ]; then \
      apt-get install -y --no-install-recommends chromium fonts-liberation fonts-noto-color-emoji; \
    fi \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3978 \
    HOST=0.0.0.0 \
    DATABASE_URL=sqlite:/data/sportello.db \
    WHATSAPP_SESSION_DIR=/data/whatsapp-session \
    CHROMIUM_PATH=/usr/bin/chromium \
    KB_DIR=/app/knowledge \
    DIALOGS_DIR=/app/dialogs
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
# The compiled server (its source maps carry the TypeScript, so logged stack traces name the .ts lines), and the
# sources for the command-line tools (`npm run users`, `npm run kb`, `npm run dialogs`), which run through tsx.
COPY --from=deps /app/dist ./dist
COPY src ./src
# The example knowledge base and service forms; mount the city's own over them (read-only is enough).
COPY knowledge ./knowledge
COPY dialogs ./dialogs
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3978
# /healthz: the process answers. Load balancers should use /readyz (storage reachable) instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# A 32 MiB young generation (semi-space) halves the time spent in scavenges under load (docs/web-chat.md).
CMD ["node", "--enable-source-maps", "--max-semi-space-size=32", "dist/index.js"]
