# numlink's service image: build with the dev dependencies, run with the production ones only.
# Node 22 LTS here; the test suite runs on Node 20.19+ (package.json `engines`).
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No scripts yet: `prepare` builds, and the sources are not copied yet.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
# The service only: the benchmarks (bench/) stay out of the image.
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund --ignore-scripts

FROM node:22-slim
ENV NODE_ENV=production \
    NUMLINK_DATA_DIR=/var/lib/numlink \
    NUMLINK_PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
RUN mkdir -p /var/lib/numlink && chown node:node /var/lib/numlink
USER node
EXPOSE 3000
# The image has no curl: Node asks the readiness probe itself, on the configured port.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.NUMLINK_PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM drains within NUMLINK_SHUTDOWN_GRACE_SECONDS (default 10); keep `docker stop -t` above it.
STOPSIGNAL SIGTERM
CMD ["node", "--max-old-space-size=160", "dist/src/main.js"]
