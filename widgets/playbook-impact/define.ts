import { PlaybookImpact } from './playbook-impact';

PlaybookImpact.define('playbook-impact');

declare global {
  interface HTMLElementTagNameMap {
    'playbook-impact': PlaybookImpact;
  }
}
