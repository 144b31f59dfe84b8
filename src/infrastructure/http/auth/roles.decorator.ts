import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal, Role } from './principal';

export const ROLES_KEY = 'numlink:roles';
export const PUBLIC_KEY = 'numlink:public';

/** Only these roles may call the route; everyone else gets 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No API key needed (health, metrics, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The caller the guard authenticated on this request (`ApiKeyGuard` sets it). */
export function principalOf(request: object): Principal {
  const { principal } = request as { principal?: Principal };
  if (!principal) throw new Error('a principal asked for on a public route');
  return principal;
}

/** The authenticated caller. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal =>
  principalOf(context.switchToHttp().getRequest<object>()),
);
