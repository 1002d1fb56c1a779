-- Bad input to rules and channels is refused with a sentence that names the field.
begin;
select plan(14);

select * from tests.make_tenant('badin') \gset t_
select tests.alert_channel((select tenant_id from tests.make_tenant('badin2')), 'other') as foreign_channel \gset

select throws_ok(format($$select vigil_api.create_alert_rule(%L, '{"name": "x", "metric": "bogus", "comparator": "gt", "threshold": 1, "window": "5 minutes"}')$$, :'t_tenant_id'),
  '22023', null, 'an unknown metric is refused');
select throws_like(format($$select vigil_api.create_alert_rule(%L, '{"name": "x", "metric": "bogus", "comparator": "gt", "threshold": 1, "window": "5 minutes"}')$$, :'t_tenant_id'),
  'metric ''bogus'' is unknown; it must be one of %', 'the unknown metric error names the field and lists the metrics');
-- Each bad rule, refused with the sentence that names its field.
select throws_ok(format($$select vigil_api.create_alert_rule(%L, %L)$$, :'t_tenant_id', v.rule), '22023', v.message, v.what)
from (values
  ('{"name": "x", "metric": "count", "comparator": "above", "threshold": 1, "window": "5 minutes"}',
   'comparator must be one of gt, gte, lt, lte, eq (got above).', 'an unknown comparator is refused'),
  ('{"name": "x", "metric": "count", "comparator": "gt", "threshold": 1, "window": "-5 minutes"}',
   'window must be a positive interval of at most 30 days.', 'a negative window is refused'),
  ('{"name": "x", "metric": "count", "comparator": "gt", "threshold": 1, "window": "soon"}',
   'window must be an interval such as "15 minutes" or a number of seconds.', 'a window that is not an interval is refused'),
  ('{"name": "x", "metric": "count", "comparator": "gt", "threshold": 1, "window": 60, "for": "-1 minute"}',
   'for must not be negative.', 'a negative for is refused'),
  ('{"name": "x", "metric": "count", "comparator": "gt", "threshold": 1, "window": 60, "severity": "huge"}',
   'severity must be one of info, warning, critical.', 'an unknown severity is refused'),
  ('{"name": "x", "metric": "count", "comparator": "gt", "threshold": 1, "window": 60, "treshold": 2}',
   'Unknown rule field(s): treshold.', 'a misspelt field is refused, not ignored'),
  ('{"name": "x", "metric": "slo_burn_rate", "comparator": "gt", "threshold": 14.4, "window": "1 hour"}',
   'slo_objective must be between 0 and 1 (e.g. 0.999) for metric slo_burn_rate.', 'an SLO rule needs its objective')
) v(rule, message, what);
select throws_ok(format($$select vigil_api.create_alert_rule(%L, jsonb_build_object('name', 'x', 'metric', 'count', 'comparator', 'gt', 'threshold', 1, 'window', 60, 'channels', jsonb_build_array(%L)))$$, :'t_tenant_id', :'foreign_channel'),
  '22023', 'channels must name channels of this tenant.', 'a rule cannot notify another tenant''s channel');

select throws_ok(format($$select vigil_api.create_alert_channel(%L, 'c', 'carrier-pigeon', '{}')$$, :'t_tenant_id'),
  '22023', 'type must be one of email, slack, sms, webhook, pagerduty (got carrier-pigeon).', 'a channel of an unknown type is refused');
select throws_ok(format($$select vigil_api.create_alert_channel(%L, 'c', 'webhook', '{"url": "http://hooks.example.com/x"}')$$, :'t_tenant_id'),
  '22023', 'config.url is refused: it must use https.', 'a webhook URL that is not https is refused');
select vigil.set_outbound_allow_loopback(true);
select lives_ok(format($$select vigil_api.create_alert_channel(%L, 'local', 'webhook', '{"url": "http://127.0.0.1:8080/hook"}')$$, :'t_tenant_id'),
  'http is accepted for a loopback webhook while the service role allows loopback, which is what local tests do');
select throws_ok(format($$select vigil_api.create_alert_channel(%L, 'c', 'email', '{"to": "ops@example.com", "from": "Vigil <a@example.com>"}', 'RESEND_KEY')$$, :'t_tenant_id'),
  '22023', 'secret_name must name an environment variable or Vault secret starting with VIGIL_ (uppercase letters, digits, underscores).',
  'a secret name outside the VIGIL_ namespace is refused');

select * from finish();
rollback;
