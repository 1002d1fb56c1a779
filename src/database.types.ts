// Generated from the catalog of a migrated database by `npm run vigil -- gen-types`; do not edit.
export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  vigil_api: {
    Tables: {
      [_ in never]: never
    }
    Views: {
      [_ in never]: never
    }
    Functions: {
      acknowledge_alert: {
        Args: {
          p_alert: string
          p_note?: string
        }
        Returns: Json
      }
      active_users: {
        Args: {
          p_actor?: string
          p_days?: number
          p_tenant: string
          p_until?: string
        }
        Returns: Json
      }
      add_member: {
        Args: {
          p_role?: string
          p_tenant: string
          p_user: string
        }
        Returns: undefined
      }
      alert_delivery_stats: {
        Args: {
          p_since?: string
          p_tenant: string
        }
        Returns: {
          attempts: number
          channel: string
          channel_id: string
          channel_type: string
          dead: number
          delivered: number
          last_error: string
          pending: number
          retrying: number
        }[]
      }
      alert_history: {
        Args: {
          p_alert?: string
          p_limit?: number
          p_since?: string
          p_tenant: string
        }
        Returns: {
          actor: string
          alert_id: string
          at: string
          event_count: number
          from_state: string
          labels: Json
          note: string
          rule: string
          rule_id: string
          severity: string
          to_state: string
          value: number
        }[]
      }
      backup_plan: {
        Args: {
          p_policy?: string
        }
        Returns: {
          columns: Json
          depth: number
          estimated_bytes: number
          estimated_rows: number
          ordinal: number
          parents: string[]
          primary_key: string[]
          relation_name: string
          schema_name: string
          table_name: string
        }[]
      }
      backup_prune_plan: {
        Args: {
          p_now?: string
          p_policy?: string
        }
        Returns: {
          backup_id: number
          keep: boolean
          reason: string
          started_at: string
          status: string
        }[]
      }
      backup_status: {
        Args: {
          p_now?: string
        }
        Returns: {
          age_hours: number
          last_drill_at: string
          last_drill_ok: boolean
          last_good_at: string
          last_verified_at: string
          last_verify_ok: boolean
          latest_failed: boolean
          latest_id: number
          latest_started_at: string
          latest_status: string
          next_expected_at: string
          overdue: boolean
          policy: string
        }[]
      }
      business_summary: {
        Args: {
          p_now?: string
          p_tenant: string
        }
        Returns: Json
      }
      cache_stats: {
        Args: {
          p_since: string
          p_tenant: string
          p_until?: string
        }
        Returns: {
          hit_rate: number
          hits: number
          layer: string
          lookups: number
          misses: number
          name: string
        }[]
      }
      check_restored: {
        Args: {
          p_expected: Json
        }
        Returns: undefined
      }
      compare: {
        Args: {
          p_kind?: string
          p_tenant: string
          p_until?: string
          p_window?: unknown
        }
        Returns: {
          count: number
          count_before: number
          count_change: number
          error_rate: number
          error_rate_before: number
          error_rate_change: number
          kind: string
          name: string
          p95_before_ms: number
          p95_change: number
          p95_ms: number
          value_avg: number
          value_avg_before: number
          value_sum: number
          value_sum_before: number
          value_sum_change: number
        }[]
      }
      create_alert_channel: {
        Args: {
          p_config?: Json
          p_name: string
          p_secret_name?: string
          p_tenant: string
          p_type: string
        }
        Returns: Json
      }
      create_alert_rule: {
        Args: {
          p_rule: Json
          p_tenant: string
        }
        Returns: Json
      }
      create_deploy_key: {
        Args: {
          p_name?: string
          p_reports_per_minute?: number
          p_target: string
        }
        Returns: Json
      }
      create_deploy_target: {
        Args: {
          p_config?: Json
          p_name: string
          p_options?: Json
          p_provider: string
          p_tenant: string
        }
        Returns: Json
      }
      create_heal_function_rule: {
        Args: {
          p_description?: string
          p_dry_run?: boolean
          p_enabled?: boolean
          p_function: string
          p_max_rows?: number
          p_name: string
          p_tenant: string
        }
        Returns: string
      }
      create_heal_rule: {
        Args: {
          p_age_column: string
          p_description?: string
          p_dry_run?: boolean
          p_enabled?: boolean
          p_from_status: string
          p_key_column?: string
          p_max_rows?: number
          p_name: string
          p_older_than: unknown
          p_status_column: string
          p_table: string
          p_tenant: string
          p_to_status: string
        }
        Returns: string
      }
      create_incident: {
        Args: {
          p_impact?: string
          p_message: string
          p_monitors?: string[]
          p_status?: string
          p_tenant: string
          p_title: string
        }
        Returns: Json
      }
      create_ingest_key: {
        Args: {
          p_allowed_kinds?: string[]
          p_events_per_minute?: number
          p_name?: string
          p_tenant: string
        }
        Returns: Json
      }
      create_monitor: {
        Args: {
          p_monitor: Json
          p_tenant: string
        }
        Returns: Json
      }
      create_mute_window: {
        Args: {
          p_end_time: string
          p_matchers?: Json
          p_name: string
          p_start_time: string
          p_tenant: string
          p_time_zone?: string
          p_weekdays?: number[]
        }
        Returns: Json
      }
      create_silence: {
        Args: {
          p_comment?: string
          p_ends_at: string
          p_matchers: Json
          p_starts_at?: string
          p_tenant: string
        }
        Returns: Json
      }
      create_tenant: {
        Args: {
          p_admin?: string
          p_name: string
          p_slug: string
        }
        Returns: Json
      }
      dashboard: {
        Args: {
          p_bucket?: unknown
          p_since: string
          p_tenant: string
          p_until?: string
        }
        Returns: Json
      }
      db_health: {
        Args: {
          p_now?: string
        }
        Returns: Json
      }
      delete_alert_channel: {
        Args: {
          p_channel: string
        }
        Returns: undefined
      }
      delete_alert_rule: {
        Args: {
          p_rule: string
        }
        Returns: undefined
      }
      delete_deploy_target: {
        Args: {
          p_target: string
        }
        Returns: undefined
      }
      delete_heal_rule: {
        Args: {
          p_rule: string
        }
        Returns: undefined
      }
      delete_metric_target: {
        Args: {
          p_kind: string
          p_name: string
          p_period: string
          p_statistic?: string
          p_tenant: string
        }
        Returns: undefined
      }
      delete_monitor: {
        Args: {
          p_monitor: string
        }
        Returns: undefined
      }
      delete_mute_window: {
        Args: {
          p_window: string
        }
        Returns: undefined
      }
      delete_silence: {
        Args: {
          p_silence: string
        }
        Returns: undefined
      }
      delete_slo: {
        Args: {
          p_id: string
          p_tenant: string
        }
        Returns: undefined
      }
      delete_status_page: {
        Args: {
          p_page: string
        }
        Returns: undefined
      }
      delete_tenant: {
        Args: {
          p_confirm?: string
          p_tenant: string
        }
        Returns: Json
      }
      deploy_smoke_checks: {
        Args: {
          p_key: string
        }
        Returns: Json
      }
      deployment_impact: {
        Args: {
          p_deployment: string
          p_window?: unknown
        }
        Returns: {
          count_after: number
          count_before: number
          error_rate_after: number
          error_rate_before: number
          fingerprint: string
          first_seen: string
          kind: string
          name: string
          p95_after_ms: number
          p95_before_ms: number
          section: string
        }[]
      }
      disable_deploy_key: {
        Args: {
          p_key_id: string
        }
        Returns: undefined
      }
      disable_ingest_key: {
        Args: {
          p_key_id: string
        }
        Returns: undefined
      }
      enable_deploy_key: {
        Args: {
          p_key_id: string
        }
        Returns: undefined
      }
      enable_ingest_key: {
        Args: {
          p_key_id: string
        }
        Returns: undefined
      }
      error_groups: {
        Args: {
          p_limit?: number
          p_since: string
          p_status?: string
          p_tenant: string
          p_until?: string
        }
        Returns: {
          count: number
          error_type: string
          fingerprint: string
          first_release: string
          first_seen: string
          last_release: string
          last_seen: string
          name: string
          releases: string[]
          resolved_at: string
          resolved_release: string
          sample_message: string
          sample_stack: string
          status: string
          users_affected: number
        }[]
      }
      export: {
        Args: {
          p_cursor?: string
          p_format?: string
          p_limit?: number
          p_since: string
          p_tenant: string
          p_until?: string
        }
        Returns: Json
      }
      fallback_stats: {
        Args: {
          p_since: string
          p_tenant: string
          p_until?: string
        }
        Returns: {
          fallback_rate: number
          fallback_successes: number
          fallbacks: number
          layer: string
          name: string
          operations: number
        }[]
      }
      finish_backup: {
        Args: {
          p_backup: number
          p_error?: string
          p_manifest: Json
          p_now?: string
        }
        Returns: unknown
      }
      finish_restore: {
        Args: {
          p_error?: string
          p_now?: string
          p_ok: boolean
          p_report?: Json
          p_restore: number
        }
        Returns: unknown
      }
      foreign_key_violations: {
        Args: {
          p_tables: unknown[]
        }
        Returns: {
          broken_rows: number
          constraint_name: string
          referenced_table: string
          table_name: string
        }[]
      }
      funnel: {
        Args: {
          p_by?: string
          p_kind?: string
          p_since: string
          p_steps: string[]
          p_tenant: string
          p_until?: string
          p_within?: unknown
        }
        Returns: {
          conversion_from_first: number
          conversion_from_previous: number
          count: number
          median_seconds_from_previous: number
          name: string
          step: number
        }[]
      }
      heal_preview: {
        Args: {
          p_limit?: number
          p_now?: string
          p_rule: string
        }
        Returns: Json
      }
      heal_rules: {
        Args: {
          p_tenant: string
        }
        Returns: Json[]
      }
      heal_runs: {
        Args: {
          p_limit?: number
          p_rule?: string
          p_tenant: string
        }
        Returns: Json[]
      }
      health: {
        Args: {
          p_tenant: string
        }
        Returns: Json
      }
      ingest: {
        Args: {
          p_events: Json
          p_key: string
        }
        Returns: Json
      }
      install_default_rules: {
        Args: {
          p_channels?: string[]
          p_tenant: string
        }
        Returns: number
      }
      job_finish: {
        Args: {
          p_job: string
          p_status?: string
        }
        Returns: Json
      }
      job_progress: {
        Args: {
          p_job: string
          p_now?: string
        }
        Returns: Json
      }
      job_record: {
        Args: {
          p_items: Json
          p_job: string
        }
        Returns: number
      }
      job_start: {
        Args: {
          p_expected_items?: number
          p_metadata?: Json
          p_name: string
          p_tenant: string
        }
        Returns: string
      }
      jobs: {
        Args: {
          p_limit?: number
          p_tenant: string
        }
        Returns: Json[]
      }
      last_good_deployment: {
        Args: {
          p_target: string
        }
        Returns: Json
      }
      list_alert_channels: {
        Args: {
          p_tenant: string
        }
        Returns: {
          config: Json
          created_at: string
          enabled: boolean
          id: string
          name: string
          secret_name: string
          type: string
        }[]
      }
      list_alert_rules: {
        Args: {
          p_tenant: string
        }
        Returns: Json[]
      }
      list_alerts: {
        Args: {
          p_limit?: number
          p_rule?: string
          p_severity?: string
          p_states?: string[]
          p_tenant: string
        }
        Returns: {
          acknowledged_at: string
          acknowledged_by: string
          baseline: number
          comparator: string
          condition: string
          dedup_key: string
          event_count: number
          firing_since: string
          id: string
          labels: Json
          last_error: string
          last_evaluated_at: string
          metric: string
          muted_by: string
          observed: number
          resolved_at: string
          resolved_by: string
          rule: string
          rule_id: string
          severity: string
          state: string
          state_since: string
          threshold: number
          value: number
        }[]
      }
      list_backups: {
        Args: {
          p_limit?: number
          p_policy?: string
        }
        Returns: {
          byte_count: number
          error: string
          finished_at: string
          id: number
          location: string
          policy: string
          row_count: number
          started_at: string
          status: string
          table_count: number
          target: string
          verified_at: string
          verify_ok: boolean
        }[]
      }
      list_deploy_keys: {
        Args: {
          p_tenant: string
        }
        Returns: {
          created_at: string
          disabled_at: string
          enabled: boolean
          id: string
          key_prefix: string
          name: string
          reports_per_minute: number
          rotated_at: string
          target_id: string
        }[]
      }
      list_deploy_targets: {
        Args: {
          p_tenant: string
        }
        Returns: {
          auto_rollback: boolean
          config: Json
          environment: string
          id: string
          max_rollbacks_per_day: number
          name: string
          notify_channel_ids: string[]
          provider: string
          rollback_cooldown: unknown
          secret_name: string
          smoke_checks: Json
          watch_rule_ids: string[]
          watch_window: unknown
        }[]
      }
      list_deployments: {
        Args: {
          p_limit?: number
          p_target?: string
          p_tenant: string
        }
        Returns: {
          actor: string
          commit_sha: string
          created_at: string
          environment: string
          external_id: string
          healthy_at: string
          id: string
          live_at: string
          reason: string
          ref: string
          rollback_of: string
          rollback_to: string
          smoke_passed: boolean
          smoke_results: Json
          status: string
          status_since: string
          target: string
          target_id: string
          url: string
          version: string
        }[]
      }
      list_dimensions: {
        Args: {
          p_tenant: string
        }
        Returns: {
          attribute: string
          cap: number
          created_at: string
          kind: string
          name: string
          values_kept: number
        }[]
      }
      list_incidents: {
        Args: {
          p_since?: string
          p_tenant: string
        }
        Returns: Json[]
      }
      list_ingest_keys: {
        Args: {
          p_tenant: string
        }
        Returns: {
          allowed_kinds: string[]
          created_at: string
          disabled_at: string
          enabled: boolean
          events_per_minute: number
          id: string
          key_prefix: string
          name: string
          rotated_at: string
        }[]
      }
      list_members: {
        Args: {
          p_tenant: string
        }
        Returns: {
          created_at: string
          role: string
          user_id: string
        }[]
      }
      list_monitors: {
        Args: {
          p_tenant: string
        }
        Returns: Json[]
      }
      list_mute_windows: {
        Args: {
          p_tenant: string
        }
        Returns: Json[]
      }
      list_silences: {
        Args: {
          p_include_expired?: boolean
          p_tenant: string
        }
        Returns: Json[]
      }
      maintenance_status: {
        Args: {
          p_now?: string
        }
        Returns: Json
      }
      mark_backup_pruned: {
        Args: {
          p_backup: number
          p_now?: string
        }
        Returns: unknown
      }
      metric_progress: {
        Args: {
          p_now?: string
          p_tenant: string
        }
        Returns: {
          actual: number
          elapsed: number
          kind: string
          name: string
          period: string
          period_end: string
          period_start: string
          progress: number
          statistic: string
          target: number
        }[]
      }
      metric_stats: {
        Args: {
          p_dimension?: string
          p_kind?: string
          p_names?: string[]
          p_since: string
          p_tenant: string
          p_until?: string
        }
        Returns: {
          avg: number
          count: number
          count_share: number
          dimension_value: string
          errors: number
          max: number
          min: number
          name: string
          p50: number
          p95: number
          p99: number
          sum: number
          sum_share: number
          valued: number
        }[]
      }
      metric_timeseries: {
        Args: {
          p_bucket?: unknown
          p_dimension?: string
          p_kind: string
          p_name: string
          p_since: string
          p_tenant: string
          p_until?: string
        }
        Returns: {
          avg: number
          bucket_start: string
          count: number
          dimension_value: string
          p50: number
          p95: number
          sum: number
          valued: number
        }[]
      }
      my_tenants: {
        Args: never
        Returns: {
          created_at: string
          id: string
          name: string
          role: string
          slug: string
        }[]
      }
      operation_health: {
        Args: {
          p_name?: string
          p_since?: string
          p_tenant: string
        }
        Returns: {
          error_rate: number
          errors: number
          events: number
          hour: string
          kind: string
          name: string
          p95_ms: number
        }[]
      }
      operation_stats: {
        Args: {
          p_exact?: boolean
          p_kind?: string
          p_limit?: number
          p_name?: string
          p_order_by?: string
          p_since: string
          p_tenant: string
          p_until?: string
        }
        Returns: {
          avg_ms: number
          count: number
          errors: number
          errors_by_type: Json
          kind: string
          max_ms: number
          min_ms: number
          name: string
          p50_ms: number
          p95_ms: number
          p99_ms: number
          success_rate: number
        }[]
      }
      ping: {
        Args: {
          p_body?: string
          p_signal?: string
          p_token: string
        }
        Returns: Json
      }
      recent_errors: {
        Args: {
          p_fingerprint?: string
          p_limit?: number
          p_since: string
          p_tenant: string
          p_until?: string
        }
        Returns: {
          attributes: Json
          error_message: string
          error_type: string
          fingerprint: string
          id: number
          kind: string
          name: string
          occurred_at: string
          release: string
          session_id: string
          stack: string
          user_id: string
        }[]
      }
      record_backup_verify: {
        Args: {
          p_backup: number
          p_error?: string
          p_now?: string
          p_ok: boolean
        }
        Returns: unknown
      }
      register_alert_metric: {
        Args: {
          p_description?: string
          p_fn: unknown
          p_name: string
          p_returns_series?: boolean
          p_unit?: string
        }
        Returns: undefined
      }
      register_dimension: {
        Args: {
          p_attribute: string
          p_cap?: number
          p_kind: string
          p_name: string
          p_tenant: string
        }
        Returns: Json
      }
      register_view: {
        Args: {
          p_refresh_interval?: unknown
          p_view: string
        }
        Returns: undefined
      }
      remove_dimension: {
        Args: {
          p_attribute: string
          p_kind: string
          p_name: string
          p_tenant: string
        }
        Returns: undefined
      }
      remove_member: {
        Args: {
          p_tenant: string
          p_user: string
        }
        Returns: undefined
      }
      report_deployment: {
        Args: {
          p_deployment: Json
          p_key: string
        }
        Returns: Json
      }
      report_smoke: {
        Args: {
          p_deployment: string
          p_key: string
          p_results: Json
        }
        Returns: Json
      }
      request_rollback: {
        Args: {
          p_deployment: string
          p_reason?: string
          p_to?: string
        }
        Returns: Json
      }
      reset_sequences: {
        Args: {
          p_tables: unknown[]
        }
        Returns: number
      }
      resolve_alert: {
        Args: {
          p_alert: string
          p_note?: string
        }
        Returns: Json
      }
      resolve_error_group: {
        Args: {
          p_fingerprint: string
          p_release?: string
          p_tenant: string
        }
        Returns: Json
      }
      retention: {
        Args: {
          p_actor?: string
          p_cohort_event: string
          p_period?: string
          p_periods?: number
          p_return_event: string
          p_tenant: string
          p_until?: string
        }
        Returns: {
          cohort_size: number
          cohort_start: string
          period: number
          rate: number
          returned: number
        }[]
      }
      retry_alert_notification: {
        Args: {
          p_notification: number
        }
        Returns: undefined
      }
      rotate_deploy_key: {
        Args: {
          p_grace?: unknown
          p_key_id: string
        }
        Returns: Json
      }
      rotate_ingest_key: {
        Args: {
          p_grace?: unknown
          p_key_id: string
        }
        Returns: Json
      }
      run_heal_rule: {
        Args: {
          p_now?: string
          p_rule: string
        }
        Returns: Json
      }
      schedule: {
        Args: {
          p_every?: string
        }
        Returns: Json
      }
      set_backup_policy: {
        Args: {
          p_name: string
          p_settings?: Json
        }
        Returns: unknown
      }
      set_business_metrics: {
        Args: {
          p_currency?: string
          p_revenue_kind?: string
          p_revenue_name: string
          p_tenant: string
          p_transactions_kind?: string
          p_transactions_name: string
        }
        Returns: Json
      }
      set_heal_rule: {
        Args: {
          p_dry_run?: boolean
          p_enabled?: boolean
          p_max_rows?: number
          p_rule: string
        }
        Returns: undefined
      }
      set_metric_target: {
        Args: {
          p_kind: string
          p_name: string
          p_period: string
          p_statistic?: string
          p_target: number
          p_tenant: string
        }
        Returns: Json
      }
      set_slo: {
        Args: {
          p_description?: string
          p_id?: string
          p_kind?: string
          p_name: string
          p_objective: number
          p_period?: unknown
          p_tenant: string
          p_threshold_ms?: number
        }
        Returns: Json
      }
      set_status_page: {
        Args: {
          p_description?: string
          p_items?: Json
          p_public?: boolean
          p_slug: string
          p_tenant: string
          p_title: string
        }
        Returns: Json
      }
      slo_status: {
        Args: {
          p_now?: string
          p_tenant: string
        }
        Returns: {
          bad: number
          budget_remaining: number
          burn_rate_1h: number
          burn_rate_30m: number
          burn_rate_3d: number
          burn_rate_5m: number
          burn_rate_6h: number
          events: number
          events_1h: number
          events_30m: number
          events_3d: number
          events_5m: number
          events_6h: number
          kind: string
          name: string
          objective: number
          period: unknown
          sli: number
          slo_id: string
          threshold_ms: number
        }[]
      }
      start_backup: {
        Args: {
          p_location: string
          p_now?: string
          p_policy: string
          p_target: string
        }
        Returns: number
      }
      start_restore: {
        Args: {
          p_backup: number
          p_dry_run?: boolean
          p_kind: string
          p_now?: string
          p_tables?: string[]
          p_target_schema: string
        }
        Returns: number
      }
      status_page: {
        Args: {
          p_slug: string
        }
        Returns: Json
      }
      summary: {
        Args: {
          p_since: string
          p_tenant: string
          p_until?: string
        }
        Returns: Json
      }
      table_checksum: {
        Args: {
          p_table: unknown
        }
        Returns: Record<string, unknown>
      }
      timeseries: {
        Args: {
          p_bucket?: unknown
          p_kind?: string
          p_metric: string
          p_name?: string
          p_since: string
          p_tenant: string
          p_until?: string
        }
        Returns: {
          bucket_start: string
          count: number
          error_rate: number
          errors: number
          p50_ms: number
          p95_ms: number
          p99_ms: number
          value: number
        }[]
      }
      track: {
        Args: {
          p_attributes?: Json
          p_duration_ms?: number
          p_event?: Json
          p_kind: string
          p_name: string
          p_success?: boolean
          p_tenant: string
        }
        Returns: undefined
      }
      unregister_view: {
        Args: {
          p_view: string
        }
        Returns: boolean
      }
      unschedule: {
        Args: never
        Returns: boolean
      }
      update_alert_channel: {
        Args: {
          p_channel: string
          p_config?: Json
          p_enabled?: boolean
          p_secret_name?: string
        }
        Returns: Json
      }
      update_alert_rule: {
        Args: {
          p_changes: Json
          p_rule: string
        }
        Returns: Json
      }
      update_incident: {
        Args: {
          p_impact?: string
          p_incident: string
          p_message: string
          p_status: string
        }
        Returns: Json
      }
      update_monitor: {
        Args: {
          p_changes: Json
          p_monitor: string
        }
        Returns: Json
      }
      view_status: {
        Args: {
          p_now?: string
        }
        Returns: {
          last_concurrently: boolean
          last_duration_ms: number
          last_error: string
          last_refreshed_at: string
          refresh_interval: unknown
          stale: boolean
          view: string
        }[]
      }
      web_vitals: {
        Args: {
          p_since: string
          p_tenant: string
          p_until?: string
        }
        Returns: {
          count: number
          good: number
          good_threshold: number
          name: string
          needs_improvement: number
          p75: number
          poor: number
          poor_threshold: number
          rating: string
        }[]
      }
    }
    Enums: {
      [_ in never]: never
    }
    CompositeTypes: {
      [_ in never]: never
    }
  }
}

export const Constants = {
  vigil_api: {
    Enums: {},
  },
} as const
