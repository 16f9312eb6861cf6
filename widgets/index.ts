/**
 * retention-kit widgets: the ES module entry. Importing it defines every element; import a
 * widget's own `define` file to take only that one. The provider comes first so that widgets
 * already in the page find it when they upgrade.
 */
import './rk-provider/define';
import './health-gauge/define';

export { RkProvider } from './rk-provider/rk-provider';
export { HealthGauge } from './health-gauge/health-gauge';
export * from './core/index';
