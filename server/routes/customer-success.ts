import { createRouter } from './router';

export const customerSuccessRoutes = createRouter();
