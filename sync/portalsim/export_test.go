package portalsim

// SetBeforeCreate lets external tests hold a create while it owns its
// Idempotency-Key.
func SetBeforeCreate(s *Server, f func(key string)) { s.beforeCreate = f }
