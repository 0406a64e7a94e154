import { cachedCalibrationBins } from '#adapters/calibration-store';
import { findFeedback } from '#adapters/feedback-reader';
import { readThroughLearnedCache } from '#adapters/learned-cache';
import { readLearnedMetrics, readLearnedQuality } from '#adapters/metrics-store';
import { readProfileCounters } from '#adapters/preferences-store';
import { environment } from '#config';
import {
  buildCalibrationReport,
  CALIBRATE_BODY_LIMIT_BYTES,
  calibrateConfidences,
  parseCalibrateRequest,
  parseCalibrationQuery,
  parseModelVersion,
} from '#core/calibration-requests';
import { APPLY_PREFERENCES_BODY_LIMIT_BYTES } from '#core/contract/preferences-contract';
import { NotFoundError } from '#core/errors';
import { parseMetricsQuery, summarizeMetrics } from '#core/metrics';
import { TENANT_PROFILE } from '#core/preferences/evidence';
import {
  applyPreferences,
  buildPreferencesReport,
  parseApplyBody,
  parseUserId,
} from '#core/preferences/requests';
import { createApiHandler } from '#http/create-api-handler';
import type { RouteInput } from '#http/types';

const { METRICS_CACHE_TTL_SECONDS } = environment();
const env = environment();
const preferenceThresholds = {
  minEvidence: env.PREFERENCE_MIN_EVIDENCE,
  minConfidence: env.PREFERENCE_MIN_CONFIDENCE,
  minPeople: env.PREFERENCE_TENANT_MIN_PEOPLE,
};

async function getMetrics({ principal, query }: RouteInput) {
  if (!principal) throw new Error('Route needs a principal');
  const range = parseMetricsQuery(query);
  const report = await readThroughLearnedCache(
    principal.tenantId,
    { metrics: range },
    METRICS_CACHE_TTL_SECONDS,
    async () => {
      const [{ totals, histogram }, quality] = await Promise.all([
        readLearnedMetrics(principal.tenantId, range),
        readLearnedQuality(principal.tenantId, range),
      ]);
      return summarizeMetrics(range, totals, histogram, quality);
    },
  );
  return { status: 200, body: report.value, headers: { 'cache-status': report.cacheStatus } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function getFeedback({ principal, event }: RouteInput) {
  if (!principal) throw new Error('Route needs a principal');
  const id = event.pathParameters?.id ?? '';
  const found = UUID.test(id) ? await findFeedback(principal.tenantId, id) : null;
  if (!found) throw new NotFoundError('No feedback with this id');
  return { status: 200, body: found };
}

async function getCalibration({ principal, event, query }: RouteInput) {
  if (!principal) throw new Error('Route needs a principal');
  const modelVersion = parseModelVersion(event.pathParameters?.modelVersion);
  const { target } = parseCalibrationQuery(query);
  const bins = await cachedCalibrationBins(
    principal.tenantId,
    modelVersion,
    METRICS_CACHE_TTL_SECONDS,
  );
  return {
    status: 200,
    body: buildCalibrationReport(modelVersion, bins.value, target),
    headers: { 'cache-status': bins.cacheStatus },
  };
}

async function calibrate({ principal, event, body }: RouteInput) {
  if (!principal) throw new Error('Route needs a principal');
  const modelVersion = parseModelVersion(event.pathParameters?.modelVersion);
  const confidences = parseCalibrateRequest(body);
  const bins = await cachedCalibrationBins(
    principal.tenantId,
    modelVersion,
    METRICS_CACHE_TTL_SECONDS,
  );
  return {
    status: 200,
    body: calibrateConfidences(modelVersion, bins.value, confidences),
    headers: { 'cache-status': bins.cacheStatus },
  };
}

async function getPreferences({ principal, event }: RouteInput) {
  if (!principal) throw new Error('Route needs a principal');
  const userId = parseUserId(event.pathParameters?.userId);
  const counters = await readProfileCounters(principal.tenantId, userId);
  return { status: 200, body: buildPreferencesReport(userId, counters, preferenceThresholds) };
}

async function applyNamingPreferences({ principal, event, body }: RouteInput) {
  if (!principal) throw new Error('Route needs a principal');
  const userId = parseUserId(event.pathParameters?.userId);
  const { filename } = parseApplyBody(body);
  const [user, tenant] = await Promise.all([
    readProfileCounters(principal.tenantId, userId),
    readProfileCounters(principal.tenantId, TENANT_PROFILE),
  ]);
  const result = applyPreferences(userId, filename, { user, tenant }, preferenceThresholds);
  return { status: 200, body: result };
}

export const handler = createApiHandler({
  'GET /v1/metrics': { scope: 'user', handle: getMetrics },
  'GET /v1/feedback/{id}': { scope: 'user', handle: getFeedback },
  'GET /v1/models/{modelVersion}/calibration': { scope: 'user', handle: getCalibration },
  'POST /v1/models/{modelVersion}/calibrate': {
    scope: 'user',
    maxBodyBytes: CALIBRATE_BODY_LIMIT_BYTES,
    handle: calibrate,
  },
  'GET /v1/users/{userId}/preferences': { scope: 'user', handle: getPreferences },
  'POST /v1/users/{userId}/preferences/apply': {
    scope: 'user',
    maxBodyBytes: APPLY_PREFERENCES_BODY_LIMIT_BYTES,
    handle: applyNamingPreferences,
  },
});
