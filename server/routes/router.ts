import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';

/** A resource's router: failed validation becomes one 400 ApiError naming each field. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw ApiError.fromZod(result.error, result.target);
    },
  });
}

export const bearerSecurity = [{ bearerAuth: [] }];
