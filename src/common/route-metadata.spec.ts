import type { ExecutionContext } from '@nestjs/common';
import { Controller, Get, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RouteMetadata } from './route-metadata';

const KEY = 'test:rule';

@SetMetadata(KEY, 'controller')
@Controller()
class Parent {
  @Get()
  inherited(): void {}

  @Get('own')
  @SetMetadata(KEY, 'handler')
  own(): void {}
}

@SetMetadata(KEY, 'child controller')
@Controller()
class Child extends Parent {}

function route(controller: object, handler: (...args: never[]) => unknown): ExecutionContext {
  return { getHandler: () => handler, getClass: () => controller } as unknown as ExecutionContext;
}

describe('RouteMetadata', () => {
  it('answers as Reflector.getAllAndOverride does, handler first', () => {
    const routes = new RouteMetadata(new Reflector());
    expect(routes.get(KEY, route(Parent, Parent.prototype.own))).toBe('handler');
    expect(routes.get(KEY, route(Parent, Parent.prototype.inherited))).toBe('controller');
    expect(routes.get('test:absent', route(Parent, Parent.prototype.own))).toBeUndefined();
  });

  it('reads each key once per route, absent values included', () => {
    const reflector = new Reflector();
    const read = jest.spyOn(reflector, 'getAllAndOverride');
    const routes = new RouteMetadata(reflector);
    for (let i = 0; i < 3; i++) {
      routes.get(KEY, route(Parent, Parent.prototype.own));
      routes.get('test:absent', route(Parent, Parent.prototype.own));
    }
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('keeps apart two controllers that share a handler', () => {
    const routes = new RouteMetadata(new Reflector());
    expect(routes.get(KEY, route(Parent, Parent.prototype.inherited))).toBe('controller');
    expect(routes.get(KEY, route(Child, Child.prototype.inherited))).toBe('child controller');
  });
});
