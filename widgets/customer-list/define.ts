import { CustomerList } from './customer-list';

CustomerList.define('customer-list');

declare global {
  interface HTMLElementTagNameMap {
    'customer-list': CustomerList;
  }
}
