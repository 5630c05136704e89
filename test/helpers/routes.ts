import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { REQUIRED_PERMISSIONS, ROUTE_ACCESS, RouteAccess } from '../../src/common/auth/decorators';
import { REQUIRES_PUBLISHABLE_KEY } from '../../src/common/auth/publishable-key.guard';
import { RATE_LIMITED } from '../../src/common/rate-limit/rate-limit.guard';

const PATH_METADATA = 'path';
const METHOD_METADATA = 'method';

export interface RouteEntry {
  /** `METHOD /path/:param` */
  route: string;
  method: string;
  path: string;
  access: RouteAccess | undefined;
  permissions: string[] | undefined;
  rateLimited: boolean;
  publishableKey: boolean;
}

/** Every handler with its declared access and permissions, read the way the global guards read them. */
export function routes(app: NestFastifyApplication): RouteEntry[] {
  const scanner = new MetadataScanner();
  return [...app.get(ModulesContainer).values()]
    .flatMap((module) => [...module.controllers.values()])
    .flatMap(({ metatype, instance }) => {
      if (!metatype || !instance) return [];
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      const base = Reflect.getMetadata(PATH_METADATA, metatype) as string;
      return scanner.getAllMethodNames(prototype).flatMap((name) => {
        const handler = prototype[name] as object;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (sub === undefined) return [];
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number] ?? '';
        const read = <T>(key: string) =>
          (Reflect.getMetadata(key, handler) as T | undefined) ??
          (Reflect.getMetadata(key, metatype) as T | undefined);
        const path = `/${base}/${sub}`.replace(/\/+$/, '').replace(/\/\//g, '/');
        return [
          {
            route: `${method} ${path}`,
            method,
            path,
            access: read<RouteAccess>(ROUTE_ACCESS),
            permissions: read<string[]>(REQUIRED_PERMISSIONS),
            rateLimited: read<boolean>(RATE_LIMITED) ?? false,
            publishableKey: read<boolean>(REQUIRES_PUBLISHABLE_KEY) ?? false,
          },
        ];
      });
    });
}
