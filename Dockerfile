# One image per app: docker build --build-arg APP=kitchen-service .
# (docker-compose.yml builds all six: the five services and insights.)
FROM node:24-slim AS build
WORKDIR /repo
# patches/ first: npm ci's postinstall (patch-package) applies them to kafkajs.
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
ARG APP
RUN npx nx build ${APP} --skip-nx-cache

FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production \
    LOG_FORMAT=json
COPY package.json package-lock.json ./
COPY patches ./patches
# Only runtime dependencies (patch-package is one, so that kafkajs is patched here too); the bundle
# keeps them external so OpenTelemetry can instrument them.
RUN npm ci --omit=dev --no-audit --no-fund
ARG APP
COPY --from=build /repo/dist/apps/${APP}/ ./
USER node
# The heap limits of the serve targets' runtimeArgs in apps/*/project.json.
CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=2", "main.cjs"]
