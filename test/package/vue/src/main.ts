import { createApp } from 'vue';
import CustomerSuccess from './CustomerSuccess.vue';

createApp(CustomerSuccess).mount('#app');
