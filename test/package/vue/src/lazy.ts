import { createApp } from 'vue';
import Lazy from './Lazy.vue';

createApp(Lazy).mount('#app');
