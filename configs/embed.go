// Package configs owns the kit's configuration (type, defaults, loading)
// and the data embedded in the binary: the seed procedure catalog, the Da
// Nang commune-level units and the public holidays.
package configs

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"

	"fieldkit/agent/model"
)

//go:embed catalog.json
var seedCatalog []byte

//go:embed danang-communes-2025.csv
var communesCSV []byte

//go:embed provinces-vn-2025.csv
var provincesCSV []byte

// Catalog is the JSON document `fieldkit catalog import` reads; the seed
// catalog has the same shape (see CATALOG.md).
type Catalog struct {
	Procedures []model.Procedure `json:"procedures"`
}

// SeedCatalog returns the embedded seed catalog.
func SeedCatalog() (Catalog, error) {
	return ParseCatalog(bytes.NewReader(seedCatalog))
}

// ParseCatalog decodes and checks a catalog document.
func ParseCatalog(r io.Reader) (Catalog, error) {
	var c Catalog
	dec := json.NewDecoder(r)
	if err := dec.Decode(&c); err != nil {
		return Catalog{}, fmt.Errorf("parse catalog: %w", err)
	}
	if len(c.Procedures) == 0 {
		return Catalog{}, fmt.Errorf("parse catalog: no procedures")
	}
	seen := map[string]bool{}
	for i, p := range c.Procedures {
		if p.Code == "" || p.Name == "" {
			return Catalog{}, fmt.Errorf("parse catalog: procedure %d: code and name are required", i)
		}
		if seen[p.Code] {
			return Catalog{}, fmt.Errorf("parse catalog: procedure %s appears twice", p.Code)
		}
		seen[p.Code] = true
		if p.FormSchema != nil {
			if err := p.FormSchema.Check(); err != nil {
				return Catalog{}, fmt.Errorf("parse catalog: procedure %s: %w", p.Code, err)
			}
		}
		ids := map[string]bool{}
		for _, comp := range p.Components {
			if comp.ID == "" || ids[comp.ID] {
				return Catalog{}, fmt.Errorf("parse catalog: procedure %s: component ids must be present and unique (%q)", p.Code, comp.ID)
			}
			ids[comp.ID] = true
		}
		if err := p.CheckFilingRules(); err != nil {
			return Catalog{}, fmt.Errorf("parse catalog: procedure %s: %w", p.Code, err)
		}
		for _, ch := range p.Channels {
			switch ch.Kind {
			case model.ChannelInPerson, model.ChannelOnline, model.ChannelPostal:
			default:
				return Catalog{}, fmt.Errorf("parse catalog: procedure %s: unknown channel kind %q", p.Code, ch.Kind)
			}
			switch ch.FeeRule {
			case "", model.FeePerCopy, model.FeeCertifiedCopyPages:
			default:
				return Catalog{}, fmt.Errorf("parse catalog: procedure %s: unknown fee_rule %q", p.Code, ch.FeeRule)
			}
			if ch.LateFee != "" && ch.LateFee != model.LateFeeByCouncil {
				return Catalog{}, fmt.Errorf("parse catalog: procedure %s: unknown late_fee %q", p.Code, ch.LateFee)
			}
			if err := ch.CheckProcessing(); err != nil {
				return Catalog{}, fmt.Errorf("parse catalog: procedure %s: %w", p.Code, err)
			}
		}
	}
	return c, nil
}

// Communes returns the Da Nang commune-level units (94 since 1 July 2025).
func Communes() ([]model.Commune, error) {
	rows, err := csv.NewReader(bytes.NewReader(communesCSV)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read communes: %w", err)
	}
	var out []model.Commune
	for i, r := range rows {
		if i == 0 || len(r) < 3 {
			continue
		}
		out = append(out, model.Commune{Code: r[0], Name: r[1], Kind: r[2]})
	}
	return out, nil
}

// Provinces returns Vietnam's 34 province-level units since 1 July 2025,
// Da Nang first (the kit's own), for addresses outside Da Nang.
func Provinces() ([]model.Province, error) {
	r := csv.NewReader(bytes.NewReader(provincesCSV))
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read provinces: %w", err)
	}
	var out []model.Province
	for i, row := range rows {
		if i == 0 || len(row) < 2 {
			continue
		}
		out = append(out, model.Province{Code: row[0], Name: row[1]})
	}
	return out, nil
}
