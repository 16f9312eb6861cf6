/**
 * The same widgets as the kit, in React + MUI + react-chartjs-2: small but honest (loading,
 * error with retry, empty, the same charts, a table with actions, a form, a popover).
 * createElement instead of JSX: the repository's tsconfig has no `jsx` setting (the output is the
 * same `jsx()` calls either way).
 */
import {
  Alert as MuiAlert,
  Badge,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  LinearProgress,
  List,
  ListItem,
  ListItemText,
  MenuItem,
  Popover,
  Skeleton,
  Stack,
  SvgIcon,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import {
  ArcElement,
  CategoryScale,
  Chart as ChartJS,
  Filler,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
  type ChartData,
} from 'chart.js';
import { createElement as h, Fragment, useState, type ReactNode } from 'react';
import { Doughnut, Line } from 'react-chartjs-2';
import { request, type Alert, type Api, type AtRisk, type ChurnMonth, type Health, type Intervention, type Kpis, type Loadable } from './data';

ChartJS.register(LineElement, PointElement, ArcElement, CategoryScale, LinearScale, Tooltip, Legend, Filler);

const BANDS = [
  { min: 85, status: 'excellent', label: 'Excellent', color: '#4caf50' },
  { min: 70, status: 'good', label: 'Good', color: '#8bc34a' },
  { min: 50, status: 'warning', label: 'Warning', color: '#ff9800' },
  { min: 25, status: 'critical', label: 'Critical', color: '#f44336' },
  { min: 0, status: 'churn_risk', label: 'Churn risk', color: '#d32f2f' },
] as const;
const band = (score: number) => BANDS.find((b) => score >= b.min) ?? BANDS[4];
const number = new Intl.NumberFormat();
const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

function Panel(props: { title: string; children?: ReactNode; action?: ReactNode }) {
  return h(
    Card,
    { variant: 'outlined' },
    h(CardContent, null, h(Stack, { direction: 'row', sx: { justifyContent: 'space-between', alignItems: 'center' } }, h(Typography, { variant: 'subtitle1' }, props.title), props.action), props.children),
  );
}

function States<T>(props: { result: Loadable<T>; empty?: (data: T) => boolean; children: (data: T) => ReactNode }): ReactNode {
  const { result } = props;
  if (result.state === 'loading') return h(Stack, { spacing: 1 }, h(Skeleton, { variant: 'rounded', height: 120 }), h(Skeleton, null), h(Skeleton, null));
  if (result.state === 'error')
    return h(MuiAlert, { severity: 'error', action: h(Button, { onClick: result.retry }, 'Retry') }, `Could not load: ${result.error.message}`);
  if (props.empty?.(result.data)) return h(Typography, { color: 'text.secondary' }, 'Nothing to show yet.');
  return props.children(result.data);
}

export function HealthGauge(props: { result: Loadable<Health>; live: boolean }) {
  return h(
    Panel,
    { title: 'Health score', action: props.live ? h(Chip, { size: 'small', color: 'success', label: 'Live' }) : null },
    h(States<Health>, {
      result: props.result,
      children: (health) => {
        const b = band(health.health_score);
        return h(
          Stack,
          { spacing: 2, sx: { alignItems: 'center' } },
          h(
            Box,
            { sx: { position: 'relative', display: 'inline-flex' } },
            h(CircularProgress, { variant: 'determinate', value: health.health_score, size: 160, thickness: 6, sx: { color: b.color }, 'aria-label': `Health score of ${health.company_name}` }),
            h(Box, { sx: { position: 'absolute', inset: 0, display: 'grid', placeItems: 'center' } }, h(Typography, { variant: 'h4' }, health.health_score)),
          ),
          h(Chip, { label: b.label, sx: { bgcolor: b.color, color: '#fff' } }),
          h(
            List,
            { dense: true, sx: { width: '100%' } },
            Object.entries(health.components).map(([key, value]) =>
              h(ListItem, { key }, h(ListItemText, { primary: key.replace(/_/g, ' '), secondary: h(LinearProgress, { variant: 'determinate', value }) })),
            ),
          ),
        );
      },
    }),
  );
}

export function KpiCards(props: { result: Loadable<Kpis> }) {
  return h(States<Kpis>, {
    result: props.result,
    children: (kpis) => {
      const cards: [string, string][] = [
        ['Customers', number.format(kpis.overview.total_customers)],
        ['At risk', number.format(kpis.overview.at_risk_customers)],
        ['Average health', number.format(kpis.health_metrics.avg_health_score)],
        ['Churn probability', percent.format(kpis.health_metrics.avg_churn_probability)],
        ['MRR', money.format(kpis.financial_metrics.monthly_recurring_revenue)],
        ['LTV:CAC', number.format(kpis.financial_metrics.ltv_cac_ratio)],
      ];
      return h(
        Box,
        { sx: { display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(160px, 1fr))' } },
        cards.map(([label, value]) =>
          h(Card, { key: label, variant: 'outlined' }, h(CardContent, null, h(Typography, { variant: 'body2', color: 'text.secondary' }, label), h(Typography, { variant: 'h5' }, value))),
        ),
      );
    },
  });
}

export function AtRiskTable(props: { result: Loadable<{ at_risk_customers: AtRisk[] }>; onSelect: (id: string) => void; onAction: (id: string, action: string) => void }) {
  return h(
    Panel,
    { title: 'At-risk customers' },
    h(States<{ at_risk_customers: AtRisk[] }>, {
      result: props.result,
      empty: (d) => d.at_risk_customers.length === 0,
      children: (d) =>
        h(
          Box,
          { sx: { overflowX: 'auto' } },
          h(
            Table,
            { size: 'small' },
            h(TableHead, null, h(TableRow, null, ['Company', 'Health', 'Churn', 'Priority', 'Risk factors', 'Actions'].map((c) => h(TableCell, { key: c }, c)))),
            h(
              TableBody,
              null,
              d.at_risk_customers.map((row) =>
                h(
                  TableRow,
                  { key: row.customer_id, hover: true, onClick: () => props.onSelect(row.customer_id) },
                  h(TableCell, null, row.company_name),
                  h(TableCell, null, h(Chip, { size: 'small', label: row.last_health_score, sx: { bgcolor: band(row.last_health_score).color, color: '#fff' } })),
                  h(TableCell, null, row.predicted_churn_score === null ? '—' : percent.format(row.predicted_churn_score)),
                  h(TableCell, null, h(Chip, { size: 'small', variant: 'outlined', label: row.intervention_priority })),
                  h(TableCell, null, row.risk_factors.join(', ')),
                  h(
                    TableCell,
                    null,
                    h(Button, { size: 'small', onClick: () => props.onAction(row.customer_id, 'call') }, 'Call'),
                    h(Button, { size: 'small', onClick: () => props.onAction(row.customer_id, 'email') }, 'Email'),
                  ),
                ),
              ),
            ),
          ),
        ),
    }),
  );
}

export function ChurnChart(props: { result: Loadable<{ months: ChurnMonth[] }> }) {
  return h(
    Panel,
    { title: 'Churn rate' },
    h(States<{ months: ChurnMonth[] }>, {
      result: props.result,
      empty: (d) => d.months.length === 0,
      children: (d) => {
        const data: ChartData<'line'> = {
          labels: d.months.map((m) => m.month),
          datasets: [
            { label: 'Churn rate %', data: d.months.map((m) => m.churn_rate), borderColor: '#f44336', fill: true, backgroundColor: 'rgba(244,67,54,.15)' },
            { label: 'Rolling average', data: d.months.map((m) => m.rolling_average), borderColor: '#1976d2', borderDash: [4, 4] },
          ],
        };
        return h(Box, { sx: { height: 240 } }, h(Line, { data, options: { responsive: true, maintainAspectRatio: false }, 'aria-label': 'Churn rate by month', role: 'img' }));
      },
    }),
  );
}

export function HealthDoughnut(props: { result: Loadable<Kpis> }) {
  return h(
    Panel,
    { title: 'Health distribution' },
    h(States<Kpis>, {
      result: props.result,
      children: (kpis) => {
        const counts = kpis.distributions.health_status;
        const data: ChartData<'doughnut'> = {
          labels: BANDS.map((b) => b.label),
          datasets: [{ data: BANDS.map((b) => counts[b.status] ?? 0), backgroundColor: BANDS.map((b) => b.color) }],
        };
        return h(Box, { sx: { height: 240 } }, h(Doughnut, { data, options: { responsive: true, maintainAspectRatio: false, cutout: '60%' }, 'aria-label': 'Customers by health', role: 'img' }));
      },
    }),
  );
}

export function InterventionList(props: { api: Api; result: Loadable<{ interventions: Intervention[] }>; onChange: () => void }) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ customer_id: '', type: 'call', notes: '' });
  const [error, setError] = useState<string | null>(null);
  const submit = () =>
    request(props.api, '/api/interventions', { method: 'POST', body: JSON.stringify(form) }).then(
      () => {
        setOpen(false);
        props.onChange();
      },
      (e: Error) => setError(e.message),
    );
  const advance = (item: Intervention, status: string) =>
    request(props.api, `/api/interventions/${item.id}`, { method: 'PATCH', body: JSON.stringify({ status }) }).then(props.onChange, (e: Error) => setError(e.message));
  return h(
    Panel,
    { title: 'Interventions', action: h(Button, { variant: 'contained', onClick: () => setOpen(true) }, 'New') },
    error ? h(MuiAlert, { severity: 'error', onClose: () => setError(null) }, error) : null,
    h(States<{ interventions: Intervention[] }>, {
      result: props.result,
      empty: (d) => d.interventions.length === 0,
      children: (d) =>
        h(
          List,
          null,
          d.interventions.map((item) =>
            h(
              ListItem,
              { key: item.id, secondaryAction: h(Fragment, null, h(Button, { size: 'small', onClick: () => advance(item, 'executed') }, 'Executed'), h(Button, { size: 'small', color: 'error', onClick: () => advance(item, 'cancelled') }, 'Cancel')) },
              h(ListItemText, { primary: `${item.type} · ${item.customer_id}`, secondary: item.notes ?? item.status }),
            ),
          ),
        ),
    }),
    h(
      Dialog,
      { open, onClose: () => setOpen(false) },
      h(DialogTitle, null, 'New intervention'),
      h(
        DialogContent,
        null,
        h(
          Stack,
          { spacing: 2, sx: { pt: 1 } },
          h(TextField, { label: 'Customer', value: form.customer_id, onChange: (e) => setForm({ ...form, customer_id: e.target.value }), required: true }),
          h(
            TextField,
            { select: true, label: 'Type', value: form.type, onChange: (e) => setForm({ ...form, type: e.target.value }) },
            ['call', 'email', 'meeting', 'training', 'discount'].map((t) => h(MenuItem, { key: t, value: t }, t)),
          ),
          h(TextField, { label: 'Notes', multiline: true, minRows: 3, value: form.notes, onChange: (e) => setForm({ ...form, notes: e.target.value }) }),
        ),
      ),
      h(DialogActions, null, h(Button, { onClick: () => setOpen(false) }, 'Cancel'), h(Button, { variant: 'contained', onClick: submit }, 'Create')),
    ),
  );
}

