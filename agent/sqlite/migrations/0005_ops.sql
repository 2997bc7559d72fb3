-- Operations (issue #8): what /metrics and the supervisor dashboard read
-- at every scrape or page view, so they stay index lookups as the kit
-- accumulates years of dossiers.
CREATE INDEX dossiers_created ON dossiers (created_at);
CREATE INDEX dossier_events_to_status ON dossier_events (to_status, from_status);
