package web

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
)

type procedureStore interface {
	SearchProcedures(ctx context.Context, q string, limit int) ([]model.ProcedureSummary, error)
	Procedure(ctx context.Context, code string) (*model.Procedure, error)
}

func (s *server) handleSearchProcedures(c *fiber.Ctx) error {
	procs, err := s.Store.SearchProcedures(ctx(c), c.Query("q"), queryInt(c, "limit", 20))
	if err != nil {
		return err
	}
	if procs == nil {
		procs = []model.ProcedureSummary{}
	}
	return c.JSON(fiber.Map{"procedures": procs})
}

func (s *server) handleGetProcedure(c *fiber.Ctx) error {
	p, err := s.Store.Procedure(ctx(c), c.Params("code"))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (s *server) handleCommunes(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"communes": s.Communes})
}
