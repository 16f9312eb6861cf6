/** The React dashboard of bench/bundle.ts: the kit's widgets, composed the way a React app would. */
import { AppBar, Box, CssBaseline, MenuItem, TextField, ThemeProvider, Toolbar, Typography, createTheme } from '@mui/material';
import { StrictMode, createElement as h, useCallback, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useApi, useLive, type Alert, type Api, type AtRisk, type ChurnMonth, type Health, type Intervention, type Kpis } from './data';
import { AlertBell, AtRiskTable, ChurnChart, HealthDoughnut, HealthGauge, InterventionList, KpiCards } from './widgets';

function Dashboard(props: { api: Api }) {
  const { api } = props;
  const [mode, setMode] = useState<'light' | 'dark'>('light');
  const theme = useMemo(() => createTheme({ palette: { mode, primary: { main: '#1976d2' }, secondary: { main: '#dc004e' } } }), [mode]);
  const [selected, setSelected] = useState<string | null>(null);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [version, setVersion] = useState(0);
  const onEvent = useCallback((type: string, data: unknown) => {
    if (type === 'churn_alert') setAlerts((list) => [data as Alert, ...list].slice(0, 50));
    else setVersion((v) => v + 1);
  }, []);
  const status = useLive(api, onEvent);
  const kpis = useApi<Kpis>(api, `/api/customer-success/kpis?v=${version}`);
  const atRisk = useApi<{ at_risk_customers: AtRisk[] }>(api, `/api/customer-success/at-risk?limit=25&v=${version}`);
  const churn = useApi<{ months: ChurnMonth[] }>(api, '/api/customer-success/churn-trend?months=6');
  const health = useApi<Health>(api, selected && `/api/customer-success/health/${selected}?v=${version}`);
  const interventions = useApi<{ interventions: Intervention[] }>(api, `/api/interventions?v=${version}`);
  return h(
    ThemeProvider,
    { theme },
    h(CssBaseline),
    h(
      AppBar,
      { position: 'static' },
      h(
        Toolbar,
        null,
        h(Typography, { sx: { flexGrow: 1 } }, 'Customer success'),
        h(TextField, { select: true, size: 'small', value: mode, onChange: (e) => setMode(e.target.value as 'light' | 'dark') }, h(MenuItem, { value: 'light' }, 'Light'), h(MenuItem, { value: 'dark' }, 'Dark')),
        h(AlertBell, { alerts, onDismiss: (id) => setAlerts((list) => list.filter((a) => a.alert_id !== id)) }),
      ),
    ),
    h(
      Box,
      { sx: { p: 2, display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '2fr 1fr' } } },
      h(Box, { sx: { gridColumn: '1 / -1' } }, h(KpiCards, { result: kpis })),
      h(ChurnChart, { result: churn }),
      h(HealthDoughnut, { result: kpis }),
      h(AtRiskTable, { result: atRisk, onSelect: setSelected, onAction: (id, action) => console.info(action, id) }),
      h(HealthGauge, { result: health, live: status === 'live' }),
      h(InterventionList, { api, result: interventions, onChange: () => setVersion((v) => v + 1) }),
    ),
  );
}

const container = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
const api: Api = { base: container.dataset.api ?? '', token: container.dataset.token ?? '' };
createRoot(container).render(h(StrictMode, null, h(Dashboard, { api })));
