package web

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// decodeJSON reads a JSON body of at most maxJSONBody bytes into v. It
// reads the body as it came over the wire (fasthttp's Request.Body,
// bounded by the server's BodyLimit), never Fiber's c.Body(), which
// inflates a compressed body with no bound on what it produces: even if
// refuseEncodedBodies were bypassed, at most the bytes received are held.
func decodeJSON(c *fiber.Ctx, v any) error {
	if n := c.Request().Header.ContentLength(); n > maxJSONBody {
		return fiber.NewError(fiber.StatusRequestEntityTooLarge, "The request is too large.")
	}
	body := c.Request().Body()
	if len(body) > maxJSONBody {
		return fiber.NewError(fiber.StatusRequestEntityTooLarge, "The request is too large.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		return badRequest("The request is not valid JSON: " + err.Error())
	}
	return nil
}

// queryInt reads a non-negative integer query parameter.
func queryInt(c *fiber.Ctx, name string, def int) int {
	n, err := strconv.Atoi(c.Query(name))
	if err != nil || n < 0 {
		return def
	}
	return n
}
