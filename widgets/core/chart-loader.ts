/**
 * The Chart.js pieces the kit draws with, registered once. Loaded only by `import()` from
 * ChartController, so a page without charts never downloads Chart.js.
 */
import {
  ArcElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(LineController, DoughnutController, LineElement, PointElement, ArcElement, CategoryScale, LinearScale, Tooltip, Legend, Filler);

export { Chart };
