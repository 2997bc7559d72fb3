-- 0010: reads scoped to the operator, and personal data that was kept in clear.

-- An agent's list walks their own dossiers newest first.
CREATE INDEX dossiers_operator ON dossiers (operator_id, id);
