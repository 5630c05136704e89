# syntax=docker/dockerfile:1
# Gatehouse in two stages: the build (every dependency, TypeScript, Vite), then a runtime with the built
# tree and production dependencies only, run by a non-root user. `bin/serve` starts it, as `npm start`
# does after building; nothing compiles at start. `test/embedded/image.spec.ts` runs that same script,
# as a non-root user, on a tree pruned the same way, where no Docker daemon is available.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=9000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/cli ./cli
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/templates ./templates
# DATA_DIR holds the mail outbox (without SMTP_URL) and, with EMBEDDED_DATABASE=true, the database.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 9000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:9000/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["bin/serve"]
