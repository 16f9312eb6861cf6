import type { Principal } from './principal';
import type { Services } from './services/index';

/** What a request sees: the instance's services, built once (see `createServices`), and who asks. */
export interface AppEnv {
  Variables: {
    deps: Services;
    principal: Principal;
  };
}
