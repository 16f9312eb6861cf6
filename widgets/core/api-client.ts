import type {
  AccountNote,
  AccountNotePage,
  AccountProfile,
  AccountTimelinePage,
  Alert,
  AlertPage,
  AtRiskQuery,
  AtRiskResponse,
  ChurnModelRun,
  ChurnModelRunList,
  ChurnModelTrainingRequest,
  ChurnTrend,
  ChurnTrendQuery,
  CustomerHealth,
  CustomerPage,
  CustomerQuery,
  ErrorBody,
  EventTicket,
  FinanceSummary,
  HealthHistory,
  Intervention,
  InterventionCreate,
  InterventionPage,
  InterventionPatch,
  InterventionQuery,
  Kpis,
  PlaybookImpactQuery,
  PlaybookImpactReport,
} from './types';
import { tokenClaims, type TokenClaims } from './token-claims';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * A failed request. `status` is the HTTP status, or 0 when no response came (network down,
 * refused, CORS); `code` is the server's error code (`network_error`, `http_error` or
 * `invalid_response` when the body said none); `fields` names the request fields at fault.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];

  constructor(status: number, code: string, message: string, fields: FieldError[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  /** No response at all: the widget may still show data it already has (offline). */
  get isNetworkError(): boolean {
    return this.status === 0;
  }

  /** Reads the server's `{"error":{code,message,fields}}` body; any other body gives a generic error. */
  static async fromResponse(response: Response): Promise<ApiError> {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    const error = (body as Partial<ErrorBody> | undefined)?.error;
    if (error && typeof error.code === 'string' && typeof error.message === 'string') {
      const fields = Array.isArray(error.fields)
        ? error.fields.filter((f): f is FieldError => typeof f?.field === 'string' && typeof f.message === 'string')
        : [];
      return new ApiError(response.status, error.code, error.message, fields);
    }
    return new ApiError(response.status, 'http_error', `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }
}

/** A bearer token, or a function giving the current one (for tokens that are refreshed). */
export type TokenSource = string | undefined | (() => string | undefined | Promise<string | undefined>);

export interface ApiClientOptions {
  /** Base URL of the server, e.g. `https://cs.example.com`; empty for the page's own origin. */
  api?: string;
  token?: TokenSource;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

type Query = Record<string, string | number | boolean | readonly string[] | undefined | null>;

/** `{a: 1, b: ['x','y'], c: undefined}` → `?a=1&b=x,y` */
export function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The media types of the list exports. */
const EXPORT_TYPES = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/**
 * The typed client of the retention-kit REST API: a thin wrapper over `fetch` whose bodies and
 * queries are the types generated from the server's OpenAPI document (contract/rest.ts). One per
 * server; widgets share it through `<rk-provider>`.
 */
export class ApiClient {
  readonly api: string;
  private readonly token: TokenSource;

  constructor({ api = '', token }: ApiClientOptions = {}) {
    this.api = ApiClient.base(api);
    this.token = token;
  }

  /** The claims of the current token, unread (undefined) when it is not a JWT: what to offer, never what is allowed. */
  async claims(): Promise<TokenClaims | undefined> {
    return tokenClaims(typeof this.token === 'function' ? await this.token() : this.token);
  }

  /** `api` as a client keeps it: without the trailing slashes, so `/api/…` paths join it. */
  static base(api: string): string {
    return api.replace(/\/+$/, '');
  }

  /** A server path (`/api/…`) as a URL under the API base. */
  url(path: string): string {
    return `${this.api}${path.startsWith('/') ? path : `/${path}`}`;
  }

  /** Sends a request; resolves with the JSON body, rejects with ApiError (or the AbortError of `signal`). */
  async request<T>(method: string, path: string, body?: unknown, { signal }: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, 'application/json', body, signal);
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch (error) {
      if (isAbort(error) || signal?.aborted) throw error;
      throw new ApiError(response.status, 'invalid_response', 'The server sent a body that is not JSON');
    }
  }

  /** Fetches with the token; resolves with a successful response, rejects with ApiError (or the AbortError of `signal`). */
  private async send(method: string, path: string, accept: string, body: unknown, signal: AbortSignal | undefined): Promise<Response> {
    const headers: Record<string, string> = { accept };
    const token = typeof this.token === 'function' ? await this.token() : this.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(this.url(path), {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (isAbort(error) || signal?.aborted) throw error;
      throw new ApiError(0, 'network_error', `Could not reach the server: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!response.ok) throw await ApiError.fromResponse(response);
    return response;
  }

  health(customerId: string, options?: RequestOptions): Promise<CustomerHealth> {
    return this.request('GET', `/api/customer-success/health/${encodeURIComponent(customerId)}`, undefined, options);
  }

  /** One account's facts: plan, MRR, renewal, owner, contacts, traits. */
  account(id: string, options?: RequestOptions): Promise<AccountProfile> {
    return this.request('GET', `/api/accounts/${encodeURIComponent(id)}`, undefined, options);
  }

  /** The account's notes, newest first. */
  accountNotes(id: string, query: { limit?: number; cursor?: string } = {}, options?: RequestOptions): Promise<AccountNotePage> {
    return this.request('GET', `/api/accounts/${encodeURIComponent(id)}/notes${queryString(query)}`, undefined, options);
  }

  /** Adds a note (csm, admin); the author is the token's `sub`. */
  async addAccountNote(id: string, text: string, options?: RequestOptions): Promise<AccountNote> {
    return (await this.request<{ note: AccountNote }>('POST', `/api/accounts/${encodeURIComponent(id)}/notes`, { text }, options)).note;
  }

  /** Everything that happened to the account, newest first. */
  accountTimeline(id: string, query: { limit?: number; cursor?: string } = {}, options?: RequestOptions): Promise<AccountTimelinePage> {
    return this.request('GET', `/api/accounts/${encodeURIComponent(id)}/timeline${queryString(query)}`, undefined, options);
  }

  kpis(options?: RequestOptions): Promise<Kpis> {
    return this.request('GET', '/api/customer-success/kpis', undefined, options);
  }

  /** Alerts, newest first: `state: 'open'` for the inbox, with `total` counting every open one. */
  alerts(query: { state?: 'open' | 'acknowledged'; limit?: number; cursor?: string } = {}, options?: RequestOptions): Promise<AlertPage> {
    return this.request('GET', `/api/alerts${queryString(query)}`, undefined, options);
  }

  /** Acknowledges an alert (csm, admin); a second acknowledgement answers the same alert. */
  async acknowledgeAlert(id: string, options?: RequestOptions): Promise<Alert> {
    return (await this.request<{ alert: Alert }>('POST', `/api/alerts/${encodeURIComponent(id)}/acknowledge`, undefined, options)).alert;
  }

  atRisk(query: AtRiskQuery = {}, options?: RequestOptions): Promise<AtRiskResponse> {
    return this.request('GET', `/api/customer-success/at-risk${queryString(query)}`, undefined, options);
  }

  customers(query: CustomerQuery = {}, options?: RequestOptions): Promise<CustomerPage> {
    return this.request('GET', `/api/customer-success/customers${queryString({ ...query })}`, undefined, options);
  }

  /**
   * The customer list's view as a file (`format`: csv or xlsx), fetched with the same query and
   * token as its pages; resolves with the file's body, rejects with ApiError.
   */
  async exportCustomers(query: CustomerQuery, format: 'csv' | 'xlsx', { signal }: RequestOptions = {}): Promise<Blob> {
    const path = `/api/customer-success/customers${queryString({ ...query, format })}`;
    const response = await this.send('GET', path, EXPORT_TYPES[format], undefined, signal);
    return response.blob();
  }

  churnTrend(query: ChurnTrendQuery = {}, options?: RequestOptions): Promise<ChurnTrend> {
    return this.request('GET', `/api/customer-success/churn-trend${queryString(query)}`, undefined, options);
  }

  /** The portfolio's status counts and average score per step, oldest first. */
  healthHistory(query: { from?: string; to?: string; every?: string } = {}, options?: RequestOptions): Promise<HealthHistory> {
    return this.request('GET', `/api/customer-success/health-history${queryString(query)}`, undefined, options);
  }

  /** Each play's measured effect against its control group (csm, admin). */
  playbookImpact(query: PlaybookImpactQuery = {}, options?: RequestOptions): Promise<PlaybookImpactReport> {
    return this.request('GET', `/api/playbooks/impact${queryString(query)}`, undefined, options);
  }

  /** Churn model training runs, newest first, each with its evidence (csm, admin). */
  churnModels(options?: RequestOptions): Promise<ChurnModelRunList> {
    return this.request('GET', '/api/churn-models', undefined, options);
  }

  /** Starts training in the background (admin); a 409 ApiError while another run is training. */
  trainChurnModel(body: ChurnModelTrainingRequest = {}, options?: RequestOptions): Promise<{ id: number; status: 'running' }> {
    return this.request('POST', '/api/churn-models', body, options);
  }

  /** Scores with this run's model from now on and rescores every account (admin); a 409 ApiError for a run that did not succeed. */
  activateChurnModel(id: number, options?: RequestOptions): Promise<{ run: ChurnModelRun; rescored: number }> {
    return this.request('POST', `/api/churn-models/${encodeURIComponent(String(id))}/activate`, undefined, options);
  }

  financeSummary(options?: RequestOptions): Promise<FinanceSummary> {
    return this.request('GET', '/api/finance/summary', undefined, options);
  }

  /** Soonest due first; `next_cursor` pages on. */
  interventions(query: InterventionQuery = {}, options?: RequestOptions): Promise<InterventionPage> {
    return this.request('GET', `/api/interventions${queryString({ ...query })}`, undefined, options);
  }

  async createIntervention(body: InterventionCreate, options?: RequestOptions): Promise<Intervention> {
    return (await this.request<{ intervention: Intervention }>('POST', '/api/interventions', body, options)).intervention;
  }

  /** A lifecycle step, an outcome, notes or a reassignment; an illegal transition is a 409 ApiError. */
  async updateIntervention(id: string, patch: InterventionPatch, options?: RequestOptions): Promise<Intervention> {
    return (await this.request<{ intervention: Intervention }>('PATCH', `/api/interventions/${encodeURIComponent(id)}`, patch, options)).intervention;
  }

  /** A one-use ticket for `new EventSource(client.url(ticket.url))`. */
  eventTicket(options?: RequestOptions): Promise<EventTicket> {
    return this.request('POST', '/api/events/ticket', undefined, options);
  }
}
