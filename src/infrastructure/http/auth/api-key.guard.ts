import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden, unauthorized } from '../api-error';
import { ApiKeys } from './api-keys';
import type { Principal, Role } from './principal';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

/** Authenticates `Authorization: Bearer <key>` and checks the route's roles. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeys,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const principal = match ? this.keys.authenticate(match[1]!) : undefined;
    if (!principal) throw unauthorized(match ? 'unknown_key' : 'missing_key');
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) {
      // Say what was missing: the role this key has and the roles the route takes.
      throw forbidden(`This route is for ${roles.join(', ')}; this API key's role is ${principal.role}.`, {
        role: principal.role,
        requiredRoles: roles,
      });
    }
    return true;
  }
}
