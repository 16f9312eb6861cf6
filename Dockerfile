# The retention-kit server for production (docs/production.md): compose.yaml runs two of it on
# one PostgreSQL. Three stages: the widget kit is built with the dev dependencies, the runtime
# gets the production dependencies only, and the image runs as the unprivileged `node` user.

# 1. The widget kit: dist/widgets (bundles, types, custom-elements.json), served under /widgets/.
FROM node:20.20-bookworm-slim AS kit
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:widgets

# 2. Production dependencies (tsx runs the TypeScript server, as in the tests).
FROM node:20.20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. The runtime.
FROM node:20.20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8787 RK_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY server ./server
COPY --from=kit /app/dist/widgets ./dist/widgets
# The embedded PGlite's directory, used only without DATABASE_URL.
RUN mkdir /data && chown node:node /data
USER node
EXPOSE 8787
# Three failures 30 s apart also cover the start (migrations, the first rescore): dockerfilelint
# 1.8.0 rejects --start-period.
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((res) => process.exit(res.ok ? 0 : 1), () => process.exit(1))"]
# The command the tests start the server with (test/e2e/container.test.ts runs this line).
CMD ["node", "--import", "tsx", "server/main.ts"]
