# One image per service: docker build --build-arg APP=kitchen-service .
# (docker-compose.yml builds all five.)
FROM node:24-slim AS build
WORKDIR /repo
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
ARG APP
RUN npx nx build ${APP} --skip-nx-cache

FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production \
    NODE_OPTIONS=--disable-warning=TimeoutNegativeWarning \
    LOG_FORMAT=json
COPY package.json package-lock.json .npmrc ./
# Only runtime dependencies; the bundle keeps them external so OpenTelemetry can instrument them.
RUN npm ci --omit=dev --no-audit --no-fund
ARG APP
COPY --from=build /repo/dist/apps/${APP}/ ./
USER node
# The heap limits of the serve targets' runtimeArgs in apps/*/project.json.
CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=2", "main.cjs"]