export function AlertBell(props: { alerts: Alert[]; onDismiss: (id: string) => void }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return h(
    Fragment,
    null,
    h(
      IconButton,
      { 'aria-label': `${props.alerts.length} churn alerts`, onClick: (e) => setAnchor(e.currentTarget) },
      h(Badge, { badgeContent: props.alerts.length, color: 'error' }, h(SvgIcon, null, h('path', { d: 'M12 22c1.1 0 2-.9 2-2h-4a2 2 0 0 0 2 2zm6-6v-5c0-3.07-1.64-5.64-4.5-6.32V4a1.5 1.5 0 0 0-3 0v.68C7.63 5.36 6 7.92 6 11v5l-2 2v1h16v-1l-2-2z' }))),
    ),
    h(
      Popover,
      { open: anchor !== null, anchorEl: anchor, onClose: () => setAnchor(null), anchorOrigin: { vertical: 'bottom', horizontal: 'right' } },
      props.alerts.length === 0
        ? h(Typography, { sx: { p: 2 } }, 'No alerts.')
        : h(
            List,
            { sx: { width: 360 } },
            props.alerts.map((a) =>
              h(
                ListItem,
                { key: a.alert_id, secondaryAction: h(Button, { size: 'small', onClick: () => props.onDismiss(a.alert_id) }, 'Dismiss') },
                h(ListItemText, { primary: `${a.severity}: ${a.title}`, secondary: `${a.company_name} — ${a.message}` }),
              ),
            ),
          ),
    ),
  );
}
