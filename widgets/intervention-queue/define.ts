import { InterventionQueue } from './intervention-queue';

InterventionQueue.define('intervention-queue');

declare global {
  interface HTMLElementTagNameMap {
    'intervention-queue': InterventionQueue;
  }
}
