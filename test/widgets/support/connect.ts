import { fixture, html } from '@open-wc/testing';
import type { ReactiveElement, TemplateResult } from 'lit';
import '../../../widgets/rk-provider/define';
import { ApiClient } from '../../../widgets/core/api-client';
import type { RkDataElement } from '../../../widgets/core/data-element';
import type { Intervention, InterventionCreate } from '../../../widgets/core/types';
import type { RkProvider } from '../../../widgets/rk-provider/rk-provider';
import { settle } from './dom';
import { createdIntervention } from './fixtures';

/** An ApiClient answered by the test (no network): it records the interventions it is asked to create and answers with `respond`. */
export class RecordingClient extends ApiClient {
  readonly created: InterventionCreate[] = [];
  respond: (body: InterventionCreate) => Promise<Intervention> = (body) => Promise.resolve(createdIntervention(body));

  override createIntervention(body: InterventionCreate): Promise<Intervention> {
    this.created.push(body);
    return this.respond(body);
  }
}

/** `template` inside an `<rk-provider>` with `client`, once the provider and the widget (`selector`) have rendered. */
export async function renderInProvider<E extends ReactiveElement, C extends ApiClient>(
  selector: string,
  template: TemplateResult,
  client: C,
  settled: (el: E) => Promise<void> = settle,
) {
  const provider = await fixture<RkProvider>(html`<rk-provider .client=${client}>${template}</rk-provider>`);
  const el = provider.querySelector(selector) as E;
  await provider.updateComplete;
  await settled(el);
  return { provider, el, client };
}

/**
 * `el` on the page, standalone with `enable-live` (api "", token "t"), in a container of its own that
 * the test removes; `statuses` are the `rk-live-status` values it fires, listened to on the element,
 * since its last (idle) comes after it has left the page. The test server has no ticket endpoint: the
 * connection fails and keeps retrying.
 */
export function standaloneLive(el: RkDataElement): { statuses: string[]; container: HTMLDivElement } {
  const statuses: string[] = [];
  const container = document.createElement('div');
  document.body.append(container);
  el.api = '';
  el.token = 't';
  el.enableLive = true;
  el.addEventListener('rk-live-status', (e) => statuses.push(e.status));
  container.append(el);
  return { statuses, container };
}

/** A promise and its resolve and reject: lets a test hold back an answer. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
