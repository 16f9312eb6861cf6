import { expect } from '@open-wc/testing';
import { ApiClient, ApiError, queryString } from '../../../widgets/core/api-client';

describe('ApiClient', () => {
  it('joins the base URL and paths', () => {
    expect(new ApiClient({ api: 'https://cs.example.com/' }).url('/api/x')).to.equal('https://cs.example.com/api/x');
    expect(new ApiClient({ api: 'https://cs.example.com/prefix//' }).url('api/x')).to.equal('https://cs.example.com/prefix/api/x');
    expect(new ApiClient().url('/api/x')).to.equal('/api/x');
  });

  it('builds query strings, dropping empty values and joining lists with commas', () => {
    expect(queryString({ limit: 20, priority: ['critical', 'high'], status: undefined, q: null, empty: [] })).to.equal('?limit=20&priority=critical%2Chigh');
    expect(queryString({ include_churned: false })).to.equal('?include_churned=false');
    expect(queryString({})).to.equal('');
  });

  it('turns the server error body into an ApiError with its fields', async () => {
    const body = { error: { code: 'invalid_request', message: 'limit: too big', fields: [{ field: 'limit', message: 'at most 1000' }] } };
    const error = await ApiError.fromResponse(new Response(JSON.stringify(body), { status: 400 }));
    expect(error).to.be.instanceOf(ApiError);
    expect(error).to.be.instanceOf(Error);
    expect([error.status, error.code, error.message, error.name]).to.deep.equal([400, 'invalid_request', 'limit: too big', 'ApiError']);
    expect(error.fields).to.deep.equal([{ field: 'limit', message: 'at most 1000' }]);
    expect(error.isNetworkError).to.equal(false);
  });

  it('gives a generic ApiError for a body that is not the error shape', async () => {
    const error = await ApiError.fromResponse(new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    expect([error.status, error.code, error.message, error.fields.length]).to.deep.equal([502, 'http_error', 'HTTP 502 Bad Gateway', 0]);
  });

  it('rejects with the status of a real HTTP error (the test server has no API)', async () => {
    const client = new ApiClient({ api: '', token: 'secret' });
    const error = await client.kpis().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ApiError);
    expect((error as ApiError).status).to.equal(404);
  });

  it('reads the JSON error body of a real response', async () => {
    const client = new ApiClient({ api: '/__rk_test__/slow', token: () => Promise.resolve('secret') });
    const error = (await client.health('cust_1').catch((e: unknown) => e)) as ApiError;
    expect([error.status, error.code, error.message]).to.deep.equal([503, 'unavailable', 'slow test endpoint']);
  }).timeout(10_000);

  it('reports an unreachable server as a network error (status 0)', async () => {
    const client = new ApiClient({ api: 'http://127.0.0.1:9', token: 't' });
    const error = (await client.financeSummary().catch((e: unknown) => e)) as ApiError;
    expect(error).to.be.instanceOf(ApiError);
    expect([error.status, error.code, error.isNetworkError]).to.deep.equal([0, 'network_error', true]);
  });

  it('passes an abort through as an AbortError, not an ApiError', async () => {
    const client = new ApiClient({ api: '/__rk_test__/slow' });
    const controller = new AbortController();
    const pending = client.atRisk({ limit: 5, priority: ['critical'] }, { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    const error = await pending;
    expect(error).to.not.be.instanceOf(ApiError);
    expect((error as DOMException).name).to.equal('AbortError');
  });
});
