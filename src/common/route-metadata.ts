import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

/** A route's handler or its controller class. */
type Target = ReturnType<ExecutionContext['getHandler']>;

/**
 * What a route declares for the global guards (its access rule, permissions, publishable-key need). The
 * decorators are fixed once the application is built, so each value is read through the Reflector once
 * per route and then served from here: reflect-metadata walks two prototype chains a read, and the
 * guards made six reads on every request (issue #7: no per-request work that could be done at start-up).
 */
@Injectable()
export class RouteMetadata {
  private readonly routes = new WeakMap<Target, WeakMap<Target, Map<string, unknown>>>();

  constructor(private readonly reflector: Reflector) {}

  /** `Reflector.getAllAndOverride(key, [handler, controller])`, memoised per route. */
  get<T>(key: string, context: ExecutionContext): T | undefined {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byController = this.routes.get(handler);
    if (!byController)
      this.routes.set(handler, (byController = new WeakMap<Target, Map<string, unknown>>()));
    let values = byController.get(controller);
    if (!values) byController.set(controller, (values = new Map<string, unknown>()));
    if (values.has(key)) return values.get(key) as T | undefined;
    const value = this.reflector.getAllAndOverride<T | undefined>(key, [handler, controller]);
    values.set(key, value);
    return value;
  }
}
