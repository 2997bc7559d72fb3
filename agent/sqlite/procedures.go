package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"fieldkit/agent/model"
)

// Search limits.
const (
	defaultSearchLimit = 20
	maxSearchLimit     = 100
	maxQueryBytes      = 1024 // more than maxQueryWords words; the rest is dropped
)

// UpsertProcedures inserts or updates procedures (by code) and their search
// rows, all in one write transaction. It returns how many it wrote.
func (s *Store) UpsertProcedures(ctx context.Context, procs []model.Procedure) (int, error) {
	var v model.ValidationError
	for i, p := range procs {
		if strings.TrimSpace(p.Code) == "" {
			v.Add(fmt.Sprintf("procedures[%d].code", i), "required")
		}
		if strings.TrimSpace(p.Name) == "" {
			v.Add(fmt.Sprintf("procedures[%d].name", i), "required")
		}
	}
	if err := v.Err(); err != nil {
		return 0, fmt.Errorf("upsert procedures: %w", err)
	}
	if len(procs) == 0 {
		return 0, nil
	}
	now := ts(s.now())
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		// The id survives the update (DO UPDATE keeps the row), so the
		// search row is replaced under the same rowid.
		upsert, err := tx.PrepareContext(ctx, `INSERT INTO procedures
			(code, name, field, level, verified, channels, doc, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, field = excluded.field,
				level = excluded.level, verified = excluded.verified, channels = excluded.channels,
				doc = excluded.doc, updated_at = excluded.updated_at
			RETURNING id`)
		if err != nil {
			return err
		}
		defer upsert.Close()
		unindex, err := tx.PrepareContext(ctx, `DELETE FROM procedures_fts WHERE rowid = ?`)
		if err != nil {
			return err
		}
		defer unindex.Close()
		index, err := tx.PrepareContext(ctx, `INSERT INTO procedures_fts (rowid, name, field, keywords, code)
			VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer index.Close()
		rank, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO procedures_rank
			(id, code, name_key, name_words, name_len, field_key, keywords_key) VALUES (?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer rank.Close()
		for _, p := range procs {
			p.Code = strings.TrimSpace(p.Code)
			p.Name = model.NFC(strings.TrimSpace(p.Name))
			p.Field = model.NFC(p.Field)
			p.Keywords = model.NFC(p.Keywords)
			doc, err := json.Marshal(p)
			if err != nil {
				return fmt.Errorf("procedure %s: %w", p.Code, err)
			}
			channels, err := json.Marshal(nonNil(p.Channels))
			if err != nil {
				return fmt.Errorf("procedure %s: %w", p.Code, err)
			}
			var id int64
			if err := upsert.QueryRowContext(ctx, p.Code, p.Name, p.Field, p.Level, p.Verified,
				string(channels), string(doc), now).Scan(&id); err != nil {
				return fmt.Errorf("procedure %s: %w", p.Code, err)
			}
			if _, err := unindex.ExecContext(ctx, id); err != nil {
				return fmt.Errorf("procedure %s: unindex: %w", p.Code, err)
			}
			if _, err := index.ExecContext(ctx, id, model.FoldForSearch(p.Name), model.FoldForSearch(p.Field),
				model.FoldForSearch(p.Keywords), p.Code); err != nil {
				return fmt.Errorf("procedure %s: index: %w", p.Code, err)
			}
			nameWords := searchWords(p.Name)
			nameKey := searchKey(nameWords)
			if _, err := rank.ExecContext(ctx, id, p.Code, nameKey, len(nameWords), utf8.RuneCountInString(nameKey),
				searchKey(searchWords(p.Field)), searchKey(searchWords(p.Keywords))); err != nil {
				return fmt.Errorf("procedure %s: rank: %w", p.Code, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("upsert procedures: %w", err)
	}
	return len(procs), nil
}

// Procedure returns the procedure with code; an unknown code gives an
// error wrapping model.ErrNotFound.
func (s *Store) Procedure(ctx context.Context, code string) (*model.Procedure, error) {
	var doc string
	err := s.read.QueryRowContext(ctx, `SELECT doc FROM procedures WHERE code = ?`, strings.TrimSpace(code)).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("procedure %q: %w", code, model.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("procedure %q: %w", code, err)
	}
	var p model.Procedure
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return nil, fmt.Errorf("procedure %q: decode: %w", code, err)
	}
	return &p, nil
}

// CountProcedures says how many procedures the catalog holds.
func (s *Store) CountProcedures(ctx context.Context) (int, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM procedures`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count procedures: %w", err)
	}
	return n, nil
}

// SearchProcedures finds procedures for what a helper types: words with or
// without diacritics (đ included), the last one possibly unfinished, codes
// and the abbreviations in the keywords. A query without any word lists
// the catalog by field, then code. limit ≤ 0 means 20; at most 100.
//
// The name that is, starts with, or contains what was typed comes first;
// see searchSQL for the whole order. If no procedure has all the words,
// Telex typing is undone, then any word is enough (see searchPlan).
func (s *Store) SearchProcedures(ctx context.Context, q string, limit int) ([]model.ProcedureSummary, error) {
	if limit <= 0 {
		limit = defaultSearchLimit
	}
	limit = min(limit, maxSearchLimit)
	words := searchWords(q[:min(len(q), maxQueryBytes)])
	if len(words) == 0 {
		out, err := s.scanSummaries(ctx, `SELECT code, name, field, level, verified, channels
			FROM procedures ORDER BY field, code LIMIT ?`, limit)
		if err != nil {
			return nil, fmt.Errorf("list procedures: %w", err)
		}
		return out, nil
	}
	for _, sq := range searchPlan(words) {
		stmt, args := sq.sql(limit)
		out, err := s.scanSummaries(ctx, stmt, args...)
		if err != nil {
			return nil, fmt.Errorf("search procedures: %w", err)
		}
		if len(out) > 0 {
			return out, nil
		}
	}
	return []model.ProcedureSummary{}, nil
}

func (s *Store) scanSummaries(ctx context.Context, query string, args ...any) ([]model.ProcedureSummary, error) {
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.ProcedureSummary{}
	for rows.Next() {
		var p model.ProcedureSummary
		var channels string
		if err := rows.Scan(&p.Code, &p.Name, &p.Field, &p.Level, &p.Verified, &channels); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(channels), &p.Channels); err != nil {
			return nil, fmt.Errorf("procedure %s: channels: %w", p.Code, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
