// Two widgets from their eager entries, fed by `data` (React sets it as a property: the elements
// are defined before React renders), and a kit event reaching React state through `onrk-toggle`.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'retention-kit/health-gauge';
import 'retention-kit/kpi-summary';
import { health, kpiSummary } from './data';

function App() {
  const [open, setOpen] = useState(false);
  return (
    <main>
      <kpi-summary data={kpiSummary} />
      <health-gauge data={health} onrk-toggle={(event) => setOpen(event.open)} />
      <output id="toggled">{open ? 'open' : 'closed'}</output>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
