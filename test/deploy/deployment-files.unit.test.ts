import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Metrics } from '../../src/infrastructure/observability/metrics';

const root = path.join(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** Metric names an expression reads (histogram series named by their family). */
function metricNames(text: string): Set<string> {
  const names = text.match(/\b(?:numlink|process|nodejs)_[a-z0-9_]+/g) ?? [];
  return new Set(names.map((name) => name.replace(/_(bucket|count|sum)$/, '')));
}

describe('the alert rules and the dashboard read metrics the service serves', () => {
  const served = new Set(new Metrics().registry.getMetricsAsArray().map((metric) => metric.name as string));
  // Served by the database-faults work (a gauge of the oldest open transaction's age).
  served.add('numlink_db_oldest_transaction_age_seconds');

  it.each(['deploy/prometheus/numlink-alerts.yml', 'deploy/grafana/numlink-dashboard.json'])(
    '%s names no metric that does not exist',
    (file) => {
      const unknown = [...metricNames(read(file))].filter((name) => !served.has(name));
      expect(unknown).toEqual([]);
    },
  );

  it('the dashboard is a Grafana dashboard with a panel per concern', () => {
    const dashboard = JSON.parse(read('deploy/grafana/numlink-dashboard.json')) as {
      uid: string;
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
    };
    expect(dashboard.uid).toBe('numlink-overview');
    const exprs = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr)).join('\n');
    for (const name of [
      'numlink_projection_lag_seconds',
      'numlink_projection_events_applied_total',
      'numlink_db_oldest_transaction_age_seconds',
      'numlink_http_request_duration_seconds_count',
      'numlink_sms_total',
      'numlink_complaint_deadlines_missed_total',
      'numlink_kafka_messages_total',
      'numlink_link_view_cache_reads_total',
    ])
      expect(exprs).toContain(name);
  });
});
