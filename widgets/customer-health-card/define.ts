import { CustomerHealthCard } from './customer-health-card';

CustomerHealthCard.define('customer-health-card');

declare global {
  interface HTMLElementTagNameMap {
    'customer-health-card': CustomerHealthCard;
  }
}
