// Package model holds Field Kit's domain: procedures from the catalog,
// applicants, dossiers with their lifecycle state machine, documents, and
// the typed errors every layer maps to HTTP statuses and messages.
//
// It imports nothing of the project; every other package may import it.
package model
