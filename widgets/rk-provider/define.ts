import { RkProvider } from './rk-provider';

RkProvider.define('rk-provider');

declare global {
  interface HTMLElementTagNameMap {
    'rk-provider': RkProvider;
  }
}
