import { createRouter } from './router';

export const financeRoutes = createRouter();
