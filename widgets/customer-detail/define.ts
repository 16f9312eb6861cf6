import { CustomerDetail } from './customer-detail';

CustomerDetail.define('customer-detail');

declare global {
  interface HTMLElementTagNameMap {
    'customer-detail': CustomerDetail;
  }
}
